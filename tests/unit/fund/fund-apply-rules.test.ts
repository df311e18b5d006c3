import { describe, expect, it } from "vitest";
import {
  checkApplication,
  problemParams,
  type ApplicationDraft,
  type RoundRules,
} from "~/modules/fund/rules";

const rules: RoundRules = {
  maxPerProjectCents: 150_000,
  maxPerItemCents: 41_000,
  volunteerRateCents: 800,
  minOwnContributionPercent: null,
  earliestProjectStart: null,
  decisionDate: "2027-03-10",
  pots: [
    { kind: "investive", amountCents: 500_000, grantedCents: 376_000, returnedCents: 0 },
    { kind: "non_investive", amountCents: 500_000, grantedCents: 0, returnedCents: 0 },
  ],
};

const complete: ApplicationDraft = {
  applicantKind: "person",
  applicantName: "Aylin Demir",
  contactEmail: "aylin@example.org",
  contactPhone: "",
  organisation: "",
  organisationRegistered: null,
  title: "Hochbeete im Hof",
  description: "Wir bauen drei Hochbeete.",
  hasPlace: true,
  insideArea: true,
  startsOn: "2027-04-01",
  endsOn: "2027-09-30",
  targetGroups: ["neighbours"],
  expectedParticipants: 30,
  costLines: [
    { description: "Holz", amountCents: 30_000, potKind: "investive" },
    { description: "", amountCents: null, potKind: "investive" },
    { description: "Erde", amountCents: 10_000, potKind: "non_investive" },
  ],
  ownMoneyCents: 0,
  volunteerHours: 0,
  requestedCents: 40_000,
};

const today = "2027-02-01";
const check = (
  change: Partial<ApplicationDraft>,
  roundChange: Partial<RoundRules> = {},
  mode: "draft" | "submit" = "submit",
) => checkApplication({ ...complete, ...change }, { ...rules, ...roundChange }, { today, mode });
const keys = (result: ReturnType<typeof check>) => result.errors.map((p) => p.key);

