import { isPlainRecord, type VoteMethod } from "~/modules/votes/methods";

/**
 * What a ballot form holds, as typed: the same shape for the page (pre-filled
 * from a stored ballot, or echoed back after a refusal) and for the action,
 * which checks it with zod before turning it into the method's choices.
 * Isomorphic and without zod: the ballot page is light.
 *
 * Field names: `answer.<optionId>` (yes/no/abstain radios), `option` (one per
 * ticked approval or budget checkbox), `points.<optionId>` (dot voting).
 */
export type BallotValues = {
  channel: string;
  code: string;
  eligible: boolean;
  answers: Record<string, string>;
  selected: string[];
  points: Record<string, string>;
};

export const emptyBallotValues = (channel = ""): BallotValues => ({
  channel,
  code: "",
  eligible: false,
  answers: {},
  selected: [],
  points: {},
});

/** Lenient: keeps only fields of options on this ballot, with bounded lengths. */
export function readBallotValues(form: FormData, optionIds: ReadonlyArray<string>): BallotValues {
  const text = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, max) : "";
  };
  const known = new Set(optionIds);
  const answers: Record<string, string> = {};
  const points: Record<string, string> = {};
  for (const id of optionIds) {
    const answer = text(`answer.${id}`, 20);
    if (answer) answers[id] = answer;
    const given = text(`points.${id}`, 20);
    if (given) points[id] = given;
  }
  const selected = [
    ...new Set(form.getAll("option").filter((id): id is string => typeof id === "string")),
  ].filter((id) => known.has(id));
  return {
    channel: text("channel", 20),
    code: text("code", 64),
    eligible: form.get("eligible") === "yes",
    answers,
    selected,
    points,
  };
}

/** A stored ballot (`getBallotChoices`) as form values, to pre-fill a change. */
export function valuesFromChoices(
  method: VoteMethod,
  choices: unknown,
  base: BallotValues,
): BallotValues {
  switch (method) {
    case "yes_no":
      return isPlainRecord(choices)
        ? { ...base, answers: stringRecord(choices, (v) => typeof v === "string") }
        : base;
    case "approval":
    case "budget":
      return Array.isArray(choices)
        ? { ...base, selected: choices.filter((id): id is string => typeof id === "string") }
        : base;
    case "dot":
      return isPlainRecord(choices)
        ? { ...base, points: stringRecord(choices, (v) => typeof v === "number" && v > 0) }
        : base;
  }
}

function stringRecord(record: Record<string, unknown>, keep: (value: unknown) => boolean) {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => keep(value))
      .map(([id, value]) => [id, String(value)]),
  );
}

/** Dot points as typed → a number (empty is 0); NaN for anything that is not a whole number. */
export function pointsValue(typed: string | undefined): number {
  // Arabic-Indic and Persian digits count as the digits they are.
  const trimmed = (typed ?? "")
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  if (trimmed === "") return 0;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
