/**
 * Voting methods for resident votes: configuration, ballot validation and the
 * rule text. Pure and isomorphic on purpose — the ballot page uses the same
 * functions as the server (the budget bar, the "too many points" hint), so
 * nothing here may import Prisma, `node:*` or zod.
 *
 * The server always re-validates a ballot with `validateBallot`; the browser
 * only uses it to explain a refusal before the form is sent.
 */

export const voteMethods = ["yes_no", "approval", "dot", "budget"] as const;
export type VoteMethod = (typeof voteMethods)[number];

export function isVoteMethod(value: unknown): value is VoteMethod {
  return typeof value === "string" && (voteMethods as ReadonlyArray<string>).includes(value);
}

/**
 * `minTurnout` is an absolute number of ballots (all channels together), not
 * a share: open votes have no electoral roll to take a share of.
 * `winners: null` means every initiative that passes is selected.
 */
export type YesNoConfig = { method: "yes_no"; minTurnout: number | null; winners: number | null };
/** `winners: null` selects every initiative with at least one approval. */
export type ApprovalConfig = { method: "approval"; maxChoices: number; winners: number | null };
/** "Punkte kleben": `points` per ballot, at most `maxPerOption` on one initiative. */
export type DotConfig = {
  method: "dot";
  points: number;
  maxPerOption: number;
  winners: number | null;
};
/** Money in integer cents everywhere, so sums never pick up float rounding. */
export type BudgetConfig = { method: "budget"; budgetCents: number };

export type MethodConfig = YesNoConfig | ApprovalConfig | DotConfig | BudgetConfig;

/** An initiative on the ballot. `costCents` is required (non-null) for budget votes only. */
export type VoteOption = { id: string; costCents: number | null };

export const yesNoAnswers = ["yes", "no", "abstain"] as const;
export type YesNoAnswer = (typeof yesNoAnswers)[number];

export type YesNoChoices = Record<string, YesNoAnswer>;
export type DotChoices = Record<string, number>;

/** The normalised ballot of each method, as stored and as added to an aggregate. */
export type BallotChoicesByMethod = {
  yes_no: YesNoChoices;
  approval: string[];
  dot: DotChoices;
  budget: string[];
};
export type BallotChoices = BallotChoicesByMethod[VoteMethod];
export type ChoicesFor<C extends MethodConfig> = BallotChoicesByMethod[C["method"]];

export type BallotRefusal =
  | "empty"
  | "unknown-option"
  | "too-many-choices"
  | "too-many-points"
  | "too-many-on-one"
  | "over-budget"
  | "invalid";

export type BallotValidation<T> = { ok: true; choices: T } | { ok: false; reason: BallotRefusal };

/**
 * Checks a ballot as it came from a form or a request body and returns it
 * normalised: ids deduplicated and sorted (plain code-unit order, so the
 * stored form is the same on every machine), dot entries with zero points
 * dropped. An option missing from a yes/no ballot is not voted on (it is not
 * an abstention); a ballot that only abstains is valid and counts as turnout.
 *
 * Strict about types: dot points must be numbers, not numeric strings — the
 * route's form schema coerces, this function decides.
 */
export function validateBallot<C extends MethodConfig>(
  config: C,
  options: ReadonlyArray<VoteOption>,
  choices: unknown,
): BallotValidation<ChoicesFor<C>>;
export function validateBallot(
  config: MethodConfig,
  options: ReadonlyArray<VoteOption>,
  choices: unknown,
): BallotValidation<BallotChoices> {
  const byId = new Map(options.map((option) => [option.id, option]));
  switch (config.method) {
    case "yes_no":
      return validateYesNo(byId, choices);
    case "approval":
      return validateApproval(config, byId, choices);
    case "dot":
      return validateDot(config, byId, choices);
    case "budget":
      return validateBudget(config, byId, choices);
  }
}

type OptionsById = ReadonlyMap<string, VoteOption>;

const refuse = (reason: BallotRefusal) => ({ ok: false, reason }) as const;

function validateYesNo(byId: OptionsById, raw: unknown): BallotValidation<YesNoChoices> {
  if (!isPlainRecord(raw)) return refuse("invalid");
  const entries: Array<[string, YesNoAnswer]> = [];
  for (const [id, answer] of Object.entries(raw)) {
    if (!isYesNoAnswer(answer)) return refuse("invalid");
    entries.push([id, answer]);
  }
  if (entries.some(([id]) => !byId.has(id))) return refuse("unknown-option");
  if (entries.length === 0) return refuse("empty");
  return { ok: true, choices: sortedRecord(entries) };
}

