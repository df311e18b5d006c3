import { z } from "zod";
import { berlinLocalToDate } from "~/utils/berlin-time";
import { userText } from "~/utils/user-text.schema.server";
import { potKinds } from "./pot-math";
import { parseMoney } from "./money";
import { quorumRules } from "./quorum";

/**
 * The admin forms of a fund round's staff page: rules, pots, members. Amounts
 * are typed in euros ("2000", "2.000", "410,50 €") and stored as integer cents.
 * Messages are catalogue keys (fundRounds.errors.*).
 */

const error = (key: string) => `fundRounds.errors.${key}`;

/** The most a pot or a rule amount may be: 10 million euros, far above any neighbourhood fund. */
const MAX_CENTS = 1_000_000_000;

const euroField = (key: string, { allowZero }: { allowZero: boolean }) =>
  z
    .string({ error: error(`${key}Required`) })
    .trim()
    .min(1, error(`${key}Required`))
    .max(30, error("amount"))
    .transform((text, ctx) => {
      const parsed = parseMoney(text, "de");
      const cents = parsed.ok ? parsed.cents : null;
      if (cents === null || cents > MAX_CENTS || (!allowZero && cents === 0)) {
        ctx.addIssue({ code: "custom", message: error("amount") });
        return z.NEVER;
      }
      return cents;
    });

const wholeNumber = (key: string, min: number, max: number) =>
  z
    .string({ error: error(key) })
    .trim()
    .regex(/^\d{1,4}$/, error(key))
    .transform(Number)
    .refine((value) => value >= min && value <= max, error(key));

export const RulesSchema = z.object({
  intent: z.literal("rules"),
  maxPerProject: euroField("maxPerProject", { allowZero: false }),
  maxPerItem: euroField("maxPerItem", { allowZero: false }),
  volunteerRate: euroField("volunteerRate", { allowZero: true }),
  // Empty: no minimum own contribution.
  minOwnContributionPercent: wholeNumber("percent", 1, 100).optional(),
  // A date (yyyy-mm-dd); empty: not before the decision session.
  earliestProjectStart: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, error("date"))
    .transform((value, ctx) => {
      const date = berlinLocalToDate(`${value}T00:00`);
      if (!date) {
        ctx.addIssue({ code: "custom", message: error("date") });
        return z.NEVER;
      }
      return date;
    })
    .optional(),
  reportDueDays: wholeNumber("reportDueDays", 1, 365),
  quorumRule: z.enum(quorumRules, { error: error("quorumRule") }),
});

const potFields = {
  name: userText({ error: error("potNameRequired") })
    .min(1, error("potNameRequired"))
    .max(80, error("potNameTooLong")),
  kind: z.enum(potKinds, { error: error("potKind") }),
  amount: euroField("potAmount", { allowZero: false }),
};

const id = z.string().trim().min(1).max(40);

/** Every admin action of the round page, by its `intent`. */
export const RoundActionSchema = z.discriminatedUnion("intent", [
  RulesSchema,
  z.object({ intent: z.literal("add-pot"), ...potFields }),
  z.object({ intent: z.literal("update-pot"), potId: id, ...potFields }),
  z.object({ intent: z.literal("remove-pot"), potId: id }),
  z.object({
    intent: z.literal("add-member"),
    staffId: z
      .string({ error: error("memberRequired") })
      .trim()
      .min(1, error("memberRequired"))
      .max(40),
    isChair: z.literal("on").optional(),
  }),
  z.object({ intent: z.literal("remove-member"), memberId: id }),
  z.object({ intent: z.literal("set-chair"), memberId: id }),
]);

export type RoundAction = z.output<typeof RoundActionSchema>;
