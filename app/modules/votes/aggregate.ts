import {
  compareIds,
  isPlainRecord,
  type ApprovalConfig,
  type BallotChoices,
  type BudgetConfig,
  type DotConfig,
  type MethodConfig,
  type VoteOption,
  type YesNoConfig,
} from "~/modules/votes/methods";

/**
 * Per-channel totals. Single ballots (codes, open votes) are folded in with
 * `addBallot`; counted batches (paper, show of hands) arrive in this same
 * shape and are checked with `validateAggregate`. The tally only ever sees
 * aggregates, so both kinds are counted by the same code.
 */
export type YesNoScore = { yes: number; no: number; abstain: number };
/** Approval and budget ballots give 1 point per chosen option; dot ballots their points. */
export type PointsScore = { points: number };
export type Score = YesNoScore | PointsScore;

export type ChannelAggregate = {
  /** Valid ballots in this channel; the turnout counts these. */
  ballots: number;
  options: Record<string, Score>;
};

export function isYesNoScore(score: Score): score is YesNoScore {
  return "yes" in score;
}

export function emptyScore(config: YesNoConfig): YesNoScore;
export function emptyScore(config: ApprovalConfig | DotConfig | BudgetConfig): PointsScore;
export function emptyScore(config: MethodConfig): Score;
export function emptyScore(config: MethodConfig): Score {
  return config.method === "yes_no" ? { yes: 0, no: 0, abstain: 0 } : { points: 0 };
}

/** An aggregate with a zero score for every option, so result tables have no holes. */
export function emptyAggregate(
  config: MethodConfig,
  options: ReadonlyArray<VoteOption>,
): ChannelAggregate {
  return {
    ballots: 0,
    options: Object.fromEntries(options.map((option) => [option.id, emptyScore(config)])),
  };
}

export function addScores(a: Score, b: Score): Score {
  if (isYesNoScore(a) && isYesNoScore(b)) {
    return { yes: a.yes + b.yes, no: a.no + b.no, abstain: a.abstain + b.abstain };
  }
  if (!isYesNoScore(a) && !isYesNoScore(b)) return { points: a.points + b.points };
  throw new TypeError("votes: cannot add a yes/no score to a points score");
}

/**
 * Returns a new aggregate with one more ballot; the given one is left as it
 * was, so a caller can fold ballots without worrying about shared objects.
 * `choices` must come from `validateBallot` with the same config: a ballot of
 * another method's shape is a programming error and throws rather than being
 * counted wrongly.
 */
export function addBallot(
  aggregate: ChannelAggregate,
  config: MethodConfig,
  choices: BallotChoices,
): ChannelAggregate {
  const additions = new Map<string, Score>();
  switch (config.method) {
    case "yes_no": {
      if (Array.isArray(choices)) throw mismatch(config);
      for (const [id, answer] of Object.entries(choices)) {
        if (answer !== "yes" && answer !== "no" && answer !== "abstain") throw mismatch(config);
        additions.set(id, {
          yes: answer === "yes" ? 1 : 0,
          no: answer === "no" ? 1 : 0,
          abstain: answer === "abstain" ? 1 : 0,
        });
      }
      break;
    }
    case "approval":
    case "budget": {
      if (!Array.isArray(choices)) throw mismatch(config);
      for (const id of new Set(choices)) additions.set(id, { points: 1 });
      break;
    }
    case "dot": {
      if (Array.isArray(choices)) throw mismatch(config);
      for (const [id, points] of Object.entries(choices)) {
        if (typeof points !== "number") throw mismatch(config);
        if (points > 0) additions.set(id, { points });
      }
      break;
    }
  }
  const merged = new Map<string, Score>(Object.entries(aggregate.options));
  for (const [id, score] of additions) {
    merged.set(id, addScores(merged.get(id) ?? emptyScore(config), score));
  }
  return { ballots: aggregate.ballots + 1, options: Object.fromEntries(merged) };
}

function mismatch(config: MethodConfig) {
  return new TypeError(`votes: ballot does not have the shape of a ${config.method} ballot`);
}

export type AggregateRefusal = "invalid" | "unknown-option" | "implausible";
export type AggregateValidation =
  | { ok: true; aggregate: ChannelAggregate }
  | { ok: false; reason: AggregateRefusal; optionId?: string };

/**
 * Checks counted totals typed in by staff (a paper batch, a show of hands).
 * Besides the shape it checks that the numbers could have come from that
 * many valid ballots — the cheapest guard against a typo such as 300 for 30.
 * It cannot prove a count right; the batch and who entered it belong in the
 * audit log. Options left out count as zero; the result has every option.
 */
export function validateAggregate(
  config: MethodConfig,
  options: ReadonlyArray<VoteOption>,
  raw: unknown,
): AggregateValidation {
  if (!isPlainRecord(raw) || !isCount(raw.ballots) || !isPlainRecord(raw.options)) {
    return { ok: false, reason: "invalid" };
  }
  const ballots = raw.ballots;
  const byId = new Map(options.map((option) => [option.id, option]));
  const given = new Map<string, Score>();
  for (const [id, value] of Object.entries(raw.options)) {
    const score = parseScore(config, value);
    if (score === null) return { ok: false, reason: "invalid", optionId: id };
    given.set(id, score);
  }
  for (const id of given.keys()) {
    if (!byId.has(id)) return { ok: false, reason: "unknown-option", optionId: id };
  }

  const implausible = (optionId?: string): AggregateValidation =>
    optionId === undefined
      ? { ok: false, reason: "implausible" }
      : { ok: false, reason: "implausible", optionId };
  let totalPoints = 0;
  let totalCents = 0;
  for (const option of options) {
    const score = given.get(option.id);
    if (score === undefined) continue;
    if (isYesNoScore(score)) {
      // Each ballot answers each initiative at most once.
      if (score.yes + score.no + score.abstain > ballots) return implausible(option.id);
      continue;
    }
    const perBallot =
      config.method === "dot" ? config.maxPerOption : 1; /* approval, budget: one tick */
    if (score.points > ballots * perBallot) return implausible(option.id);
    totalPoints += score.points;
    totalCents += score.points * (option.costCents ?? 0);
  }
  if (config.method === "approval" && totalPoints > ballots * config.maxChoices) {
    return implausible();
  }
  if (config.method === "dot" && totalPoints > ballots * config.points) return implausible();
  if (config.method === "budget" && totalCents > ballots * config.budgetCents) return implausible();

  const ordered = options
    .map((option): [string, Score] => [option.id, given.get(option.id) ?? emptyScore(config)])
    .sort(([a], [b]) => compareIds(a, b));
  return { ok: true, aggregate: { ballots, options: Object.fromEntries(ordered) } };
}

function parseScore(config: MethodConfig, value: unknown): Score | null {
  if (!isPlainRecord(value)) return null;
  const keys = Object.keys(value).sort();
  if (config.method === "yes_no") {
    if (keys.join() !== "abstain,no,yes") return null;
    const { yes, no, abstain } = value;
    return isCount(yes) && isCount(no) && isCount(abstain) ? { yes, no, abstain } : null;
  }
  if (keys.join() !== "points") return null;
  return isCount(value.points) ? { points: value.points } : null;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
