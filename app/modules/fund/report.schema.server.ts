import { z } from "zod";
import { userText } from "~/utils/user-text.schema.server";
import { parseMoney } from "./money";
import { MAX_VOLUNTEER_HOURS, SUMMARY_MAX, actualField, receiptSlots } from "./report-policy";

/**
 * The spending report's form on the server. The cost lines come from the
 * application, so the schema is built per application: one amount field per line.
 */

export const ReportIntentSchema = z.enum(["save", "submit", "remove-file"]);
export type ReportIntent = z.infer<typeof ReportIntentSchema>;

/** An amount in euros as typed (money.ts); empty is "not entered" (null). */
const euroField = (language: string) =>
  z
    .string()
    .max(40, "fundReport.errors.amount")
    .transform((value, ctx) => {
      const parsed = parseMoney(value, language);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: "fundReport.errors.amount" });
        return z.NEVER;
      }
      return parsed.cents;
    });

const hoursField = z
  .string()
  .max(12)
  .transform((value, ctx) => {
    const trimmed = value.trim();
    if (trimmed === "") return 0;
    if (!/^[0-9]+$/.test(trimmed) || Number(trimmed) > MAX_VOLUNTEER_HOURS) {
      ctx.addIssue({ code: "custom", message: "fundReport.errors.hours" });
      return z.NEVER;
    }
    return Number(trimmed);
  });

export type ReportInput = {
  /** Actual cost per cost line id; null: not entered. */
  actuals: Record<string, number | null>;
  volunteerHours: number;
  summary: string;
};

export type ReportFormErrors = Record<string, string[]>;

export type ParsedReportForm =
  { status: "ok"; value: ReportInput } | { status: "invalid"; errors: ReportFormErrors };

/**
 * Reads the report's text fields. A draft may leave amounts and the report
 * text empty; a submission needs every line's amount (0 for nothing spent)
 * and the short report.
 */
export function parseReportForm(
  form: FormData,
  lineIds: ReadonlyArray<string>,
  intent: "save" | "submit",
  language = "de",
): ParsedReportForm {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const errors: ReportFormErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  const actuals: Record<string, number | null> = {};
  for (const id of lineIds) {
    const field = actualField(id);
    const parsed = euroField(language).safeParse(text(field));
    if (!parsed.success) add(field, parsed.error.issues[0]!.message);
    else if (parsed.data === null && intent === "submit")
      add(field, "fundReport.errors.amountRequired");
    else actuals[id] = parsed.data;
  }

  const hours = hoursField.safeParse(text("volunteerHours"));
  if (!hours.success) add("volunteerHours", hours.error.issues[0]!.message);

  const summarySchema =
    intent === "submit"
      ? userText()
          .min(1, "fundReport.errors.summaryRequired")
          .max(SUMMARY_MAX, "fundReport.errors.summaryTooLong")
      : userText().max(SUMMARY_MAX, "fundReport.errors.summaryTooLong");
  const summary = summarySchema.safeParse(text("summary"));
  if (!summary.success) add("summary", summary.error.issues[0]!.message);

  if (Object.keys(errors).length || !hours.success || !summary.success) {
    return { status: "invalid", errors };
  }
  return {
    status: "ok",
    value: { actuals, volunteerHours: hours.data, summary: summary.data },
  };
}

/** The cost line a receipt slot names: one of the application's lines, or none. */
export function receiptLineOf(
  form: FormData,
  slotFile: string,
  lineIds: ReadonlyArray<string>,
): string | null {
  const slot = receiptSlots.find((candidate) => candidate.file === slotFile);
  const value = slot ? form.get(slot.line) : null;
  return typeof value === "string" && lineIds.includes(value) ? value : null;
}

export const FileIdSchema = z.string().trim().min(1).max(40);

/** Staff record a payment: the amount paid out in euros and the day. */
export const paymentSchema = (language: string) =>
  z.object({
    amount: z
      .string()
      .max(40)
      .transform((value, ctx) => {
        const parsed = parseMoney(value, language);
        if (!parsed.ok || parsed.cents === null || parsed.cents <= 0) {
          ctx.addIssue({ code: "custom", message: "fundReport.errors.amount" });
          return z.NEVER;
        }
        return parsed.cents;
      }),
    paidOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "fundReport.errors.date")
      .transform((value, ctx) => {
        const date = new Date(`${value}T12:00:00Z`);
        if (Number.isNaN(date.getTime())) {
          ctx.addIssue({ code: "custom", message: "fundReport.errors.date" });
          return z.NEVER;
        }
        return date;
      }),
  });

/** Staff's questions back to the applicant. */
export const QuestionsSchema = z.object({
  message: userText()
    .min(1, "fundReport.errors.questionRequired")
    .max(2000, "fundReport.errors.questionTooLong"),
});

export const StaffIntentSchema = z.enum(["payment", "accept", "questions"]);
