import { z } from "zod";
import { userText } from "~/utils/user-text.schema.server";
import { parseMoney } from "./money";
import { potKinds } from "./pot-math";
import { applicantKinds, targetGroups } from "./rules";

/**
 * The application form on the server. Input: the fields as typed
 * (application-form.ts reads them from the body); output: clean values in
 * cents. Messages are catalogue keys. Completeness for submitting and the
 * round's rules are checked afterwards by rules.ts (a draft may be
 * incomplete); this schema only refuses what cannot be stored.
 */
export const applicationLimits = {
  name: 200,
  organisation: 200,
  email: 200,
  phone: 50,
  address: 300,
  title: 120,
  description: 4_000,
  line: 200,
  participants: 100_000,
  hours: 10_000,
} as const;

const text = (max: number) => userText().max(max, "fund.errors.tooLong");

const money = (language: string) =>
  z.string().transform((value, ctx) => {
    const parsed = parseMoney(value, language);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `fund.errors.money.${parsed.reason}` });
      return z.NEVER;
    }
    return parsed.cents;
  });

const wholeNumber = (max: number) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const number = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
        ctx.addIssue({ code: "custom", message: "fund.errors.wholeNumber" });
        return z.NEVER;
      }
      if (number > max) {
        ctx.addIssue({ code: "custom", message: "fund.errors.tooLarge" });
        return z.NEVER;
      }
      return number;
    });

const isoDay = z
  .string()
  .trim()
  .refine((value) => value === "" || isRealDay(value), "fund.errors.date")
  .transform((value) => value);

function isRealDay(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 2000 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const number = Number(value);
      if (!Number.isFinite(number) || number < min || number > max) {
        ctx.addIssue({ code: "custom", message: "errors.location.invalid" });
        return z.NEVER;
      }
      return number;
    });

/** Amounts are read the way people type them in the form's language ("1,240" is 1,240 € in English). */
export const applicationInputSchema = (language: string) =>
  z
    .object({
      // Nothing chosen (a row or radio group that was not sent): the form's default.
      applicantKind: z.preprocess(
        (value) => value || "person",
        z.enum(applicantKinds, { error: "fund.errors.choose" }),
      ),
      applicantName: text(applicationLimits.name),
      organisation: text(applicationLimits.organisation),
      organisationRegistered: z
        .enum(["", "yes", "no"], { error: "fund.errors.choose" })
        .transform((value) => (value === "" ? null : value === "yes")),
      contactEmail: z
        .string()
        .trim()
        .max(applicationLimits.email, "fund.errors.email")
        .refine((value) => value === "" || z.email().safeParse(value).success, "fund.errors.email"),
      contactPhone: z
        .string()
        .trim()
        .max(applicationLimits.phone, "fund.errors.phone")
        .refine((value) => /^[+0-9 ()/.-]*$/.test(value), "fund.errors.phone"),
      contactAddress: text(applicationLimits.address),
      title: text(applicationLimits.title),
      description: text(applicationLimits.description),
      lon: coordinate(-180, 180),
      lat: coordinate(-90, 90),
      startsOn: isoDay,
      endsOn: isoDay,
      targetGroups: z
        .array(z.enum(targetGroups, { error: "fund.errors.choose" }))
        .max(targetGroups.length)
        .transform((values) => [...new Set(values)]),
      expectedParticipants: wholeNumber(applicationLimits.participants),
      costLines: z
        .array(
          z.object({
            id: z.string().trim().max(40),
            description: text(applicationLimits.line),
            amount: money(language),
            potKind: z.preprocess(
              (value) => value || "investive",
              z.enum(potKinds, { error: "fund.errors.choose" }),
            ),
          }),
        )
        .max(40),
      ownMoney: money(language),
      volunteerHours: wholeNumber(applicationLimits.hours),
      requested: money(language),
    })
    .transform((value) => ({
      applicantKind: value.applicantKind,
      applicantName: value.applicantName,
      organisation: value.applicantKind === "association" ? value.organisation : "",
      organisationRegistered:
        value.applicantKind === "association" ? value.organisationRegistered : null,
      contactEmail: value.contactEmail,
      contactPhone: value.contactPhone,
      contactAddress: value.contactAddress,
      title: value.title,
      description: value.description,
      point: value.lon !== null && value.lat !== null ? { lon: value.lon, lat: value.lat } : null,
      startsOn: value.startsOn,
      endsOn: value.endsOn,
      targetGroups: value.targetGroups,
      expectedParticipants: value.expectedParticipants,
      costLines: value.costLines.map((line) => ({
        id: line.id,
        description: line.description,
        amountCents: line.amount,
        potKind: line.potKind,
      })),
      ownMoneyCents: value.ownMoney ?? 0,
      volunteerHours: value.volunteerHours ?? 0,
      requestedCents: value.requested,
    }));

export type ApplicationInput = z.output<ReturnType<typeof applicationInputSchema>>;

/** Staff review: one intent per command. */
export const ReviewActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("complete") }),
  z.object({
    intent: z.literal("return"),
    request: userText({ error: "fund.review.errors.requestRequired" })
      .min(1, "fund.review.errors.requestRequired")
      .max(2_000, "fund.errors.tooLong"),
  }),
  z.object({
    intent: z.literal("ineligible"),
    reason: userText({ error: "fund.review.errors.reasonRequired" })
      .min(1, "fund.review.errors.reasonRequired")
      .max(2_000, "fund.errors.tooLong"),
  }),
  z.object({ intent: z.literal("contact") }),
]);
export type ReviewAction = z.output<typeof ReviewActionSchema>;
