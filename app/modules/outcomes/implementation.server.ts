import { z } from "zod";
import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { mailQueued, queueMail } from "~/modules/mail/outbox.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import { publicStatuses } from "~/modules/proposals/statuses";
import { berlinLocalToDate, dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import { userText } from "~/utils/user-text.schema.server";
import {
  IMPLEMENTATION_NOTE_MAX,
  implementationStates,
  isImplementationState,
  nextImplementationStates,
  type ImplementationState,
} from "./implementation-states";

/**
 * What became of accepted initiatives ("Was ist daraus geworden?"). An
 * implementation record is created when a vote's result is published (the
 * votes module writes it directly, state "accepted", with the vote's id and
 * no note) or by staff for a decision outside a vote; staff then move it
 * along accepted → in_progress → done, each step with a dated public note.
 */

/** A date ("2027-03-12") or a Berlin date and time ("2027-03-12T18:00"), as the staff form sends it. */
const datePattern = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?$/;

/** The staff form's fields (the route adds its intent). Messages are catalogue keys. */
export const ImplementationInputSchema = z.object({
  state: z.enum(implementationStates, { error: "outcomes.errors.state" }),
  note: userText({ error: "outcomes.errors.noteRequired" })
    .min(1, "outcomes.errors.noteRequired")
    .max(IMPLEMENTATION_NOTE_MAX, "outcomes.errors.noteTooLong"),
  date: z
    .string({ error: "outcomes.errors.dateRequired" })
    .trim()
    .regex(datePattern, "outcomes.errors.invalid-date"),
});

export type RecordImplementationInput = {
  proposalId: string;
  state: ImplementationState;
  note: string;
  /** A Date, or Berlin wall-clock time as "2027-03-12" (that day) or "2027-03-12T18:00". */
  date: string | Date;
  staffId: string;
  now?: Date;
};

export type RecordImplementationRefusal =
  | "not-found"
  | "not-published"
  | "on-ballot"
  | "backwards"
  | "note-required"
  | "invalid-date"
  | "date-in-future"
  | "date-before-submission";

export type RecordImplementationResult =
  | { status: "ok"; recordId: string; created: boolean; stateChanged: boolean }
  | { status: "refused"; reason: RecordImplementationRefusal };

/** Dates a few minutes ahead are clock skew between a staff member's computer and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** "2027-03-12" is that day in Berlin (from midnight); with a time, that moment in Berlin. */
export function parseNoteDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const text = value.trim();
  if (!datePattern.test(text)) return null;
  return berlinLocalToDate(text.length === 10 ? `${text}T00:00` : text);
}

const berlinDay = (date: Date) => dateToBerlinLocal(date).slice(0, 10);

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

/**
 * Records a step of an accepted initiative's implementation: creates the
 * record if there is none (e.g. the office decided outside a vote), moves it
 * forward (accepted → in_progress → done; skipping a step is allowed, going
 * back is not), or adds a note in the same state. Every call adds one dated
 * public note and one audit entry, in one transaction.
 */
export async function recordImplementation(
  input: RecordImplementationInput,
): Promise<RecordImplementationResult> {
  const note = input.note.trim();
  if (!note) return { status: "refused", reason: "note-required" };
  const date = parseNoteDate(input.date);
  if (!date) return { status: "refused", reason: "invalid-date" };
  const now = input.now ?? new Date();
  if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { status: "refused", reason: "date-in-future" };
  }
  let result: RecordImplementationResult | undefined;
  // A vote's result or another staff member may create the record at the same
  // moment; the unique index on proposalId refuses the second create, and the
  // second attempt then finds the record.
  for (let attempt = 0; attempt < 2 && !result; attempt++) {
    try {
      result = await prisma.$transaction((tx) => writeImplementation(tx, input, note, date));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 0) throw error;
    }
  }
  if (result!.status === "ok") {
    publicDataChanged();
    mailQueued();
  }
  return result!;
}

