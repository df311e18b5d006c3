import { z } from "zod";
import {
  pointsValue,
  readBallotValues,
  type BallotValues,
} from "~/components/procedures/ballot-values";
import { formatEuro } from "~/components/procedures/format";
import type { PhoneBallotInput } from "~/modules/meetings/meetings.server";
import type { CastRefusal } from "~/modules/votes/cast-ballot.server";
import {
  budgetUsed,
  yesNoAnswers,
  type BallotRefusal,
  type MethodConfig,
} from "~/modules/votes/methods";

/**
 * The phone's ballot form in a meeting, shared by the page's action (a form
 * post without JavaScript) and the JSON answer for the page's script
 * (app/routes/m.$code_.ballot.ts): the same fields, the same zod checks, the
 * same refusal messages.
 *
 * Fields: `round` (the voting round the page showed), then either `optionId`
 * and `answer` (yes/no/abstain on one initiative) or the online ballot's
 * fields for the whole vote (`answer.<optionId>`, `option`, `points.<optionId>`).
 * Only the server imports this file (actions): zod stays out of the browser.
 */

/** What the form held, as typed: echoed back into the form after a refusal. */
export type PhoneFormValues = {
  optionId: string;
  answer: string;
  ballot: BallotValues;
};

export type PhoneFormReading =
  | { ok: true; values: PhoneFormValues; round: number; ballot: PhoneBallotInput }
  | { ok: false; values: PhoneFormValues; reason: "choose-answer" | "invalid" };

const roundSchema = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

const questionSchema = z.object({
  round: roundSchema,
  optionId: z.string().min(1).max(64),
  answer: z.enum(yesNoAnswers),
});

const pointsSchema = z.record(
  z.string(),
  z.string().transform(pointsValue).pipe(z.number().int().min(0)),
);

function wholeBallotChoices(config: MethodConfig, values: BallotValues): unknown {
  switch (config.method) {
    case "yes_no": {
      const parsed = z.record(z.string(), z.enum(yesNoAnswers)).safeParse(values.answers);
      return parsed.success ? parsed.data : null;
    }
    case "approval":
    case "budget":
      return values.selected;
    case "dot": {
      const parsed = pointsSchema.safeParse(values.points);
      return parsed.success ? parsed.data : null;
    }
  }
}

export function readPhoneBallotForm(
  form: FormData,
  vote: { config: MethodConfig; optionIds: ReadonlyArray<string> },
): PhoneFormReading {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 64) : "";
  };
  const values: PhoneFormValues = {
    optionId: text("optionId"),
    answer: text("answer"),
    ballot: readBallotValues(form, vote.optionIds),
  };
  if (form.has("optionId")) {
    const parsed = questionSchema.safeParse({
      round: text("round"),
      optionId: values.optionId,
      answer: values.answer,
    });
    if (!parsed.success) {
      const missingAnswer = values.answer === "" && roundSchema.safeParse(text("round")).success;
      return { ok: false, values, reason: missingAnswer ? "choose-answer" : "invalid" };
    }
    const { round, optionId, answer } = parsed.data;
    return { ok: true, values, round, ballot: { kind: "question", optionId, answer } };
  }
  const round = roundSchema.safeParse(text("round"));
  const choices = wholeBallotChoices(vote.config, values.ballot);
  if (!round.success || choices === null) return { ok: false, values, reason: "invalid" };
  return { ok: true, values, round: round.data, ballot: { kind: "all", choices } };
}

export type PhoneRefusalReason =
  CastRefusal | "wrong-question" | "choose-answer" | "invalid" | "not-found";

/** Refusals of `validateBallot` that have their own message on the online ballot page. */
const choiceRefusals = [
  "empty",
  "unknown-option",
  "too-many-choices",
  "too-many-points",
  "too-many-on-one",
  "over-budget",
] as const satisfies ReadonlyArray<BallotRefusal>;

type Translate = (key: string, params?: Record<string, string>) => string;

/**
 * A refusal as the phone shows it: HTTP status and message. Nothing was
 * stored. 409 when the room has moved on (voting closed, another question,
 * the vote is over), 400 when the ballot itself is wrong, 404 for a meeting
 * that does not exist.
 */
export function phoneRefusal(
  refusal: { reason: PhoneRefusalReason; detail?: string },
  context: {
    t: Translate;
    language: string;
    config: MethodConfig;
    options: ReadonlyArray<{ id: string; costCents: number | null }>;
    /** What the phone sent, for the budget message ("your choice costs …"). */
    selected: ReadonlyArray<string>;
    /** The meeting takes ballots now (in another round than the phone's). */
    votingOpenNow: boolean;
  },
): { status: 400 | 404 | 409; message: string } {
  const { t, config } = context;
  switch (refusal.reason) {
    case "not-found":
      return { status: 404, message: t("meetingPhone.errors.notFound") };
    case "meeting-closed":
      return {
        status: 409,
        message: t(
          context.votingOpenNow ? "meetingPhone.errors.newRound" : "meetingPhone.errors.closed",
        ),
      };
    case "wrong-question":
      return { status: 409, message: t("meetingPhone.errors.wrongQuestion") };
    case "closed":
    case "phase":
      return { status: 409, message: t("ballot.errors.ended") };
    case "choose-answer":
      return { status: 400, message: t("meetingPhone.errors.chooseAnswer") };
    case "invalid-ballot": {
      const detail = choiceRefusals.find((known) => known === refusal.detail);
      if (!detail) return { status: 400, message: t("meetingPhone.errors.invalid") };
      const params: Record<string, string> = {};
      if (config.method === "approval") params.max = String(config.maxChoices);
      if (config.method === "dot") {
        params.points = String(config.points);
        params.max = String(config.maxPerOption);
      }
      if (config.method === "budget") {
        params.used = formatEuro(budgetUsed(context.options, context.selected), context.language);
        params.budget = formatEuro(config.budgetCents, context.language);
      }
      return { status: 400, message: t(`ballot.errors.choices.${detail}`, params) };
    }
    default:
      // invalid form, and what cannot happen to a phone (codes, channels, eligibility).
      return { status: 400, message: t("meetingPhone.errors.invalid") };
  }
}
