import { describe, expect, it } from "vitest";
import {
  centsToInput,
  MAX_EURO_CENTS,
  paperEntrySchema,
  parseEuroToCents,
  settingsToFormValues,
  tieBreakSchema,
  VoidCodeSchema,
  VoteSettingsSchema,
} from "~/modules/votes/vote.schema.server";

/**
 * The staff forms' schemas on their own (pure, no database): the euro parser
 * and the method-dependent vote settings. The routes using them are tested
 * in staff-procedures.test.ts and staff-procedures-votes.test.ts.
 */
describe("euros typed by staff → integer cents", () => {
  it.each([
    ["1.250,50", 125_050],
    ["1250,50", 125_050],
    ["1250.50", 125_050],
    ["1,250.50", 125_050],
    ["1250,5", 125_050],
    ["1250", 125_000],
    // One separator followed by three digits groups thousands, in either writing.
    ["1.250", 125_000],
    ["1,250", 125_000],
    ["1.000.000", 100_000_000],
    ["12,345,678.9", 1_234_567_890],
    ["10.000.000,00", 1_000_000_000],
    ["0,99", 99],
    ["0", 0],
    ["007", 700],
    ["1 250,50 €", 125_050],
    ["€ 1250", 125_000],
    ["1250 EUR", 125_000],
    ["1\u00a0250,50", 125_050],
    ["\uff11\uff12\uff15\uff10", 125_000], // full-width digits from a phone keyboard
  ])("%j → %i", (input, cents) => {
    expect(parseEuroToCents(input)).toBe(cents);
  });

  it.each([
    "",
    " ",
    "abc",
    "-5",
    "+5",
    "1250,505", // three decimals
    "1,2345",
    "1.25.0", // a misplaced group separator
    "1.2500",
    ",50",
    "12.50.000,00",
    "1,250,50",
    "1e3",
    "0x10",
    "100000000,01", // above the ceiling
    "9".repeat(20),
  ])("refuses %j", (input) => {
    expect(parseEuroToCents(input)).toBeNull();
  });

  it("never uses floating point: every cent value round-trips", () => {
    for (let cents = 0; cents < 2000; cents += 7) {
      expect(parseEuroToCents(centsToInput(cents))).toBe(cents);
    }
    expect(parseEuroToCents(centsToInput(MAX_EURO_CENTS))).toBe(MAX_EURO_CENTS);
    expect(centsToInput(125_050)).toBe("1250,50");
    expect(centsToInput(125_000)).toBe("1250");
    expect(centsToInput(5)).toBe("0,05");
  });
});

const base = { channels: ["code"], eligibilityNote: "Wer im Leipziger Osten wohnt." };

