/**
 * The application form's fields as typed (strings), read from FormData the
 * same way in the browser (live rule check) and on the server (before the zod
 * schema). Pure: no zod, no server imports.
 */
import { parseMoney } from "./money";
import { isPotKind, type PotKind } from "./pot-math";
import { COST_LINE_ROWS, type ApplicationDraft, type RoundRules } from "./rules";
import { checkApplication, type RuleCheck } from "./rules";
import type { AddressHit } from "~/modules/addresses/addresses.server";
import type { PlaceConfirmation } from "~/modules/addresses/place.server";

export type CostLineValues = {
  /** The stored line's id (editing), or "". */
  id: string;
  description: string;
  amount: string;
  potKind: string;
};

export type ApplicationFormValues = {
  applicantKind: string;
  applicantName: string;
  organisation: string;
  /** "yes", "no" or "" */
  organisationRegistered: string;
  contactEmail: string;
  contactPhone: string;
  contactAddress: string;
  title: string;
  description: string;
  lon: string;
  lat: string;
  startsOn: string;
  endsOn: string;
  targetGroups: string[];
  expectedParticipants: string;
  costLines: CostLineValues[];
  ownMoney: string;
  volunteerHours: string;
  requested: string;
};

export const lineField = (
  row: number,
  name: "id" | "description" | "amount" | "potKind" | "quote",
) => `costLines[${row}].${name}`;

/** An element id for a field name ("costLines[2].amount" → "fund-costLines-2-amount"). */
export const fieldId = (name: string) => `fund-${name.replace(/[[\].]+/g, "-").replace(/-$/, "")}`;

type Readable = { get(name: string): unknown; getAll(name: string): unknown[] };

const text = (form: Readable, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** How many cost-line rows the form shows: at least COST_LINE_ROWS, more when sent. */
export function costLineRowCount(form: Readable): number {
  let rows = COST_LINE_ROWS;
  while (rows < 40 && form.get(lineField(rows, "description")) !== null) rows++;
  return rows;
}

export function readApplicationForm(form: Readable): ApplicationFormValues {
  const rows = costLineRowCount(form);
  return {
    applicantKind: text(form, "applicantKind"),
    applicantName: text(form, "applicantName"),
    organisation: text(form, "organisation"),
    organisationRegistered: text(form, "organisationRegistered"),
    contactEmail: text(form, "contactEmail"),
    contactPhone: text(form, "contactPhone"),
    contactAddress: text(form, "contactAddress"),
    title: text(form, "title"),
    description: text(form, "description"),
    lon: text(form, "lon"),
    lat: text(form, "lat"),
    startsOn: text(form, "startsOn"),
    endsOn: text(form, "endsOn"),
    targetGroups: form.getAll("targetGroups").filter((v): v is string => typeof v === "string"),
    expectedParticipants: text(form, "expectedParticipants"),
    costLines: Array.from({ length: rows }, (_, row) => ({
      id: text(form, lineField(row, "id")),
      description: text(form, lineField(row, "description")),
      amount: text(form, lineField(row, "amount")),
      potKind: text(form, lineField(row, "potKind")),
    })),
    ownMoney: text(form, "ownMoney"),
    volunteerHours: text(form, "volunteerHours"),
    requested: text(form, "requested"),
  };
}

const money = (value: string, language: string) => {
  const parsed = parseMoney(value, language);
  return parsed.ok ? parsed.cents : null;
};

const wholeNumber = (value: string) => {
  const number = Number(value.trim());
  return value.trim() !== "" && Number.isSafeInteger(number) && number >= 0 ? number : null;
};

/**
 * The typed values as a draft for the rule check, leniently: what cannot be
 * read counts as not typed (the browser says so at the field, the server's
 * schema refuses it).
 */
export function draftFromValues(
  values: ApplicationFormValues,
  language: string,
  insideArea: boolean | null,
): ApplicationDraft {
  const potKind = (value: string): PotKind => (isPotKind(value) ? value : "investive");
  return {
    applicantKind: values.applicantKind === "association" ? "association" : "person",
    applicantName: values.applicantName,
    contactEmail: values.contactEmail,
    contactPhone: values.contactPhone,
    organisation: values.organisation,
    organisationRegistered:
      values.organisationRegistered === "yes"
        ? true
        : values.organisationRegistered === "no"
          ? false
          : null,
    title: values.title,
    description: values.description,
    hasPlace: values.lon !== "" && values.lat !== "",
    insideArea,
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    targetGroups: values.targetGroups,
    expectedParticipants: wholeNumber(values.expectedParticipants),
    costLines: values.costLines.map((line) => ({
      description: line.description,
      amountCents: money(line.amount, language),
      potKind: potKind(line.potKind),
    })),
    ownMoneyCents: money(values.ownMoney, language) ?? 0,
    volunteerHours: wholeNumber(values.volunteerHours) ?? 0,
    requestedCents: money(values.requested, language),
  };
}

/** The money fields that cannot be read, with why (for the browser's live check). */
export function moneyProblems(
  values: ApplicationFormValues,
  language: string,
): Array<{ field: string; reason: string }> {
  const fields: Array<[string, string]> = [
    ["ownMoney", values.ownMoney],
    ["requested", values.requested],
    ...values.costLines.map((line, row): [string, string] => [
      lineField(row, "amount"),
      line.amount,
    ]),
  ];
  return fields.flatMap(([field, value]) => {
    const parsed = parseMoney(value, language);
    return parsed.ok ? [] : [{ field, reason: parsed.reason }];
  });
}

/** The browser's live check of the whole form. */
export function liveCheck(
  values: ApplicationFormValues,
  rules: RoundRules,
  options: { language: string; today: string; insideArea: boolean | null },
) {
  return {
    money: moneyProblems(values, options.language),
    rules: checkApplication(draftFromValues(values, options.language, options.insideArea), rules, {
      today: options.today,
      mode: "submit",
    }),
  };
}

export type ApplicationFormAnswer = {
  values: ApplicationFormValues;
  /** Catalogue keys per field (the server's schema). */
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
  /** The server's rule check (submit refused). */
  check?: RuleCheck;
  /** Problems with quote files: catalogue key and values, per field. */
  quoteProblems?: Array<{ field: string; message: string; values: Record<string, number> }>;
  /** Quote files were sent but not kept (the form is shown again). */
  quotesDropped?: boolean;
  addresses?: AddressHit[] | null;
  addressQuery?: string;
  place?: PlaceConfirmation | null;
};