async function writeImplementation(
  tx: Prisma.TransactionClient,
  input: RecordImplementationInput,
  note: string,
  date: Date,
): Promise<RecordImplementationResult> {
  const proposal = await tx.proposal.findUnique({
    where: { id: input.proposalId },
    select: {
      id: true,
      status: true,
      publishedAt: true,
      createdAt: true,
      implementation: { select: { id: true, state: true, voteId: true } },
      _count: { select: { voteOptions: { where: { vote: { resultsPublishedAt: null } } } } },
    },
  });
  if (!proposal) return { status: "refused", reason: "not-found" };
  // Only a published initiative can have been accepted.
  if (proposal.status !== "published" || !proposal.publishedAt) {
    return { status: "refused", reason: "not-published" };
  }
  if (berlinDay(date) < berlinDay(proposal.createdAt)) {
    return { status: "refused", reason: "date-before-submission" };
  }
  const existing = proposal.implementation;
  // While it is on the ballot of a vote still to be decided, the vote decides, not the office.
  if (!existing && proposal._count.voteOptions > 0) {
    return { status: "refused", reason: "on-ballot" };
  }
  if (existing && !nextImplementationStates(existing.state).includes(input.state)) {
    return { status: "refused", reason: "backwards" };
  }
  const record = existing
    ? // Any update moves updatedAt: the public list shows recent news first.
      await tx.implementationRecord.update({
        where: { id: existing.id },
        data: { state: input.state },
        select: { id: true },
      })
    : await tx.implementationRecord.create({
        data: { proposalId: proposal.id, state: input.state },
        select: { id: true },
      });
  const created = await tx.implementationNote.create({
    data: { recordId: record.id, state: input.state, body: note, date, staffId: input.staffId },
    select: { id: true },
  });
  const stateChanged = !existing || existing.state !== input.state;
  const noteAfter = { id: created.id, date: date.toISOString(), body: note };
  await recordAudit(tx, {
    staffId: input.staffId,
    action: !existing
      ? "implementation.created"
      : stateChanged
        ? "implementation.advanced"
        : "implementation.noted",
    entityType: "proposal",
    entityId: proposal.id,
    before: existing ? { state: existing.state, voteId: existing.voteId } : undefined,
    after: { recordId: record.id, state: input.state, note: noteAfter },
  });
  // The submitter hears about each new state, with this step's note (a note alone is no news by mail).
  if (stateChanged) {
    await queueMail(tx, proposal.id, {
      kind: "outcome",
      state: input.state,
      byVote: existing?.voteId != null,
      note,
      date: date.toISOString(),
    });
  }
  return { status: "ok", recordId: record.id, created: !existing, stateChanged };
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** The initiatives the public may see (the same rule as the public list). */
const publicProposalWhere = {
  publishedAt: { not: null },
  status: { in: [...publicStatuses] },
} satisfies Prisma.ProposalWhereInput;

const procedureSelect = {
  select: { id: true, state: true, title: true, description: true, translations: true },
} as const;

const recordSelect = {
  id: true,
  state: true,
  voteId: true,
  createdAt: true,
  updatedAt: true,
  proposal: {
    select: { id: true, title: true, category: true, district: true, procedure: procedureSelect },
  },
  notes: {
    orderBy: [{ date: "asc" }, { createdAt: "asc" }],
    select: { id: true, state: true, body: true, date: true },
  },
} as const satisfies Prisma.ImplementationRecordSelect;

type RecordRow = Prisma.ImplementationRecordGetPayload<{ select: typeof recordSelect }>;
type ProcedureRow = NonNullable<RecordRow["proposal"]["procedure"]>;

export type PublicImplementation = {
  id: string;
  state: ImplementationState;
  /** Accepted by a vote's result (else by a decision of the office). */
  byVote: boolean;
  acceptedAt: Date;
  updatedAt: Date;
  proposal: { id: string; title: string; category: string; district: string | null };
  /** The procedure it belongs to, when that procedure is public. */
  procedure: { id: string; title: string; titleLanguage: string } | null;
  /** Dated public notes, oldest first. Never who wrote them. */
  notes: Array<{ id: string; state: ImplementationState; body: string; date: Date }>;
};

const asState = (value: string): ImplementationState =>
  isImplementationState(value) ? value : "accepted";

/**
 * The procedure of each record: the initiative's own, or (for an initiative
 * accepted by a vote but not moved into its procedure) the vote's. Only
 * published or archived procedures are named in public.
 */
async function proceduresFor(rows: RecordRow[]): Promise<Map<string, ProcedureRow>> {
  const byRecord = new Map<string, ProcedureRow>();
  const missing = rows.filter((row) => !row.proposal.procedure && row.voteId);
  const votes = missing.length
    ? await prisma.vote.findMany({
        where: { id: { in: missing.map((row) => row.voteId!) } },
        select: { id: true, procedure: procedureSelect },
      })
    : [];
  const voteProcedure = new Map(votes.map((vote) => [vote.id, vote.procedure]));
  for (const row of rows) {
    const procedure =
      row.proposal.procedure ?? (row.voteId ? voteProcedure.get(row.voteId) : undefined);
    if (procedure && (procedure.state === "published" || procedure.state === "archived")) {
      byRecord.set(row.id, procedure);
    }
  }
  return byRecord;
}

function toPublic(
  row: RecordRow,
  procedure: ProcedureRow | undefined,
  language: string,
): PublicImplementation {
  const text = procedure ? localisedText(procedure, language) : null;
  return {
    id: row.id,
    state: asState(row.state),
    byVote: row.voteId !== null,
    acceptedAt: row.createdAt,
    updatedAt: row.updatedAt,
    proposal: {
      id: row.proposal.id,
      title: row.proposal.title,
      category: row.proposal.category,
      district: row.proposal.district,
    },
    procedure:
      procedure && text
        ? { id: procedure.id, title: text.title, titleLanguage: text.titleLanguage }
        : null,
    notes: row.notes.map((note) => ({
      id: note.id,
      state: asState(note.state),
      body: note.body,
      date: note.date,
    })),
  };
}

export const OUTCOMES_PAGE_SIZE = 20;

/**
 * Accepted initiatives with their implementation state, most recent news
 * first, for "Was ist daraus geworden?". Only public initiatives; nothing personal.
 */
export async function listImplementations(filter: {
  state?: ImplementationState;
  page: number;
  /** For procedure titles (German when there is no translation). */
  language?: string;
}) {
  const where: Prisma.ImplementationRecordWhereInput = {
    proposal: publicProposalWhere,
    ...(filter.state ? { state: filter.state } : {}),
  };
  const [groups, rows] = await Promise.all([
    prisma.implementationRecord.groupBy({
      by: ["state"],
      where: { proposal: publicProposalWhere },
      _count: { _all: true },
    }),
    prisma.implementationRecord.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * OUTCOMES_PAGE_SIZE,
      take: OUTCOMES_PAGE_SIZE,
      select: recordSelect,
    }),
  ]);
  const counts = Object.fromEntries(implementationStates.map((state) => [state, 0])) as Record<
    ImplementationState,
    number
  >;
  for (const group of groups) {
    if (isImplementationState(group.state)) counts[group.state] = group._count._all;
  }
  const all = implementationStates.reduce((sum, state) => sum + counts[state], 0);
  const total = filter.state ? counts[filter.state] : all;
  const procedures = await proceduresFor(rows);
  return {
    counts: { all, ...counts },
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / OUTCOMES_PAGE_SIZE)),
    items: rows.map((row) => toPublic(row, procedures.get(row.id), filter.language ?? "de")),
  };
}

/** One initiative's implementation for its public page and its tracking page; null without a record. */
export async function getImplementation(
  proposalId: string,
  language: string,
): Promise<PublicImplementation | null> {
  const row = await prisma.implementationRecord.findUnique({
    where: { proposalId },
    select: recordSelect,
  });
  if (!row) return null;
  const procedures = await proceduresFor([row]);
  return toPublic(row, procedures.get(row.id), language);
}

/** For the staff page: the record with who wrote each note. */
export async function getImplementationForStaff(proposalId: string) {
  const row = await prisma.implementationRecord.findUnique({
    where: { proposalId },
    select: {
      id: true,
      state: true,
      voteId: true,
      createdAt: true,
      notes: {
        orderBy: [{ date: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          state: true,
          body: true,
          date: true,
          createdAt: true,
          staff: { select: { name: true } },
        },
      },
    },
  });
  if (!row) return null;
  return {
    ...row,
    state: asState(row.state),
    nextStates: nextImplementationStates(row.state),
    notes: row.notes.map((note) => ({ ...note, state: asState(note.state) })),
  };
}