function validateApproval(
  config: ApprovalConfig,
  byId: OptionsById,
  raw: unknown,
): BallotValidation<string[]> {
  const ids = parseIdList(raw);
  if (ids === null) return refuse("invalid");
  if (ids.some((id) => !byId.has(id))) return refuse("unknown-option");
  if (ids.length === 0) return refuse("empty");
  if (ids.length > config.maxChoices) return refuse("too-many-choices");
  return { ok: true, choices: ids };
}

function validateDot(
  config: DotConfig,
  byId: OptionsById,
  raw: unknown,
): BallotValidation<DotChoices> {
  if (!isPlainRecord(raw)) return refuse("invalid");
  const entries: Array<[string, number]> = [];
  for (const [id, points] of Object.entries(raw)) {
    if (typeof points !== "number" || !Number.isSafeInteger(points) || points < 0) {
      return refuse("invalid");
    }
    entries.push([id, points]);
  }
  if (entries.some(([id]) => !byId.has(id))) return refuse("unknown-option");
  const given = entries.filter(([, points]) => points > 0);
  if (given.length === 0) return refuse("empty");
  // Per-option limit first: it is the more specific hint for the resident,
  // and it bounds every entry before they are summed.
  if (given.some(([, points]) => points > config.maxPerOption)) return refuse("too-many-on-one");
  const total = given.reduce((sum, [, points]) => sum + points, 0);
  if (total > config.points) return refuse("too-many-points");
  return { ok: true, choices: sortedRecord(given) };
}

function validateBudget(
  config: BudgetConfig,
  byId: OptionsById,
  raw: unknown,
): BallotValidation<string[]> {
  const ids = parseIdList(raw);
  if (ids === null) return refuse("invalid");
  if (ids.some((id) => !byId.has(id))) return refuse("unknown-option");
  if (ids.length === 0) return refuse("empty");
  let used = 0;
  for (const id of ids) {
    const cost = byId.get(id)?.costCents;
    // A budget option without a cost is a configuration error (`checkConfig`
    // reports it when the vote is set up). Counting it as free would let a
    // ballot overspend, so the ballot is refused instead.
    if (cost === null || cost === undefined) return refuse("invalid");
    used += cost;
  }
  if (used > config.budgetCents) return refuse("over-budget");
  return { ok: true, choices: ids };
}

/** Deduplicated, sorted ids, or null when the value is not a list of strings. */
function parseIdList(raw: unknown): string[] | null {
  if (!Array.isArray(raw)) return null;
  const ids = new Set<string>();
  for (const id of raw) {
    if (typeof id !== "string") return null;
    ids.add(id);
  }
  return [...ids].sort(compareIds);
}

/** Code-unit order: unlike `localeCompare` it is the same in every runtime and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Object.fromEntries` defines own properties, so an id like "__proto__" cannot touch the prototype. */
function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareIds(a, b)));
}

function isYesNoAnswer(value: unknown): value is YesNoAnswer {
  return typeof value === "string" && (yesNoAnswers as ReadonlyArray<string>).includes(value);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Cents taken by the chosen options — for the filling bar while a resident
 * ticks boxes. Display only: unknown ids and options without a cost count as
 * nothing here; `validateBallot` is what refuses them.
 */
export function budgetUsed(
  options: ReadonlyArray<VoteOption>,
  choices: ReadonlyArray<string>,
): number {
  const chosen = new Set(choices);
  return options.reduce(
    (sum, option) => (chosen.has(option.id) ? sum + (option.costCents ?? 0) : sum),
    0,
  );
}

export type BudgetBar = {
  usedCents: number;
  budgetCents: number;
  /** Negative when the ballot is over budget, so the page can say by how much. */
  remainingCents: number;
  /** 0…1 for the width of the bar; capped at 1 when over budget. */
  fraction: number;
  over: boolean;
};

export function budgetBar(
  config: BudgetConfig,
  options: ReadonlyArray<VoteOption>,
  choices: ReadonlyArray<string>,
): BudgetBar {
  const usedCents = budgetUsed(options, choices);
  const { budgetCents } = config;
  const fraction = budgetCents > 0 ? Math.min(usedCents / budgetCents, 1) : usedCents > 0 ? 1 : 0;
  return {
    usedCents,
    budgetCents,
    remainingCents: budgetCents - usedCents,
    fraction,
    over: usedCents > budgetCents,
  };
}

export type ConfigProblem =
  | { problem: "no-options" }
  | { problem: "duplicate-option"; optionId: string }
  | { problem: "invalid-number"; field: string }
  | { problem: "missing-cost"; optionId: string }
  | { problem: "invalid-cost"; optionId: string };

/**
 * Problems that make a vote impossible to run or to count, for the staff form
 * that opens a vote. `tally` refuses (throws on) a configuration with any of them.
 */
export function checkConfig(
  config: MethodConfig,
  options: ReadonlyArray<VoteOption>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (options.length === 0) problems.push({ problem: "no-options" });
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option.id)) problems.push({ problem: "duplicate-option", optionId: option.id });
    seen.add(option.id);
  }
  const positive = (field: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 1)
      problems.push({ problem: "invalid-number", field });
  };
  const optionalPositive = (field: string, value: number | null) => {
    if (value !== null) positive(field, value);
  };
  switch (config.method) {
    case "yes_no":
      optionalPositive("minTurnout", config.minTurnout);
      optionalPositive("winners", config.winners);
      break;
    case "approval":
      positive("maxChoices", config.maxChoices);
      optionalPositive("winners", config.winners);
      break;
    case "dot":
      positive("points", config.points);
      positive("maxPerOption", config.maxPerOption);
      optionalPositive("winners", config.winners);
      break;
    case "budget":
      positive("budgetCents", config.budgetCents);
      for (const option of options) {
        if (option.costCents === null) {
          problems.push({ problem: "missing-cost", optionId: option.id });
        } else if (!Number.isSafeInteger(option.costCents) || option.costCents < 0) {
          problems.push({ problem: "invalid-cost", optionId: option.id });
        }
      }
      break;
  }
  return problems;
}

