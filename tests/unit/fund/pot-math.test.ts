import { describe, expect, it } from "vitest";
import { availableByKind, potAvailable, potCommitted } from "~/modules/fund/pot-math";

describe("pot arithmetic", () => {
  it("is amount minus granted plus returned", () => {
    expect(potAvailable({ amountCents: 500_000, grantedCents: 376_000, returnedCents: 0 })).toBe(
      124_000,
    );
    expect(
      potAvailable({ amountCents: 500_000, grantedCents: 500_000, returnedCents: 12_050 }),
    ).toBe(12_050);
    expect(
      potCommitted({ amountCents: 500_000, grantedCents: 300_000, returnedCents: 20_000 }),
    ).toBe(280_000);
  });

  it("never reports a negative balance", () => {
    expect(potAvailable({ amountCents: 100, grantedCents: 300, returnedCents: 0 })).toBe(0);
  });

  it("sums the free money per kind over several pots and ignores unknown kinds", () => {
    const pots = [
      { kind: "investive", amountCents: 500_000, grantedCents: 100_000, returnedCents: 0 },
      { kind: "investive", amountCents: 100_000, grantedCents: 0, returnedCents: 0 },
      { kind: "non_investive", amountCents: 500_000, grantedCents: 499_999, returnedCents: 0 },
      { kind: "other", amountCents: 9, grantedCents: 0, returnedCents: 0 },
    ];
    expect(availableByKind(pots)).toEqual({ investive: 500_000, non_investive: 1 });
  });
});
