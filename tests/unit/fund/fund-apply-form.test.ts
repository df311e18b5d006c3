import { describe, expect, it } from "vitest";
import {
  costLineRowCount,
  draftFromValues,
  fieldId,
  liveCheck,
  readApplicationForm,
} from "~/modules/fund/application-form";
import type { RoundRules } from "~/modules/fund/rules";

const rules: RoundRules = {
  maxPerProjectCents: 150_000,
  maxPerItemCents: 41_000,
  volunteerRateCents: 800,
  minOwnContributionPercent: null,
  earliestProjectStart: null,
  decisionDate: null,
  pots: [{ kind: "investive", amountCents: 100_000, grantedCents: 0, returnedCents: 0 }],
};

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

describe("the application form's fields", () => {
  it("reads the fixed rows, more when more are sent, and every target group", () => {
    const values = readApplicationForm(
      form({
        title: "Fest",
        targetGroups: ["children", "seniors"],
        "costLines[0].description": "Zelt",
        "costLines[0].amount": "410,01",
      }),
    );
    expect(values.costLines).toHaveLength(8);
    expect(values.costLines[0]).toEqual({
      id: "",
      description: "Zelt",
      amount: "410,01",
      potKind: "",
    });
    expect(values.targetGroups).toEqual(["children", "seniors"]);
    expect(
      costLineRowCount(form({ "costLines[8].description": "", "costLines[9].description": "" })),
    ).toBe(10);
  });

  it("turns typed values into a draft: unreadable money counts as not typed", () => {
    const values = readApplicationForm(
      form({
        "costLines[0].description": "Zelt",
        "costLines[0].amount": "abc",
        "costLines[0].potKind": "non_investive",
        ownMoney: "1.240",
        volunteerHours: "-3",
        requested: "99,5",
        lon: "12.4",
        lat: "51.3",
      }),
    );
    const draft = draftFromValues(values, "de", true);
    expect(draft.costLines[0]).toEqual({
      description: "Zelt",
      amountCents: null,
      potKind: "non_investive",
    });
    expect(draft).toMatchObject({
      ownMoneyCents: 124_000,
      volunteerHours: 0,
      requestedCents: 9_950,
      hasPlace: true,
      insideArea: true,
      applicantKind: "person",
    });
  });

  it("checks live: money that cannot be read, and the rules", () => {
    const values = readApplicationForm(
      form({
        "costLines[0].description": "Zelt",
        "costLines[0].amount": "410,01",
        "costLines[1].description": "Bänke",
        "costLines[1].amount": "12,345",
      }),
    );
    const result = liveCheck(values, rules, {
      language: "de",
      today: "2027-01-01",
      insideArea: null,
    });
    expect(result.money).toEqual([{ field: "costLines[1].amount", reason: "too-many-decimals" }]);
    expect(result.rules.errors.find((p) => p.key === "item-over-cap")).toMatchObject({
      field: "costLines[0].amount",
      params: { line: 1 },
    });
  });

  it("gives each field a stable element id", () => {
    expect(fieldId("costLines[2].amount")).toBe("fund-costLines-2-amount");
    expect(fieldId("title")).toBe("fund-title");
  });
});
