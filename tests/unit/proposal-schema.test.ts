import { describe, expect, it } from "vitest";
import { ProposalInputSchema } from "~/modules/proposals/proposal.schema.server";

const valid = {
  title: "Bänke im Rabet",
  description: "Mehr Sitzbänke im Rabet, damit Ältere sich ausruhen können.",
  category: "seniors",
  lon: 12.4029903,
  lat: 51.3434382,
};

function errorsOf(input: unknown) {
  const result = ProposalInputSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("proposal input schema (form and API)", () => {
  it("accepts a complete anonymous submission and trims text", () => {
    const result = ProposalInputSchema.parse({ ...valid, title: "  Bänke im Rabet  ", name: "" });
    expect(result.title).toBe("Bänke im Rabet");
    expect(result.name).toBeUndefined();
  });

  it("returns catalogue keys as messages, one per broken field", () => {
    expect(errorsOf({ ...valid, title: "abc", description: "zu kurz", category: "x" })).toEqual({
      title: "errors.title.tooShort",
      description: "errors.description.tooShort",
      category: "errors.category.invalid",
    });
  });

  it("requires a location and valid coordinates", () => {
    expect(errorsOf({ ...valid, lon: undefined, lat: undefined })).toMatchObject({
      lon: "errors.location.required",
      lat: "errors.location.required",
    });
    expect(errorsOf({ ...valid, lon: 181 })).toEqual({ lon: "errors.location.invalid" });
  });

  it("requires consent when an email address is given", () => {
    expect(errorsOf({ ...valid, email: "a@example.org" })).toEqual({
      consent: "errors.consent.required",
    });
    expect(errorsOf({ ...valid, email: "a@example.org", consent: true })).toEqual({});
    expect(errorsOf({ ...valid, email: "not-an-address", consent: true })).toEqual({
      email: "errors.email.invalid",
    });
  });
});
