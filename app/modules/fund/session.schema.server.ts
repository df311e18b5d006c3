import { z } from "zod";
import { berlinLocalToDate } from "~/utils/berlin-time";
import { decisionOutcomes, type Allocation } from "./decision-rules";
import { juryChoices } from "./quorum";
import { parseMoney } from "./money";

/**
 * Every input of the decision team's pages, checked on the server. Errors are
 * catalogue keys (fundSession.errors.*), shown in the visitor's language.
 */

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().max(max, { error: "fundSession.errors.tooLong" });

export const CreateSessionSchema = z.object({
  heldAt: z.string({ error: "fundSession.errors.dateRequired" }).transform((value, ctx) => {
    const date = berlinLocalToDate(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "fundSession.errors.dateRequired" });
      return z.NEVER;
    }
    return date;
  }),
  place: text(200).min(1, { error: "fundSession.errors.placeRequired" }),
});

export const ConflictSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("declare"), applicationId: id, note: text(500).optional() }),
  z.object({ intent: z.literal("withdraw"), applicationId: id }),
]);

export const RecusalSchema = z.object({
  intent: z.enum(["recuse", "unrecuse"]),
  applicationId: id,
  memberId: id,
});

export const VoteSchema = z.object({
  intent: z.literal("vote"),
  applicationId: id,
  memberId: id,
  choice: z.enum(juryChoices, { error: "fundSession.errors.choice" }),
});

const euroField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parsed = parseMoney(value ?? "");
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: "fundSession.errors.amount" });
      return z.NEVER;
    }
    return parsed.cents ?? 0;
  });

export const DecisionSchema = z.object({
  intent: z.literal("decide"),
  applicationId: id,
  outcome: z.enum(decisionOutcomes, { error: "fundSession.errors.outcome" }),
  amount: euroField,
  reason: text(2000).min(1, { error: "fundSession.errors.reasonRequired" }),
});

/** Attendance: the ids of the members ticked present. */
export function parseAttendance(formData: FormData): string[] {
  return formData
    .getAll("present")
    .filter((value): value is string => typeof value === "string" && value.length <= 64);
}

/**
 * The per-pot split: one field `pot-<potId>` per pot of the round, in euros.
 * Returns the allocations, or the ids of fields that could not be read.
 */
export function parseSplit(
  formData: FormData,
  potIds: ReadonlyArray<string>,
): { allocations: Allocation[]; unreadable: string[] } {
  const allocations: Allocation[] = [];
  const unreadable: string[] = [];
  for (const potId of potIds) {
    const raw = formData.get(`pot-${potId}`);
    if (typeof raw !== "string") continue;
    const parsed = parseMoney(raw);
    if (!parsed.ok) unreadable.push(potId);
    else if (parsed.cents !== null) allocations.push({ potId, amountCents: parsed.cents });
  }
  return { allocations, unreadable };
}

/** The form's fields as sent, to show them again after a refusal. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key !== "csrf" && typeof value === "string") values[key] = value.slice(0, 2000);
  }
  return values;
}