describe("vote settings per method", () => {
  it.each([
    [
      { method: "yes_no", minTurnout: "50", winners: "" },
      { method: "yes_no", minTurnout: 50, winners: null },
    ],
    [{ method: "yes_no" }, { method: "yes_no", minTurnout: null, winners: null }],
    [
      { method: "approval", maxChoices: "3", winners: "2" },
      { method: "approval", maxChoices: 3, winners: 2 },
    ],
    [
      { method: "dot", points: "10", maxPerOption: "3" },
      { method: "dot", points: 10, maxPerOption: 3, winners: null },
    ],
    [
      { method: "budget", budget: "12.500,00" },
      { method: "budget", budgetCents: 1_250_000 },
    ],
  ])("%j", (fields, config) => {
    const parsed = VoteSettingsSchema.safeParse({ ...base, ...fields });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.config).toEqual(config);
    expect(parsed.data?.method).toBe(fields.method);
  });

  it("ignores the fields of the methods not chosen, even when they are not numbers", () => {
    const parsed = VoteSettingsSchema.safeParse({
      ...base,
      method: "approval",
      maxChoices: "2",
      points: "viele",
      budget: "unbezahlbar",
    });
    expect(parsed.data?.config).toEqual({ method: "approval", maxChoices: 2, winners: null });
  });

  it.each([
    [{ method: "approval" }, "maxChoices", "staff.votes.errors.required"],
    [{ method: "approval", maxChoices: "0" }, "maxChoices", "staff.votes.errors.numberRange1"],
    [{ method: "approval", maxChoices: "2,5" }, "maxChoices", "staff.votes.errors.wholeNumber"],
    [{ method: "yes_no", winners: "x" }, "winners", "staff.votes.errors.wholeNumber"],
    [
      { method: "dot", points: "5", maxPerOption: "6" },
      "maxPerOption",
      "staff.votes.errors.maxPerOption",
    ],
    [{ method: "budget" }, "budget", "staff.votes.errors.required"],
    [{ method: "budget", budget: "12,5,0" }, "budget", "staff.votes.errors.money"],
    [{ method: "budget", budget: "0" }, "budget", "staff.votes.errors.money"],
    [{ method: "sortition" }, "method", "staff.votes.errors.methodRequired"],
    [
      { method: "approval", maxChoices: "2", channels: [] },
      "channels",
      "staff.votes.errors.channelsRequired",
    ],
    [{ method: "approval", maxChoices: "2", channels: ["phone"] }, "channels", undefined],
    [
      { method: "approval", maxChoices: "2", eligibilityNote: "" },
      "eligibilityNote",
      "staff.votes.errors.eligibilityRequired",
    ],
  ])("%j is refused on %s", (fields, path, message) => {
    const parsed = VoteSettingsSchema.safeParse({ ...base, ...fields });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((candidate) => candidate.path[0] === path);
    expect(issue, JSON.stringify(parsed.error?.issues)).toBeDefined();
    if (message) expect(issue?.message).toBe(message);
  });

  it("keeps translations of the eligibility note and the live-results switch", () => {
    const parsed = VoteSettingsSchema.parse({
      ...base,
      method: "approval",
      maxChoices: "1",
      channels: ["code", "paper", "code"],
      eligibilityEn: "People who live in Leipzig's east.",
      eligibilityAr: "",
      eligibilityTr: "Leipzig'in doğusunda yaşayanlar.",
      eligibilityUk: "",
      eligibilityRu: "Те, кто живёт на востоке Лейпцига.",
      liveResults: true,
    });
    expect(parsed).toMatchObject({
      channels: ["code", "paper"],
      eligibilityTranslations: {
        en: "People who live in Leipzig's east.",
        tr: "Leipzig'in doğusunda yaşayanlar.",
        ru: "Те, кто живёт на востоке Лейпцига.",
      },
      liveResults: true,
    });
  });

  it("turns stored settings back into the form's values", () => {
    const values = settingsToFormValues({
      method: "budget",
      config: { method: "budget", budgetCents: 1_250_050 },
      channels: ["code", "paper"],
      eligibilityNote: "Alle",
      eligibilityTranslations: { ar: "الجميع", uk: "Усі" },
      liveResults: false,
    });
    expect(values).toMatchObject({
      method: "budget",
      budget: "12500,50",
      eligibilityAr: "الجميع",
      eligibilityUk: "Усі",
    });
    expect(VoteSettingsSchema.parse({ ...values }).config).toEqual({
      method: "budget",
      budgetCents: 1_250_050,
    });
  });
});

describe("paper counts, codes and tie-breaks", () => {
  it("reads a count with one score per option and method; empty cells are zero", () => {
    const yesNo = paperEntrySchema("yes_no", ["a", "b"]).parse({
      batchId: "batch",
      ballots: 12,
      options: { a: { yes: 7, no: 3 }, b: {} },
    });
    expect(yesNo).toEqual({
      batchId: "batch",
      ballots: 12,
      options: { a: { yes: 7, no: 3, abstain: 0 }, b: { yes: 0, no: 0, abstain: 0 } },
    });
    const points = paperEntrySchema("dot", ["a"]).safeParse({
      batchId: "batch",
      ballots: 3,
      options: { a: { points: -1 } },
    });
    expect(points.error?.issues[0]?.message).toBe("staff.votes.errors.numberRange0");
    const missing = paperEntrySchema("approval", ["a"]).safeParse({
      batchId: "batch",
      options: {},
    });
    expect(missing.error?.issues[0]?.message).toBe("staff.votes.errors.ballotsRequired");
  });

  it("normalises a typed code and names a malformed one", () => {
    expect(VoidCodeSchema.parse({ code: " k7m4-xh3p-qr " }).code).toBe("K7M4XH3PQR");
    expect(VoidCodeSchema.safeParse({ code: "K7M4-XH3P-Q0" }).error?.issues[0]?.message).toBe(
      "staff.votes.errors.codeInvalid",
    );
  });

  it("orders tied options by the places staff give and requires a reason", () => {
    const schema = tieBreakSchema([
      ["a", "b"],
      ["c", "d", "e"],
    ]);
    expect(
      schema.parse({
        kind: "decision",
        reason: "Der Quartiersrat hat so entschieden.",
        place: { a: 2, b: 1, c: 3, d: 1, e: 2 },
      }),
    ).toEqual({
      kind: "decision",
      order: ["b", "a", "d", "e", "c"],
      reason: "Der Quartiersrat hat so entschieden.",
    });
    expect(schema.parse({ kind: "lot" })).toEqual({ kind: "lot" });
    const same = schema.safeParse({
      kind: "decision",
      reason: "x",
      place: { a: 1, b: 1, c: 1, d: 2, e: 3 },
    });
    expect(same.error?.issues.map((issue) => issue.path.join("."))).toEqual(["place.a", "place.b"]);
    const noReason = schema.safeParse({
      kind: "decision",
      place: { a: 1, b: 2, c: 1, d: 2, e: 3 },
    });
    expect(noReason.error?.issues[0]?.message).toBe("staff.votes.errors.tieReasonRequired");
  });
});
