/**
 * The rules of a fund round, checked against an application. Pure (no server
 * imports, no zod): the application form runs it in the browser while people
 * type, and the server runs it again before anything is saved.
 *
 * Every problem is a catalogue key (`fund.rules.<key>`) with its parameters,
 * so that the browser and the server word it the same way in every language.
 * `errors` block submitting; `warnings` are said but do not block (the pots
 * may change before the decision).
 */
import { availableByKind, potKinds, type PotBalance, type PotKind } from "./pot-math";

export const targetGroups = [
  "children",
  "youth",
  "families",
  "seniors",
  "migrants",
  "neighbours",
  "unemployed",
  "disabled",
] as const;
export type TargetGroup = (typeof targetGroups)[number];

export function isTargetGroup(value: unknown): value is TargetGroup {
  return typeof value === "string" && (targetGroups as ReadonlyArray<string>).includes(value);
}

export const applicantKinds = ["person", "association"] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

/** Rows of the cost plan on the form (works without JavaScript: empty rows are ignored). */
export const COST_LINE_ROWS = 8;

export type RoundRules = {
  maxPerProjectCents: number;
  maxPerItemCents: number;
  volunteerRateCents: number;
  minOwnContributionPercent: number | null;
  /** "YYYY-MM-DD" (Berlin): the round's earliest project start, or null. */
  earliestProjectStart: string | null;
  /** "YYYY-MM-DD" (Berlin): the first day of the decision phase, used when there is no earliest start. */
  decisionDate: string | null;
  pots: ReadonlyArray<PotBalance & { kind: string }>;
};

export type CostLineDraft = {
  description: string;
  /** null: nothing (or nothing readable) typed. */
  amountCents: number | null;
  potKind: PotKind;
};

export type ApplicationDraft = {
  applicantKind: ApplicantKind;
  applicantName: string;
  contactEmail: string;
  contactPhone: string;
  organisation: string;
  /** null: not answered. */
  organisationRegistered: boolean | null;
  title: string;
  description: string;
  /** Whether a place is chosen, and whether it lies inside the funding area (null: unknown yet). */
  hasPlace: boolean;
  insideArea: boolean | null;
  /** "YYYY-MM-DD" or "" */
  startsOn: string;
  endsOn: string;
  targetGroups: ReadonlyArray<string>;
  expectedParticipants: number | null;
  /** The rows as typed; empty rows are skipped, positions count the rows that are filled. */
  costLines: ReadonlyArray<CostLineDraft>;
  ownMoneyCents: number;
  volunteerHours: number;
  requestedCents: number | null;
};

export type RuleProblemKey =
  | "required"
  | "no-cost-lines"
  | "line-incomplete"
  | "item-over-cap"
  | "requested-missing"
  | "requested-over-max"
  | "requested-over-need"
  | "own-below-minimum"
  | "start-before-earliest"
  | "start-before-decision"
  | "start-in-past"
  | "end-before-start"
  | "outside-area"
  | "pot-short"
  | "pot-kind-missing";

export type RuleProblem = {
  key: RuleProblemKey;
  /** The form field it belongs to (`costLines[2].amount`, `startsOn`, …). */
  field: string;
  params?: Record<string, string | number>;
};

export type RuleCheck = {
  errors: RuleProblem[];
  warnings: RuleProblem[];
  totals: {
    totalCents: number;
    ownCents: number;
    volunteerCents: number;
    /** The requested money each kind of pot would have to give. */
    neededByKind: Record<PotKind, number>;
    freeByKind: Record<PotKind, number>;
  };
};

/** The fields a submitted application must have (a draft may lack any of them). */
export const requiredFields = [
  "applicantName",
  "contact",
  "title",
  "description",
  "place",
  "startsOn",
  "endsOn",
  "targetGroups",
] as const;

const filled = (line: CostLineDraft) =>
  line.description.trim() !== "" || (line.amountCents !== null && line.amountCents !== 0);

/** The rows that count (not empty), with their position in the plan (1, 2, …) and row index. */
export function usedCostLines(lines: ReadonlyArray<CostLineDraft>) {
  let position = 0;
  const used: Array<CostLineDraft & { position: number; row: number }> = [];
  lines.forEach((line, row) => {
    if (filled(line)) used.push({ ...line, position: ++position, row });
  });
  return used;
}

/**
 * Checks a draft against the round's rules. `mode: "submit"` adds what a
 * submitted application must have; a draft is checked only for what is there.
 * `today` is "YYYY-MM-DD" in Berlin.
 */
