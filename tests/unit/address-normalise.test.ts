import { describe, expect, it } from "vitest";
import { normaliseAddress } from "~/modules/addresses/normalise";

describe("address search normalisation", () => {
  it("lets the usual spellings of one address meet", () => {
    const expected = "eisenbahnstrasse 54";
    expect(normaliseAddress("Eisenbahnstraße 54")).toBe(expected);
    expect(normaliseAddress("eisenbahnstr. 54")).toBe(expected);
    expect(normaliseAddress("Eisenbahnstr 54")).toBe(expected);
    expect(normaliseAddress("EISENBAHNSTRASSE54")).toBe(expected);
  });

  it("folds umlauts and keeps multi-word street names", () => {
    expect(normaliseAddress("Neustädter Straße 8")).toBe("neustaedter strasse 8");
    expect(normaliseAddress("Schulze-Delitzsch-Str. 3")).toBe("schulze delitzsch strasse 3");
  });
});