describe("checkApplication", () => {
  it("passes a complete application within the rules", () => {
    const result = check({});
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.totals.totalCents).toBe(40_000);
  });

  it("cap per item: exactly at the cap passes, one cent over fails with the position", () => {
    const at = check({
      costLines: [{ description: "Laptop", amountCents: 41_000, potKind: "investive" }],
      requestedCents: 41_000,
    });
    expect(keys(at)).toEqual([]);
    const over = check({
      costLines: [
        { description: "Holz", amountCents: 100, potKind: "investive" },
        { description: "", amountCents: null, potKind: "investive" },
        { description: "Erde", amountCents: 100, potKind: "investive" },
        { description: "Laptop", amountCents: 41_001, potKind: "investive" },
      ],
      requestedCents: 100,
    });
    expect(over.errors).toEqual([
      {
        key: "item-over-cap",
        field: "costLines[3].amount",
        params: { line: 3, capCents: 41_000 },
      },
    ]);
  });

  it("maximum per project: at the maximum passes, one cent over fails", () => {
    const lines = [
      { description: "A", amountCents: 40_000, potKind: "non_investive" as const },
      { description: "B", amountCents: 40_000, potKind: "non_investive" as const },
      { description: "C", amountCents: 40_000, potKind: "non_investive" as const },
      { description: "D", amountCents: 40_000, potKind: "non_investive" as const },
    ];
    expect(keys(check({ costLines: lines, requestedCents: 150_000 }))).toEqual([]);
    expect(keys(check({ costLines: lines, requestedCents: 150_001 }))).toEqual([
      "requested-over-max",
    ]);
  });

  it("requested at most total cost minus own contribution (money and hours × rate)", () => {
    expect(keys(check({ ownMoneyCents: 5_000, requestedCents: 35_000 }))).toEqual([]);
    expect(keys(check({ ownMoneyCents: 5_000, requestedCents: 35_001 }))).toEqual([
      "requested-over-need",
    ]);
    // 10 hours at 8 € = 80 €
    expect(keys(check({ volunteerHours: 10, requestedCents: 32_000 }))).toEqual([]);
    const over = check({ volunteerHours: 10, requestedCents: 32_001 });
    expect(over.errors[0]).toMatchObject({
      key: "requested-over-need",
      params: { needCents: 32_000, ownCents: 8_000, totalCents: 40_000 },
    });
  });

  it("minimum own contribution in percent, when the round has one", () => {
    const round = { minOwnContributionPercent: 10 };
    // 10 % of 400 € = 40 €: 5 hours at 8 €
    expect(keys(check({ volunteerHours: 5, requestedCents: 36_000 }, round))).toEqual([]);
    const short = check({ volunteerHours: 4, ownMoneyCents: 799, requestedCents: 36_000 }, round);
    expect(short.errors).toEqual([
      {
        key: "own-below-minimum",
        field: "ownMoney",
        params: { percent: 10, minCents: 4_000, ownCents: 3_999 },
      },
    ]);
    expect(keys(check({ requestedCents: 36_000 }, { minOwnContributionPercent: null }))).toEqual(
      [],
    );
  });

  it("project start: not before the decision, on the decision day is fine", () => {
    expect(keys(check({ startsOn: "2027-03-10" }))).toEqual([]);
    expect(check({ startsOn: "2027-03-09" }).errors).toEqual([
      { key: "start-before-decision", field: "startsOn", params: { date: "2027-03-10" } },
    ]);
  });

  it("project start: the round's earliest start wins over the decision date", () => {
    const round = { earliestProjectStart: "2027-05-01" };
    expect(keys(check({ startsOn: "2027-05-01" }, round))).toEqual([]);
    expect(keys(check({ startsOn: "2027-04-30" }, round))).toEqual(["start-before-earliest"]);
  });

  it("project start not in the past, end not before start", () => {
    expect(keys(check({ startsOn: today }, { decisionDate: null }))).toEqual([]);
    expect(keys(check({ startsOn: "2027-01-31" }, { decisionDate: null }))).toEqual([
      "start-in-past",
    ]);
    expect(keys(check({ endsOn: "2027-04-01" }))).toEqual([]);
    expect(keys(check({ endsOn: "2027-03-31" }))).toEqual(["end-before-start"]);
  });

  it("place inside the funding area", () => {
    expect(keys(check({ insideArea: false }))).toEqual(["outside-area"]);
    expect(keys(check({ insideArea: null }))).toEqual([]);
  });

  it("warns when a pot kind has less free than needed, with what is free", () => {
    // 1,240 € free in the investive pots
    const at = check({
      costLines: [
        { description: "A", amountCents: 41_000, potKind: "investive" },
        { description: "B", amountCents: 41_000, potKind: "investive" },
        { description: "C", amountCents: 41_000, potKind: "investive" },
        { description: "D", amountCents: 1_000, potKind: "investive" },
      ],
      requestedCents: 124_000,
    });
    expect(at.warnings).toEqual([]);
    const over = check({
      costLines: [
        { description: "A", amountCents: 41_000, potKind: "investive" },
        { description: "B", amountCents: 41_000, potKind: "investive" },
        { description: "C", amountCents: 41_000, potKind: "investive" },
        { description: "D", amountCents: 1_001, potKind: "investive" },
      ],
      requestedCents: 124_001,
    });
    expect(over.errors).toEqual([]);
    expect(over.warnings).toEqual([
      {
        key: "pot-short",
        field: "requested",
        params: { kind: "investive", freeCents: 124_000, neededCents: 124_001 },
      },
    ]);
  });

  it("warns when the round has no pot of a kind the plan needs", () => {
    const result = check({}, { pots: [rules.pots[0]!] });
    expect(result.warnings.map((w) => w.key)).toEqual(["pot-kind-missing"]);
  });

  it("needs at least one cost line and complete lines to submit", () => {
    expect(keys(check({ costLines: [], requestedCents: null }))).toEqual([
      "no-cost-lines",
      "requested-missing",
    ]);
    const incomplete = check({
      costLines: [{ description: "Holz", amountCents: null, potKind: "investive" }],
      requestedCents: 0,
    });
    expect(incomplete.errors.map((p) => [p.key, p.field])).toEqual([
      ["line-incomplete", "costLines[0].amount"],
      ["requested-missing", "requested"],
    ]);
  });

  it("requires the fields for submitting, but a draft may be incomplete", () => {
    const empty: Partial<ApplicationDraft> = {
      applicantKind: "association",
      applicantName: "",
      contactEmail: "",
      title: " ",
      description: "",
      hasPlace: false,
      insideArea: null,
      startsOn: "",
      endsOn: "",
      targetGroups: [],
      costLines: [],
      requestedCents: null,
    };
    expect(check(empty, {}, "draft").errors).toEqual([]);
    const fields = check(empty)
      .errors.filter((p) => p.key === "required")
      .map((p) => p.field);
    expect(fields).toEqual([
      "applicantName",
      "organisation",
      "organisationRegistered",
      "contact",
      "title",
      "description",
      "place",
      "startsOn",
      "endsOn",
      "targetGroups",
    ]);
    expect(keys(check({ contactEmail: "", contactPhone: "0341 123" }))).toEqual([]);
  });

  it("a draft is still checked against the rules for what it has", () => {
    const result = check(
      { costLines: [{ description: "Laptop", amountCents: 41_001, potKind: "investive" }] },
      {},
      "draft",
    );
    expect(keys(result)).toContain("item-over-cap");
  });

  it("formats parameters for the catalogue", () => {
    const params = problemParams(
      { key: "pot-short", field: "requested", params: { kind: "investive", freeCents: 124_000 } },
      { money: (c) => `${c / 100} €`, date: (d) => d, kind: (k) => `<${k}>` },
    );
    expect(params).toEqual({ kind: "<investive>", free: "1240 €" });
  });
});