export function checkApplication(
  draft: ApplicationDraft,
  rules: RoundRules,
  options: { today: string; mode: "draft" | "submit" },
): RuleCheck {
  const errors: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  const submit = options.mode === "submit";
  const required = (field: string, present: boolean) => {
    if (submit && !present) errors.push({ key: "required", field });
  };

  required("applicantName", draft.applicantName.trim() !== "");
  if (draft.applicantKind === "association") {
    required("organisation", draft.organisation.trim() !== "");
    required("organisationRegistered", draft.organisationRegistered !== null);
  }
  required("contact", draft.contactEmail.trim() !== "" || draft.contactPhone.trim() !== "");
  required("title", draft.title.trim() !== "");
  required("description", draft.description.trim() !== "");
  required("place", draft.hasPlace);
  required("startsOn", draft.startsOn !== "");
  required("endsOn", draft.endsOn !== "");
  required("targetGroups", draft.targetGroups.length > 0);

  if (draft.hasPlace && draft.insideArea === false) {
    errors.push({ key: "outside-area", field: "place" });
  }

  // Dates ("YYYY-MM-DD" compares as text).
  if (draft.startsOn) {
    if (draft.startsOn < options.today) {
      errors.push({ key: "start-in-past", field: "startsOn", params: { date: options.today } });
    }
    if (rules.earliestProjectStart && draft.startsOn < rules.earliestProjectStart) {
      errors.push({
        key: "start-before-earliest",
        field: "startsOn",
        params: { date: rules.earliestProjectStart },
      });
    } else if (
      !rules.earliestProjectStart &&
      rules.decisionDate &&
      draft.startsOn < rules.decisionDate
    ) {
      errors.push({
        key: "start-before-decision",
        field: "startsOn",
        params: { date: rules.decisionDate },
      });
    }
  }
  if (draft.startsOn && draft.endsOn && draft.endsOn < draft.startsOn) {
    errors.push({ key: "end-before-start", field: "endsOn" });
  }

  // The cost plan.
  const lines = usedCostLines(draft.costLines);
  if (submit && lines.length === 0) errors.push({ key: "no-cost-lines", field: "costLines" });
  const sumByKind: Record<PotKind, number> = { investive: 0, non_investive: 0 };
  for (const line of lines) {
    const amount = line.amountCents ?? 0;
    if (submit && (line.description.trim() === "" || line.amountCents === null)) {
      errors.push({
        key: "line-incomplete",
        field: `costLines[${line.row}].${line.description.trim() === "" ? "description" : "amount"}`,
        params: { line: line.position },
      });
    }
    if (amount > rules.maxPerItemCents) {
      errors.push({
        key: "item-over-cap",
        field: `costLines[${line.row}].amount`,
        params: { line: line.position, capCents: rules.maxPerItemCents },
      });
    }
    sumByKind[line.potKind] += amount;
  }
  const totalCents = sumByKind.investive + sumByKind.non_investive;

  // Own contribution: money plus voluntary hours at the round's rate.
  const volunteerCents = draft.volunteerHours * rules.volunteerRateCents;
  const ownCents = draft.ownMoneyCents + volunteerCents;
  if (rules.minOwnContributionPercent !== null && rules.minOwnContributionPercent > 0) {
    const minCents = Math.ceil((totalCents * rules.minOwnContributionPercent) / 100);
    if ((submit || lines.length > 0) && ownCents < minCents) {
      errors.push({
        key: "own-below-minimum",
        field: "ownMoney",
        params: { percent: rules.minOwnContributionPercent, minCents, ownCents },
      });
    }
  }

  // The requested amount.
  const requested = draft.requestedCents;
  if (submit && (requested === null || requested <= 0)) {
    errors.push({ key: "requested-missing", field: "requested" });
  }
  if (requested !== null && requested > rules.maxPerProjectCents) {
    errors.push({
      key: "requested-over-max",
      field: "requested",
      params: { maxCents: rules.maxPerProjectCents },
    });
  }
  const needCents = Math.max(0, totalCents - ownCents);
  if (
    requested !== null &&
    requested > 0 &&
    (submit || lines.length > 0) &&
    requested > needCents
  ) {
    errors.push({
      key: "requested-over-need",
      field: "requested",
      params: { needCents, totalCents, ownCents },
    });
  }

  // What each kind of pot would have to give: the requested money covers the
  // investive lines first (purchases are what the fund is most often asked
  // for), the rest falls to the non-investive pot.
  const asked = Math.max(0, requested ?? 0);
  const neededInvestive = Math.min(asked, sumByKind.investive);
  const neededByKind: Record<PotKind, number> = {
    investive: neededInvestive,
    non_investive: Math.min(asked - neededInvestive, sumByKind.non_investive),
  };
  const freeByKind = availableByKind(rules.pots);
  for (const kind of potKinds) {
    if (neededByKind[kind] === 0) continue;
    const hasPot = rules.pots.some((pot) => pot.kind === kind);
    if (!hasPot) {
      warnings.push({ key: "pot-kind-missing", field: "costLines", params: { kind } });
    } else if (neededByKind[kind] > freeByKind[kind]) {
      warnings.push({
        key: "pot-short",
        field: "requested",
        params: { kind, freeCents: freeByKind[kind], neededCents: neededByKind[kind] },
      });
    }
  }

  return {
    errors,
    warnings,
    totals: { totalCents, ownCents, volunteerCents, neededByKind, freeByKind },
  };
}

/** The parameters of a problem ready for the catalogue: cents as "410 €", dates as "12. März 2027". */
export function problemParams(
  problem: RuleProblem,
  format: {
    money: (cents: number) => string;
    date: (isoDay: string) => string;
    kind: (kind: string) => string;
  },
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(problem.params ?? {})) {
    if (name.endsWith("Cents") && typeof value === "number") {
      out[name.slice(0, -"Cents".length)] = format.money(value);
    } else if (name === "date" && typeof value === "string") {
      out.date = format.date(value);
    } else if (name === "kind" && typeof value === "string") {
      out.kind = format.kind(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