/**
 * Every key `describeRule` can return, so the catalogue check can require
 * them in every language. Keys with a `count` param are plural keys in i18next
 * (`…_one`, `…_other`).
 */
export const ruleKeys = [
  "votes.rules.yesNo",
  "votes.rules.minTurnout",
  "votes.rules.passedWinners",
  "votes.rules.approval",
  "votes.rules.dot",
  "votes.rules.winners",
  "votes.rules.allWithVotes",
  "votes.rules.budget",
  "votes.rules.budgetGreedy",
  "votes.rules.budgetNoVotes",
  "votes.rules.ties",
] as const;
export type RuleKey = (typeof ruleKeys)[number];

/** Params are numbers only; the page formats them (`{{budget, currency(EUR)}}`, `{{count, number}}`). */
export type RuleText = { key: RuleKey; params: Record<string, number> };
/** One headline sentence and the sentences that complete it, in reading order. */
export type RuleDescription = RuleText & { details: RuleText[] };

/**
 * The rule in words, as translation keys. The page shows it next to the
 * ballot and the result, so residents can check the result against it.
 */
export function describeRule(config: MethodConfig): RuleDescription {
  const ties: RuleText = { key: "votes.rules.ties", params: {} };
  const winners = (count: number | null): RuleText =>
    count === null
      ? { key: "votes.rules.allWithVotes", params: {} }
      : { key: "votes.rules.winners", params: { count } };
  switch (config.method) {
    case "yes_no": {
      const details: RuleText[] = [];
      if (config.minTurnout !== null) {
        details.push({ key: "votes.rules.minTurnout", params: { count: config.minTurnout } });
      }
      if (config.winners !== null) {
        details.push({ key: "votes.rules.passedWinners", params: { count: config.winners } });
      }
      details.push(ties);
      return { key: "votes.rules.yesNo", params: {}, details };
    }
    case "approval":
      return {
        key: "votes.rules.approval",
        params: { count: config.maxChoices },
        details: [winners(config.winners), ties],
      };
    case "dot":
      return {
        key: "votes.rules.dot",
        params: { count: config.points, maxPerOption: config.maxPerOption },
        details: [winners(config.winners), ties],
      };
    case "budget":
      return {
        key: "votes.rules.budget",
        // Euros, because i18next's currency formatter takes the amount, not cents.
        params: { budget: config.budgetCents / 100 },
        details: [
          { key: "votes.rules.budgetGreedy", params: {} },
          { key: "votes.rules.budgetNoVotes", params: {} },
          ties,
        ],
      };
  }
}

/**
 * The settings form's fields for translations of the eligibility note, one per
 * UI language but German (the note itself is German; ~/i18n/config
 * translationLanguages, not imported: this module imports nothing else).
 */
export const eligibilityFields = [
  ["en", "eligibilityEn"],
  ["ar", "eligibilityAr"],
  ["tr", "eligibilityTr"],
  ["uk", "eligibilityUk"],
  ["ru", "eligibilityRu"],
] as const;

export type EligibilityField = (typeof eligibilityFields)[number][1];
