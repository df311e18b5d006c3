import { randomBytes } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import type { Prisma } from "~/db/generated/client";
import { defaultLanguage, isLanguage } from "~/i18n/config";
import { getTFor } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { mailQueued, queueMail } from "~/modules/mail/outbox.server";
import { currentSituation, type Phase, type PhaseSituation } from "~/modules/procedures/phases";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { publicDataChanged, voteCounted } from "~/modules/events/events.server";
import {
  addBallot,
  addScores,
  emptyAggregate,
  isYesNoScore,
  validateAggregate,
  type ChannelAggregate,
} from "~/modules/votes/aggregate";
import { channels as allChannels, isChannel, type Channel } from "~/modules/votes/channels";
import { generateCode } from "~/modules/votes/codes";
import {
  checkConfig,
  describeRule,
  isVoteMethod,
  validateBallot,
  type BallotChoices,
  type MethodConfig,
  type RuleDescription,
  type VoteMethod,
  type VoteOption as MethodOption,
} from "~/modules/votes/methods";
import { tally, type TallyResult, type TieBreak } from "~/modules/votes/tally";
import { codeHash, codeVoterKey, openVoterKey, parseCode } from "~/modules/votes/vote-keys.server";
import { prisma } from "~/utils/db.server";

export { getVoterBrowserKey } from "~/modules/votes/vote-keys.server";
export { renderCodeSheetPdf } from "~/modules/votes/code-sheet-pdf.server";

type Db = Prisma.TransactionClient | typeof prisma;

/** The channels a vote can switch on today ("phone" and "hand" are planned, see channels.ts). */
export const settableChannels = ["code", "open", "paper"] as const;
export type SettableChannel = (typeof settableChannels)[number];

export const MAX_CODES_PER_SHEET = 2000;

export type VoteSettingsInput = {
  method: VoteMethod;
  config: MethodConfig;
  channels: SettableChannel[];
  eligibilityNote: string;
  eligibilityTranslations: Record<string, string>;
  liveResults: boolean;
};

type Refused<R extends string> = { status: "refused"; reason: R };
const refused = <R extends string>(reason: R): Refused<R> => ({ status: "refused", reason });

// ---------------------------------------------------------------------------
// Stored JSON
// ---------------------------------------------------------------------------

/**
 * The method's settings as stored. Only written through `normaliseConfig`, so
 * the shape can be trusted; the method column wins over a stray `method` key.
 */
export function parseConfig(method: string, json: string): MethodConfig {
  const value: unknown = JSON.parse(json);
  return { ...(value as object), method } as MethodConfig;
}

function parseChannels(json: string): Channel[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isChannel) : [];
  } catch {
    return [];
  }
}

function parseTranslationsMap(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
      ),
    );
  } catch {
    return {};
  }
}

function parseTieBreak(json: string | null): TieBreak | null {
  if (!json) return null;
  const value = JSON.parse(json) as TieBreak;
  return value.kind === "lot" || value.kind === "decision" ? value : null;
}

/**
 * Copies only the fields of the chosen method, so a form that sent extra
 * keys stores nothing else, and a config of another method is refused.
 */
function normaliseConfig(input: VoteSettingsInput): MethodConfig | null {
  const config = input.config as Partial<Record<string, unknown>> | null;
  if (!isVoteMethod(input.method) || !config || config.method !== input.method) return null;
  const num = (value: unknown) => (typeof value === "number" ? value : NaN);
  const optionalNum = (value: unknown) =>
    value === null || value === undefined ? null : num(value);
  switch (input.method) {
    case "yes_no":
      return {
        method: "yes_no",
        minTurnout: optionalNum(config.minTurnout),
        winners: optionalNum(config.winners),
      };
    case "approval":
      return {
        method: "approval",
        maxChoices: num(config.maxChoices),
        winners: optionalNum(config.winners),
      };
    case "dot":
      return {
        method: "dot",
        points: num(config.points),
        maxPerOption: num(config.maxPerOption),
        winners: optionalNum(config.winners),
      };
    case "budget":
      return { method: "budget", budgetCents: num(config.budgetCents) };
  }
}

function configStorage(config: MethodConfig): string {
  // The method has its own column; the JSON holds the settings only.
  const { method: _method, ...settings } = config;
  return JSON.stringify(settings);
}

type SettingsCheck =
  | { ok: true; config: MethodConfig; channels: SettableChannel[]; translations: string }
  | { ok: false };

function checkSettings(
  input: VoteSettingsInput,
  options: ReadonlyArray<MethodOption>,
): SettingsCheck {
  const config = normaliseConfig(input);
  if (!config) return { ok: false };
  // A vote is set up before its options are added: "no options" is not a settings problem.
  const problems = checkConfig(config, options).filter(({ problem }) => problem !== "no-options");
  if (problems.length > 0) return { ok: false };
  if (!Array.isArray(input.channels)) return { ok: false };
  const channels = settableChannels.filter((channel) => input.channels.includes(channel));
  if (channels.length === 0 || channels.length !== new Set(input.channels).size)
    return { ok: false };
  if (typeof input.eligibilityNote !== "string" || typeof input.liveResults !== "boolean") {
    return { ok: false };
  }
  const translations = Object.fromEntries(
    Object.entries(input.eligibilityTranslations ?? {}).filter(
      ([language, text]) => language !== "de" && typeof text === "string" && text.trim() !== "",
    ),
  );
  return { ok: true, config, channels, translations: JSON.stringify(translations) };
}

// ---------------------------------------------------------------------------
// Open, closed, over
// ---------------------------------------------------------------------------

/**
 * Whether ballots are taken: the procedure is published, its voting phase is
 * running and staff have not closed the vote early. Pass `procedure` when the
 * caller has not already restricted itself to published procedures.
 */
export function isVoteOpen(
  vote: { closedAt: Date | string | null; procedure?: { state: string } | null },
  situation: PhaseSituation | null,
): boolean {
  if (vote.closedAt !== null) return false;
  if (vote.procedure && vote.procedure.state !== "published") return false;
  return situation === "voting";
}

/**
 * Whether the vote is over, so that results may be published and ties broken:
 * closed by staff, its voting phase has ended, or the procedure was archived.
 * Before the voting phase a vote is neither open nor over.
 */
function isVoteOver(
  vote: { closedAt: Date | null },
  procedure: { state: string; phases: ReadonlyArray<Phase> },
  now: Date,
): boolean {
  if (vote.closedAt !== null) return true;
  if (procedure.state === "archived") return true;
  const voting = procedure.phases.find((phase) => phase.kind === "voting");
  return voting !== undefined && now.getTime() >= voting.endsAt.getTime();
}

const phaseSelect = { select: { kind: true, startsAt: true, endsAt: true } } as const;

/** Ballots or paper counts exist: the ballot's options and the method are then fixed. */
async function hasBallots(db: Db, voteId: string): Promise<boolean> {
  const [ballot, entry] = await Promise.all([
    db.ballot.findFirst({ where: { voteId }, select: { id: true } }),
    db.paperEntry.findFirst({ where: { batch: { voteId } }, select: { id: true } }),
  ]);
  return ballot !== null || entry !== null;
}

// ---------------------------------------------------------------------------
// Setting up a vote
// ---------------------------------------------------------------------------

export type CreateVoteResult =
  | { status: "ok"; id: string }
  | Refused<"not-found" | "not-a-vote-procedure" | "invalid-config" | "archived">;

export async function createVote(
  procedureId: string,
  input: VoteSettingsInput,
  staffId: string,
): Promise<CreateVoteResult> {
  const settings = checkSettings(input, []);
  const result = await prisma.$transaction(async (tx): Promise<CreateVoteResult> => {
    const procedure = await tx.procedure.findUnique({
      where: { id: procedureId },
      select: { kind: true, state: true },
    });
    if (!procedure) return refused("not-found");
    if (procedure.kind !== "resident_vote") return refused("not-a-vote-procedure");
    if (procedure.state === "archived") return refused("archived");
    if (!settings.ok) return refused("invalid-config");
    const vote = await tx.vote.create({
      data: {
        procedureId,
        method: settings.config.method,
        config: configStorage(settings.config),
        channels: JSON.stringify(settings.channels),
        eligibilityNote: input.eligibilityNote.trim(),
        eligibilityTranslations: settings.translations,
        liveResults: input.liveResults,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId,
      action: "vote.created",
      entityType: "vote",
      entityId: vote.id,
      after: { procedureId, ...settingsForAudit(settings, input) },
    });
    return { status: "ok", id: vote.id };
  });
  if (result.status === "ok") publicDataChanged();
  return result;
}

function settingsForAudit(
  settings: Extract<SettingsCheck, { ok: true }>,
  input: VoteSettingsInput,
) {
  return {
    config: settings.config,
    channels: settings.channels,
    eligibilityNote: input.eligibilityNote.trim(),
    eligibilityTranslations: JSON.parse(settings.translations) as unknown,
    liveResults: input.liveResults,
  };
}

export type UpdateVoteResult =
  { status: "ok" } | Refused<"not-found" | "has-ballots" | "invalid-config" | "closed">;

/**
 * Changes a vote's settings. The method and its numbers are fixed once the
 * first ballot or paper count is in (they decide how ballots are read); the
 * eligibility note, channels and the live-results switch may still change
 * while the vote is not closed. Ballots of a channel switched off still count.
 */
export async function updateVote(
  voteId: string,
  input: VoteSettingsInput,
  staffId: string,
  now = new Date(),
): Promise<UpdateVoteResult> {
  const result = await prisma.$transaction(async (tx): Promise<UpdateVoteResult> => {
    const vote = await tx.vote.findUnique({
      where: { id: voteId },
      include: {
        options: { select: { id: true, estimatedCostCents: true } },
        procedure: { select: { state: true, phases: phaseSelect } },
      },
    });
    if (!vote) return refused("not-found");
    if (isVoteOver(vote, { ...vote.procedure, phases: vote.procedure.phases as Phase[] }, now)) {
      return refused("closed");
    }
    const settings = checkSettings(input, vote.options.map(methodOption));
    if (!settings.ok) return refused("invalid-config");
    const before = {
      config: parseConfig(vote.method, vote.config),
      channels: parseChannels(vote.channels),
      eligibilityNote: vote.eligibilityNote,
      eligibilityTranslations: parseTranslationsMap(vote.eligibilityTranslations),
      liveResults: vote.liveResults,
    };
    const methodChanged =
      configStorage(before.config) !== configStorage(settings.config) ||
      vote.method !== settings.config.method;
    if (methodChanged && (await hasBallots(tx, voteId))) return refused("has-ballots");
    await tx.vote.update({
      where: { id: voteId },
      data: {
        method: settings.config.method,
        config: configStorage(settings.config),
        channels: JSON.stringify(settings.channels),
        eligibilityNote: input.eligibilityNote.trim(),
        eligibilityTranslations: settings.translations,
        liveResults: input.liveResults,
      },
    });
    await recordAudit(tx, {
      staffId,
      action: "vote.updated",
      entityType: "vote",
      entityId: voteId,
      before,
      after: settingsForAudit(settings, input),
    });
    return { status: "ok" };
  });
  if (result.status === "ok") {
    publicDataChanged();
    voteCounted(voteId);
  }
  return result;
}

/**
 * Marks the vote as changed when its options change: `castBallot` validates
 * against a remembered copy of the ballot and writes only while the vote's
 * `updatedAt` is still the one it remembered.
 */
async function touchVote(tx: Prisma.TransactionClient, voteId: string) {
  await tx.vote.update({ where: { id: voteId }, data: { updatedAt: new Date() } });
}

const methodOption = (option: { id: string; estimatedCostCents: number | null }): MethodOption => ({
  id: option.id,
  costCents: option.estimatedCostCents,
});

function validCost(cost: number | null): boolean {
  return cost === null || (Number.isSafeInteger(cost) && cost >= 0);
}

export type AddVoteOptionResult =
  | { status: "ok"; id: string }
  | Refused<"not-found" | "not-published" | "cost-required" | "already-on-ballot" | "has-ballots">;

/**
 * Puts a published initiative on the ballot and moves it into the vote's
 * procedure (its page then shows the procedure). Budget votes need a cost.
 */
export async function addVoteOption(input: {
  voteId: string;
  proposalId: string;
  estimatedCostCents: number | null;
  staffId: string;
}): Promise<AddVoteOptionResult> {
  const { voteId, proposalId, estimatedCostCents, staffId } = input;
  const result = await prisma.$transaction(async (tx): Promise<AddVoteOptionResult> => {
    const [vote, proposal] = await Promise.all([
      tx.vote.findUnique({ where: { id: voteId }, select: { method: true, procedureId: true } }),
      tx.proposal.findUnique({
        where: { id: proposalId },
        select: { status: true, publishedAt: true, procedureId: true },
      }),
    ]);
    if (!vote || !proposal) return refused("not-found");
    if (proposal.status !== "published" || proposal.publishedAt === null) {
      return refused("not-published");
    }
    if (!validCost(estimatedCostCents)) return refused("cost-required");
    if (vote.method === "budget" && estimatedCostCents === null) return refused("cost-required");
    const existing = await tx.voteOption.findUnique({
      where: { voteId_proposalId: { voteId, proposalId } },
      select: { id: true },
    });
    if (existing) return refused("already-on-ballot");
    if (await hasBallots(tx, voteId)) return refused("has-ballots");
    const last = await tx.voteOption.aggregate({ where: { voteId }, _max: { position: true } });
    const option = await tx.voteOption.create({
      data: {
        voteId,
        proposalId,
        estimatedCostCents,
        position: (last._max.position ?? -1) + 1,
      },
      select: { id: true },
    });
    await touchVote(tx, voteId);
    if (proposal.procedureId !== vote.procedureId) {
      await tx.proposal.update({
        where: { id: proposalId },
        data: { procedureId: vote.procedureId },
      });
    }
    await recordAudit(tx, {
      staffId,
      action: "vote.optionAdded",
      entityType: "vote",
      entityId: voteId,
      before: { procedureId: proposal.procedureId },
      after: { optionId: option.id, proposalId, estimatedCostCents, procedureId: vote.procedureId },
    });
    return { status: "ok", id: option.id };
  });
  if (result.status === "ok") {
    publicDataChanged();
    voteCounted(input.voteId);
  }
  return result;
}

export type ChangeVoteOptionResult =
  { status: "ok" } | Refused<"not-found" | "has-ballots" | "cost-required">;

export async function updateVoteOption(input: {
  optionId: string;
  estimatedCostCents: number | null;
  staffId: string;
}): Promise<ChangeVoteOptionResult> {
  const { optionId, estimatedCostCents, staffId } = input;
  let voteId: string | null = null;
  const result = await prisma.$transaction(async (tx): Promise<ChangeVoteOptionResult> => {
    const option = await tx.voteOption.findUnique({
      where: { id: optionId },
      select: {
        voteId: true,
        proposalId: true,
        estimatedCostCents: true,
        vote: { select: { method: true } },
      },
    });
    if (!option) return refused("not-found");
    voteId = option.voteId;
    if (!validCost(estimatedCostCents)) return refused("cost-required");
    if (option.vote.method === "budget" && estimatedCostCents === null) {
      return refused("cost-required");
    }
    if (await hasBallots(tx, option.voteId)) return refused("has-ballots");
    await tx.voteOption.update({ where: { id: optionId }, data: { estimatedCostCents } });
    await touchVote(tx, option.voteId);
    await recordAudit(tx, {
      staffId,
      action: "vote.optionUpdated",
      entityType: "vote",
      entityId: option.voteId,
      before: {
        optionId,
        proposalId: option.proposalId,
        estimatedCostCents: option.estimatedCostCents,
      },
      after: { optionId, proposalId: option.proposalId, estimatedCostCents },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") {
    publicDataChanged();
    if (voteId !== null) voteCounted(voteId);
  }
  return result;
}

/** Takes an initiative off the ballot. It stays in the procedure as an idea. */
export async function removeVoteOption(input: {
  optionId: string;
  staffId: string;
}): Promise<ChangeVoteOptionResult> {
  const { optionId, staffId } = input;
  let voteId: string | null = null;
  const result = await prisma.$transaction(async (tx): Promise<ChangeVoteOptionResult> => {
    const option = await tx.voteOption.findUnique({
      where: { id: optionId },
      select: { voteId: true, proposalId: true, estimatedCostCents: true },
    });
    if (!option) return refused("not-found");
    voteId = option.voteId;
    if (await hasBallots(tx, option.voteId)) return refused("has-ballots");
    await tx.voteOption.delete({ where: { id: optionId } });
    await touchVote(tx, option.voteId);
    await recordAudit(tx, {
      staffId,
      action: "vote.optionRemoved",
      entityType: "vote",
      entityId: option.voteId,
      before: {
        optionId,
        proposalId: option.proposalId,
        estimatedCostCents: option.estimatedCostCents,
      },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") {
    publicDataChanged();
    if (voteId !== null) voteCounted(voteId);
  }
  return result;
}

/**
 * Published initiatives of the procedure's funding area that could go on the
 * ballot: not on it yet, free ideas or already in this procedure (not taken
 * from another procedure), and without a recorded outcome.
 */
export async function listEligibleProposals(
  voteId: string,
): Promise<Array<{ id: string; title: string; district: string | null; supportCount: number }>> {
  const vote = await prisma.vote.findUnique({
    where: { id: voteId },
    select: { procedureId: true, procedure: { select: { fundingAreaId: true } } },
  });
  if (!vote) return [];
  return prisma.proposal.findMany({
    where: {
      status: "published",
      publishedAt: { not: null },
      fundingAreaId: vote.procedure.fundingAreaId,
      OR: [{ procedureId: null }, { procedureId: vote.procedureId }],
      voteOptions: { none: { voteId } },
      implementation: null,
    },
    orderBy: [{ supportCount: "desc" }, { publishedAt: "desc" }],
    select: { id: true, title: true, district: true, supportCount: true },
  });
}

// ---------------------------------------------------------------------------
// Reading a vote
// ---------------------------------------------------------------------------

export type BallotOption = {
  id: string;
  proposalId: string;
  title: string;
  district: string | null;
  costCents: number | null;
  lon: number;
  lat: number;
};

export type VoteForBallot = {
  vote: {
    id: string;
    method: VoteMethod;
    config: MethodConfig;
    channels: Channel[];
    eligibilityNote: string;
    liveResults: boolean;
    closedAt: Date | null;
    resultsPublishedAt: Date | null;
  };
  procedure: { id: string; title: string; description: string; situation: PhaseSituation };
  options: BallotOption[];
  isOpen: boolean;
  budgetCents?: number;
};

/** The ballot page's data; null for an unknown vote or one of an unpublished procedure. */
export async function getVoteForBallot(
  voteId: string,
  language: string,
  now = new Date(),
): Promise<VoteForBallot | null> {
  const vote = await prisma.vote.findFirst({
    where: { id: voteId, procedure: { state: { in: ["published", "archived"] } } },
    include: {
      procedure: {
        select: {
          id: true,
          state: true,
          title: true,
          description: true,
          translations: true,
          phases: phaseSelect,
        },
      },
      options: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          proposalId: true,
          estimatedCostCents: true,
          proposal: { select: { title: true, district: true, lon: true, lat: true } },
        },
      },
    },
  });
  if (!vote) return null;
  const { situation } = currentSituation(vote.procedure.phases as Phase[], now);
  const config = parseConfig(vote.method, vote.config);
  const text = localisedText(vote.procedure, language);
  const translations = parseTranslationsMap(vote.eligibilityTranslations);
  return {
    vote: {
      id: vote.id,
      method: config.method,
      config,
      channels: parseChannels(vote.channels),
      eligibilityNote: (language !== "de" && translations[language]) || vote.eligibilityNote,
      liveResults: vote.liveResults,
      closedAt: vote.closedAt,
      resultsPublishedAt: vote.resultsPublishedAt,
    },
    procedure: {
      id: vote.procedure.id,
      title: text.title,
      description: text.description,
      situation,
    },
    options: vote.options.map((option) => ({
      id: option.id,
      proposalId: option.proposalId,
      title: option.proposal.title,
      district: option.proposal.district,
      costCents: option.estimatedCostCents,
      lon: option.proposal.lon,
      lat: option.proposal.lat,
    })),
    isOpen: isVoteOpen(vote, situation),
    ...(config.method === "budget" ? { budgetCents: config.budgetCents } : {}),
  };
}

/**
 * Everything the staff page of a vote shows about its settings and counts.
 * (Not in the shared contract; added for /staff/votes/:voteId.)
 */
export async function getStaffVote(voteId: string, now = new Date()) {
  const vote = await prisma.vote.findUnique({
    where: { id: voteId },
    include: {
      procedure: {
        select: { id: true, kind: true, state: true, title: true, phases: phaseSelect },
      },
      options: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          proposalId: true,
          estimatedCostCents: true,
          position: true,
          proposal: { select: { title: true, district: true, status: true } },
        },
      },
    },
  });
  if (!vote) return null;
  const phases = vote.procedure.phases as Phase[];
  const { situation } = currentSituation(phases, now);
  const [byChannel, codes, voidedCodes, paperBatches] = await Promise.all([
    prisma.ballot.groupBy({ by: ["channel"], where: { voteId }, _count: { _all: true } }),
    prisma.voteCode.count({ where: { voteId } }),
    prisma.voteCode.count({ where: { voteId, voidedAt: { not: null } } }),
    prisma.paperBatch.count({ where: { voteId } }),
  ]);
  const ballotsByChannel = Object.fromEntries(
    byChannel.map((row) => [row.channel, row._count._all]),
  );
  const ballots = byChannel.reduce((sum, row) => sum + row._count._all, 0);
  const paperEntries = await prisma.paperEntry.count({ where: { batch: { voteId } } });
  const config = parseConfig(vote.method, vote.config);
  return {
    vote: {
      id: vote.id,
      method: config.method,
      config,
      channels: parseChannels(vote.channels),
      eligibilityNote: vote.eligibilityNote,
      eligibilityTranslations: parseTranslationsMap(vote.eligibilityTranslations),
      liveResults: vote.liveResults,
      closedAt: vote.closedAt,
      resultsPublishedAt: vote.resultsPublishedAt,
      tieBreak: parseTieBreak(vote.tieBreak),
      createdAt: vote.createdAt,
    },
    procedure: { ...vote.procedure, phases, situation },
    options: vote.options.map((option) => ({
      id: option.id,
      proposalId: option.proposalId,
      title: option.proposal.title,
      district: option.proposal.district,
      status: option.proposal.status,
      costCents: option.estimatedCostCents,
      position: option.position,
    })),
    counts: { ballots, ballotsByChannel, codes, voidedCodes, paperBatches, paperEntries },
    /** Method, numbers and options are fixed from the first ballot or paper count on. */
    hasBallots: ballots > 0 || paperEntries > 0,
    isOpen: isVoteOpen({ closedAt: vote.closedAt, procedure: vote.procedure }, situation),
    isOver: isVoteOver(vote, { state: vote.procedure.state, phases }, now),
  };
}

// ---------------------------------------------------------------------------
// Casting a ballot
// ---------------------------------------------------------------------------

// Casting a ballot lives in cast-ballot.server.ts (one SQL statement, see there).
export {
  castBallot,
  type CastBallotInput,
  type CastBallotResult,
  type CastRefusal,
} from "~/modules/votes/cast-ballot.server";

/** The stored choices of a code's or a browser's ballot, to pre-fill a change; null if none. */
export async function getBallotChoices(
  voteId: string,
  key: { code?: string; browserKey?: string },
): Promise<BallotChoices | null> {
  let voterKey: string | null = null;
  if (key.code !== undefined) {
    const parsed = parseCode(key.code);
    if (!parsed.ok) return null;
    const code = await prisma.voteCode.findUnique({
      where: { codeHash: codeHash(voteId, parsed.code) },
      select: { id: true, voteId: true, voidedAt: true },
    });
    if (!code || code.voteId !== voteId || code.voidedAt !== null) return null;
    voterKey = codeVoterKey(code.id);
  } else if (key.browserKey) {
    voterKey = openVoterKey(voteId, key.browserKey);
  }
  if (voterKey === null) return null;
  const ballot = await prisma.ballot.findUnique({
    where: { voteId_voterKey: { voteId, voterKey } },
    select: { choices: true },
  });
  return ballot ? (JSON.parse(ballot.choices) as BallotChoices) : null;
}

export type CloseVoteResult = { status: "ok" } | Refused<"not-found" | "already-closed">;

/** Ends the vote now. Takes the same lock as a ballot, so no ballot is written after it. */
export async function closeVote(voteId: string, staffId: string): Promise<CloseVoteResult> {
  const result = await prisma.$transaction(async (tx): Promise<CloseVoteResult> => {
    // Take the database's write lock first, then read the clock: a ballot
    // written by another process between reading the clock and taking the
    // lock would otherwise be stored with a time after the close.
    await tx.$executeRaw`UPDATE "Vote" SET "ballotWrites" = "ballotWrites" WHERE "id" = ${voteId}`;
    const closedAt = new Date();
    const closed = await tx.vote.updateMany({
      where: { id: voteId, closedAt: null },
      data: { closedAt },
    });
    if (closed.count === 0) {
      const exists = await tx.vote.findUnique({ where: { id: voteId }, select: { id: true } });
      return refused(exists ? "already-closed" : "not-found");
    }
    const ballots = await tx.ballot.count({ where: { voteId } });
    await recordAudit(tx, {
      staffId,
      action: "vote.closed",
      entityType: "vote",
      entityId: voteId,
      after: { closedAt, ballots },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") {
    publicDataChanged();
    voteCounted(voteId);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------

export type GenerateCodeSheetResult =
  | { status: "ok"; sheetId: string; codes: string[] }
  | Refused<"not-found" | "channel-off" | "closed" | "count">;

/**
 * Draws `count` new codes and stores only their hashes. The plain codes are
 * in the answer and nowhere else: the caller renders them into the PDF and
 * forgets them. The audit log gets the number and the label, never a code.
 */
export async function generateCodeSheet(input: {
  voteId: string;
  count: number;
  label: string;
  staffId: string;
  now?: Date;
}): Promise<GenerateCodeSheetResult> {
  const { voteId, count, staffId } = input;
  const label = input.label.trim();
  const now = input.now ?? new Date();
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_CODES_PER_SHEET) {
    return refused("count");
  }
  for (let attempt = 0; ; attempt++) {
    const codes = new Set<string>();
    while (codes.size < count) codes.add(generateCode((n) => randomBytes(n)));
    const list = [...codes];
    try {
      return await prisma.$transaction(async (tx): Promise<GenerateCodeSheetResult> => {
        const vote = await tx.vote.findUnique({
          where: { id: voteId },
          select: {
            channels: true,
            closedAt: true,
            procedure: { select: { state: true, phases: phaseSelect } },
          },
        });
        if (!vote) return refused("not-found");
        if (!parseChannels(vote.channels).includes("code")) return refused("channel-off");
        const procedure = { state: vote.procedure.state, phases: vote.procedure.phases as Phase[] };
        if (isVoteOver(vote, procedure, now)) return refused("closed");
        const sheet = await tx.codeSheet.create({
          data: { voteId, count, label, createdById: staffId },
          select: { id: true },
        });
        await tx.voteCode.createMany({
          data: list.map((code) => ({
            voteId,
            sheetId: sheet.id,
            codeHash: codeHash(voteId, code),
          })),
        });
        await recordAudit(tx, {
          staffId,
          action: "vote.codesGenerated",
          entityType: "vote",
          entityId: voteId,
          after: { sheetId: sheet.id, count, label },
        });
        return { status: "ok", sheetId: sheet.id, codes: list };
      });
    } catch (error) {
      // 47 bits per code: a clash with an existing code is astronomically rare, but a
      // unique violation must not become a 500. Draw a fresh set and try again.
      if (attempt < 2 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    (error as { code: unknown }).code === "P2002"
  );
}

export type VoidCodeResult = { status: "ok" } | Refused<"code-unknown" | "already-voided">;

/**
 * Voids a card (lost, stolen, handed out twice). While the vote is not
 * closed, a ballot already cast with the card is removed too: the finder's
 * ballot must not count, and the resident votes again with a new card. Once
 * the vote is closed the ballots are final: the card is only marked.
 */
export async function voidCode(input: {
  voteId: string;
  code: string;
  staffId: string;
}): Promise<VoidCodeResult> {
  const parsed = parseCode(input.code);
  if (!parsed.ok) return refused("code-unknown");
  const hash = codeHash(input.voteId, parsed.code);
  const result = await prisma.$transaction(async (tx): Promise<VoidCodeResult> => {
    const code = await tx.voteCode.findUnique({
      where: { codeHash: hash },
      select: {
        id: true,
        voteId: true,
        sheetId: true,
        voidedAt: true,
        vote: { select: { closedAt: true } },
      },
    });
    if (!code || code.voteId !== input.voteId) return refused("code-unknown");
    if (code.voidedAt !== null) return refused("already-voided");
    await tx.voteCode.update({ where: { id: code.id }, data: { voidedAt: new Date() } });
    let ballotRemoved = false;
    if (code.vote.closedAt === null) {
      const removed = await tx.ballot.deleteMany({
        where: { voteId: input.voteId, voterKey: codeVoterKey(code.id) },
      });
      ballotRemoved = removed.count > 0;
    }
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "vote.codeVoided",
      entityType: "vote",
      entityId: input.voteId,
      // The sheet, not the code: the log must not become a list of codes.
      after: { sheetId: code.sheetId, ballotRemoved },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") voteCounted(input.voteId);
  return result;
}

export type CodeSheetSummary = {
  id: string;
  label: string;
  count: number;
  createdAt: Date;
  voided: number;
  used: number;
};

export async function listCodeSheets(voteId: string): Promise<CodeSheetSummary[]> {
  const [sheets, voided, used] = await Promise.all([
    prisma.codeSheet.findMany({
      where: { voteId },
      orderBy: { createdAt: "asc" },
      select: { id: true, label: true, count: true, createdAt: true },
    }),
    prisma.voteCode.groupBy({
      by: ["sheetId"],
      where: { voteId, voidedAt: { not: null } },
      _count: { _all: true },
    }),
    prisma.$queryRaw<Array<{ sheetId: string; used: number | bigint }>>`
      SELECT c."sheetId" AS "sheetId", COUNT(b."id") AS "used"
      FROM "VoteCode" c
      JOIN "Ballot" b ON b."voteId" = c."voteId" AND b."voterKey" = 'code:' || c."id"
      WHERE c."voteId" = ${voteId}
      GROUP BY c."sheetId"`,
  ]);
  const voidedBySheet = new Map(voided.map((row) => [row.sheetId, row._count._all]));
  const usedBySheet = new Map(used.map((row) => [row.sheetId, Number(row.used)]));
  return sheets.map((sheet) => ({
    ...sheet,
    voided: voidedBySheet.get(sheet.id) ?? 0,
    used: usedBySheet.get(sheet.id) ?? 0,
  }));
}

// ---------------------------------------------------------------------------
// Paper ballots
// ---------------------------------------------------------------------------

export type PaperBatchState = "waiting" | "agreed" | "disagree";

/**
 * A batch counts when at least two staff members entered it and all entries
 * are the same. The stored counts are the canonical JSON of the validated
 * aggregate (every option, sorted), so equal counts are equal strings.
 */
function batchState(entries: ReadonlyArray<{ counts: string }>): PaperBatchState {
  if (entries.length < 2) return "waiting";
  return entries.every((entry) => entry.counts === entries[0]!.counts) ? "agreed" : "disagree";
}

/** A batch that keeps the result from being published: it does not count yet, but may. */
export type UnresolvedPaperBatch = { id: string; label: string; state: "waiting" | "disagree" };

/**
 * The vote's batches that are waiting for their second entry or whose
 * entries disagree, in the order they were created. While there is one, the
 * result cannot be published: it would silently leave those ballots out.
 */
async function unresolvedPaperBatches(db: Db, voteId: string): Promise<UnresolvedPaperBatch[]> {
  const batches = await db.paperBatch.findMany({
    where: { voteId },
    orderBy: { createdAt: "asc" },
    select: { id: true, label: true, entries: { select: { counts: true } } },
  });
  const unresolved: UnresolvedPaperBatch[] = [];
  for (const batch of batches) {
    const state = batchState(batch.entries);
    if (state !== "agreed") unresolved.push({ id: batch.id, label: batch.label, state });
  }
  return unresolved;
}

/**
 * Takes the database's write lock before anything is read, as `closeVote`
 * does. Every paper command and the publication of the result (and the
 * tie-break) take it first, so they never interleave, also across processes:
 * a paper entry is either in the count that is published or refused after it.
 */
async function lockVote(tx: Prisma.TransactionClient, voteId: string) {
  await tx.$executeRaw`UPDATE "Vote" SET "ballotWrites" = "ballotWrites" WHERE "id" = ${voteId}`;
}

async function lockVoteOfBatch(tx: Prisma.TransactionClient, batchId: string) {
  await tx.$executeRaw`UPDATE "Vote" SET "ballotWrites" = "ballotWrites"
    WHERE "id" = (SELECT "voteId" FROM "PaperBatch" WHERE "id" = ${batchId})`;
}

export type CreatePaperBatchResult =
  | { status: "ok"; id: string }
  | Refused<"not-found" | "phase" | "label-taken" | "channel-off" | "results-published">;

export async function createPaperBatch(input: {
  voteId: string;
  label: string;
  staffId: string;
  now?: Date;
}): Promise<CreatePaperBatchResult> {
  const label = input.label.trim();
  const now = input.now ?? new Date();
  return prisma.$transaction(async (tx): Promise<CreatePaperBatchResult> => {
    await lockVote(tx, input.voteId);
    const vote = await tx.vote.findUnique({
      where: { id: input.voteId },
      select: { procedureId: true, channels: true, resultsPublishedAt: true },
    });
    if (!vote) return refused("not-found");
    if (vote.resultsPublishedAt !== null) return refused("results-published");
    if (!parseChannels(vote.channels).includes("paper")) return refused("channel-off");
    const phase = await procedureAllows(vote.procedureId, "paper:enter", now, tx);
    if (!phase.allowed) return refused(phase.reason === "phase" ? "phase" : "not-found");
    const taken = await tx.paperBatch.findUnique({
      where: { voteId_label: { voteId: input.voteId, label } },
      select: { id: true },
    });
    if (taken || label === "") return refused("label-taken");
    const batch = await tx.paperBatch.create({
      data: { voteId: input.voteId, label },
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "paper.batchCreated",
      entityType: "vote",
      entityId: input.voteId,
      after: { batchId: batch.id, label },
    });
    return { status: "ok", id: batch.id };
  });
}

export type EnterPaperCountResult =
  | { status: "ok"; state: PaperBatchState }
  | Refused<"not-found" | "phase" | "invalid-counts" | "results-published">;

/**
 * One staff member's count of a batch. Each staff member has one entry per
 * batch and may correct it until the results are published; a second
 * person's independent entry makes the batch count if both agree.
 */
export async function enterPaperCount(input: {
  batchId: string;
  staffId: string;
  counts: ChannelAggregate;
  now?: Date;
}): Promise<EnterPaperCountResult> {
  const now = input.now ?? new Date();
  let voteId: string | null = null;
  const result = await prisma.$transaction(async (tx): Promise<EnterPaperCountResult> => {
    await lockVoteOfBatch(tx, input.batchId);
    const batch = await tx.paperBatch.findUnique({
      where: { id: input.batchId },
      select: {
        id: true,
        label: true,
        voteId: true,
        vote: {
          select: {
            procedureId: true,
            method: true,
            config: true,
            resultsPublishedAt: true,
            options: { select: { id: true, estimatedCostCents: true } },
          },
        },
      },
    });
    if (!batch) return refused("not-found");
    voteId = batch.voteId;
    if (batch.vote.resultsPublishedAt !== null) return refused("results-published");
    const phase = await procedureAllows(batch.vote.procedureId, "paper:enter", now, tx);
    if (!phase.allowed) return refused(phase.reason === "phase" ? "phase" : "not-found");
    const config = parseConfig(batch.vote.method, batch.vote.config);
    const checked = validateAggregate(config, batch.vote.options.map(methodOption), input.counts);
    if (!checked.ok) return refused("invalid-counts");
    const counts = JSON.stringify(checked.aggregate);
    const before = await tx.paperEntry.findUnique({
      where: { batchId_staffId: { batchId: batch.id, staffId: input.staffId } },
      select: { counts: true },
    });
    await tx.paperEntry.upsert({
      where: { batchId_staffId: { batchId: batch.id, staffId: input.staffId } },
      create: { batchId: batch.id, staffId: input.staffId, counts },
      update: { counts },
    });
    const entries = await tx.paperEntry.findMany({
      where: { batchId: batch.id },
      select: { counts: true },
    });
    const state = batchState(entries);
    await recordAudit(tx, {
      staffId: input.staffId,
      action: before ? "paper.entryCorrected" : "paper.entered",
      entityType: "vote",
      entityId: batch.voteId,
      ...(before
        ? { before: { batchId: batch.id, counts: JSON.parse(before.counts) as unknown } }
        : {}),
      after: { batchId: batch.id, label: batch.label, counts: checked.aggregate, state },
    });
    return { status: "ok", state };
  });
  if (result.status === "ok" && voteId !== null) voteCounted(voteId);
  return result;
}

export type DiscardPaperBatchResult =
  { status: "ok" } | Refused<"not-found" | "reason-required" | "agreed" | "results-published">;

/**
 * Discards a batch that does not count (waiting for its second entry, or
 * entries that disagree), so the result can be published without it: the
 * batch and its entries are deleted, and the audit log keeps the reason,
 * the label and every entry's counts. The label is free again, so the stack
 * can be counted anew under the same name. Allowed in any phase until the
 * result is published: after the counting phase nobody can add or correct
 * an entry any more, and this is the only way out. An agreed batch counts
 * and is not discarded here.
 */
export async function discardPaperBatch(input: {
  batchId: string;
  staffId: string;
  reason: string;
}): Promise<DiscardPaperBatchResult> {
  const reason = input.reason.trim();
  if (reason === "") return refused("reason-required");
  let voteId: string | null = null;
  const result = await prisma.$transaction(async (tx): Promise<DiscardPaperBatchResult> => {
    await lockVoteOfBatch(tx, input.batchId);
    const batch = await tx.paperBatch.findUnique({
      where: { id: input.batchId },
      select: {
        id: true,
        label: true,
        voteId: true,
        createdAt: true,
        vote: { select: { resultsPublishedAt: true } },
        entries: {
          orderBy: { createdAt: "asc" },
          select: { staffId: true, counts: true, createdAt: true, updatedAt: true },
        },
      },
    });
    if (!batch) return refused("not-found");
    voteId = batch.voteId;
    if (batch.vote.resultsPublishedAt !== null) return refused("results-published");
    const state = batchState(batch.entries);
    if (state === "agreed") return refused("agreed");
    // The entries go with the batch (onDelete: Cascade).
    await tx.paperBatch.delete({ where: { id: batch.id } });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "paper.batchDiscarded",
      entityType: "vote",
      entityId: batch.voteId,
      before: {
        batchId: batch.id,
        label: batch.label,
        state,
        createdAt: batch.createdAt,
        entries: batch.entries.map((entry) => ({
          staffId: entry.staffId,
          counts: JSON.parse(entry.counts) as unknown,
          enteredAt: entry.createdAt,
          updatedAt: entry.updatedAt,
        })),
      },
      after: { discarded: true, reason },
    });
    return { status: "ok" };
  });
  if (result.status === "ok" && voteId !== null) voteCounted(voteId);
  return result;
}

export type PaperBatchSummary = {
  id: string;
  label: string;
  state: PaperBatchState;
  entries: Array<{
    staffId: string;
    staffName: string;
    counts: ChannelAggregate;
    createdAt: Date;
    updatedAt: Date;
  }>;
};

/**
 * Batches with every entry, for showing disagreements side by side. Carries
 * `staffId` so a page can hide the other entries from someone who has not
 * entered their own count yet (independent counting).
 */
export async function listPaperBatches(voteId: string): Promise<PaperBatchSummary[]> {
  const batches = await prisma.paperBatch.findMany({
    where: { voteId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      label: true,
      entries: {
        orderBy: { createdAt: "asc" },
        select: {
          staffId: true,
          counts: true,
          createdAt: true,
          updatedAt: true,
          staff: { select: { name: true } },
        },
      },
    },
  });
  return batches.map((batch) => ({
    id: batch.id,
    label: batch.label,
    state: batchState(batch.entries),
    entries: batch.entries.map((entry) => ({
      staffId: entry.staffId,
      staffName: entry.staff.name,
      counts: JSON.parse(entry.counts) as ChannelAggregate,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    })),
  }));
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

const resultSelect = {
  id: true,
  method: true,
  config: true,
  channels: true,
  liveResults: true,
  closedAt: true,
  resultsPublishedAt: true,
  tieBreak: true,
  procedureId: true,
  _count: { select: { meetings: true } },
  procedure: {
    select: {
      state: true,
      title: true,
      description: true,
      translations: true,
      phases: phaseSelect,
    },
  },
  options: {
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      proposalId: true,
      estimatedCostCents: true,
      proposal: { select: { title: true } },
    },
  },
} as const satisfies Prisma.VoteSelect;

/** The stored rows a count is made from: ballots, paper batches and the meetings' hand counts. */
export type CountRows = {
  ballots: ReadonlyArray<{ channel: string; choices: string }>;
  batches: ReadonlyArray<{ entries: ReadonlyArray<{ counts: string }> }>;
  meetings: ReadonlyArray<{ handCounts: string }>;
};

async function readCountRows(db: Db, voteId: string): Promise<CountRows> {
  const [ballots, batches, meetings] = await Promise.all([
    db.ballot.findMany({ where: { voteId }, select: { channel: true, choices: true } }),
    db.paperBatch.findMany({
      where: { voteId },
      select: { entries: { select: { counts: true } } },
    }),
    db.meeting.findMany({ where: { voteId }, select: { handCounts: true } }),
  ]);
  return { ballots, batches, meetings };
}

/**
 * Per-channel aggregates: single ballots folded in with `addBallot`, and the
 * paper batches whose entries agree. A stored ballot is re-validated before
 * it is counted, so a row that no longer fits the ballot (which the commands
 * prevent) is left out instead of breaking the result. Synchronous: no read in between.
 */
function aggregateRows(
  storedChannels: string,
  config: MethodConfig,
  options: ReadonlyArray<MethodOption>,
  { ballots, batches, meetings }: CountRows,
): Partial<Record<Channel, ChannelAggregate>> {
  const aggregates: Partial<Record<Channel, ChannelAggregate>> = {};
  // Every switched-on channel appears in the result, also with no votes yet;
  // a meeting switches on phones and hand counts.
  for (const channel of voteChannels(storedChannels, meetings.length > 0)) {
    aggregates[channel] = emptyAggregate(config, options);
  }
  for (const meeting of meetings) {
    const checked = validateAggregate(config, options, JSON.parse(meeting.handCounts) as unknown);
    if (!checked.ok) continue;
    aggregates.hand = sumAggregates(
      aggregates.hand ?? emptyAggregate(config, options),
      checked.aggregate,
    );
  }
  for (const ballot of ballots) {
    if (!isChannel(ballot.channel)) continue;
    const checked = validateBallot(config, options, JSON.parse(ballot.choices) as unknown);
    if (!checked.ok) continue;
    aggregates[ballot.channel] = addBallot(
      aggregates[ballot.channel] ?? emptyAggregate(config, options),
      config,
      checked.choices,
    );
  }
  for (const batch of batches) {
    if (batchState(batch.entries) !== "agreed") continue;
    const checked = validateAggregate(config, options, JSON.parse(batch.entries[0]!.counts));
    if (!checked.ok) continue;
    aggregates.paper = sumAggregates(
      aggregates.paper ?? emptyAggregate(config, options),
      checked.aggregate,
    );
  }
  return aggregates;
}

/** What a count needs to know of the vote itself. */
export type CountVoteRow = {
  method: string;
  config: string;
  channels: string;
  tieBreak: string | null;
  options: ReadonlyArray<{ id: string; estimatedCostCents: number | null }>;
};

/**
 * The count of a vote from rows already read, without any further read: the
 * meeting stream reads them synchronously (app/modules/meetings/snapshot-reader.server.ts),
 * so that a count in a flood of ballots does not wait behind every request's continuation.
 */
export function tallyFromRows(vote: CountVoteRow, rows: CountRows): TallyResult {
  const config = parseConfig(vote.method, vote.config);
  const options = vote.options.map(methodOption);
  const aggregates = aggregateRows(vote.channels, config, options, rows);
  return safeTally(config, options, aggregates, parseTieBreak(vote.tieBreak));
}

/** The vote's channels; with a meeting, also the room's: phones and hand counts. */
function voteChannels(stored: string, hasMeeting: boolean): Channel[] {
  const list = parseChannels(stored);
  if (!hasMeeting) return list;
  return [...list, ...(["phone", "hand"] as const).filter((channel) => !list.includes(channel))];
}

/**
 * The current count of a vote, whoever may see it: for a meeting's
 * projection, which decides itself whether to show it. Null for an unknown vote.
 */
export async function countVote(voteId: string): Promise<TallyResult | null> {
  const computed = await computeResult(prisma, voteId);
  return computed ? computed.tally : null;
}

function sumAggregates(a: ChannelAggregate, b: ChannelAggregate): ChannelAggregate {
  const options = { ...a.options };
  for (const [id, score] of Object.entries(b.options)) {
    const existing = options[id];
    options[id] = existing === undefined ? score : addScores(existing, score);
  }
  return { ballots: a.ballots + b.ballots, options };
}

/** `tally`, or an empty result for a vote that cannot be counted yet (no options). */
function safeTally(
  config: MethodConfig,
  options: ReadonlyArray<MethodOption>,
  aggregates: Partial<Record<Channel, ChannelAggregate>>,
  tieBreak: TieBreak | null,
): TallyResult {
  if (checkConfig(config, options).length === 0) {
    return tally(config, options, aggregates, tieBreak ?? undefined);
  }
  const zero = Object.fromEntries(allChannels.map((channel) => [channel, 0])) as Record<
    Channel,
    number
  >;
  return {
    method: config.method,
    channels: allChannels.filter((channel) => aggregates[channel] !== undefined),
    turnout: { total: 0, byChannel: zero },
    rows: [],
    ties: [],
    needsTieBreak: false,
    selectedIds: [],
    budget:
      config.method === "budget"
        ? { budgetCents: config.budgetCents, usedCents: 0, remainingCents: config.budgetCents }
        : null,
    rule: describeRule(config),
  };
}

async function computeResult(db: Db, voteId: string, count = true) {
  const vote = await db.vote.findUnique({ where: { id: voteId }, select: resultSelect });
  if (!vote) return null;
  const config = parseConfig(vote.method, vote.config);
  const options = vote.options.map(methodOption);
  const tieBreak = parseTieBreak(vote.tieBreak);
  // Hidden results are not counted at all: reading every ballot for a page that shows
  // none of them would cost the most while a vote runs and many people look.
  const aggregates = count
    ? aggregateRows(vote.channels, config, options, await readCountRows(db, vote.id))
    : Object.fromEntries(
        voteChannels(vote.channels, vote._count.meetings > 0).map((channel) => [
          channel,
          emptyAggregate(config, options),
        ]),
      );
  return {
    vote,
    config,
    options,
    tieBreak,
    aggregates,
    tally: safeTally(config, options, aggregates, count ? tieBreak : null),
  };
}

export type VoteResults = {
  visible: boolean;
  hiddenReason?: "hidden-while-open" | "not-published";
  method: VoteMethod;
  config: MethodConfig;
  /** The rule in words (translation keys), with the sentences that complete it. */
  rule: RuleDescription;
  /** All zeros when `visible` is false: hidden numbers never leave the server. */
  tally: TallyResult;
  options: Array<{ id: string; proposalId: string; title: string; costCents: number | null }>;
  turnout: TallyResult["turnout"];
  tieBreak: TieBreak | null;
  publishedAt: Date | null;
  closed: boolean;
  isOpen: boolean;
  procedure: { id: string; title: string; situation: PhaseSituation };
};

/**
 * The result of a vote. Staff always see the count. The public sees it once
 * staff have published it, or while the vote runs if the vote shows live
 * results; otherwise `visible` is false and the numbers are zero. Null for an
 * unknown vote, and for the public also for one of an unpublished procedure.
 */
export async function getResults(
  voteId: string,
  options: { audience: "public" | "staff"; language: string; now?: Date },
): Promise<VoteResults | null> {
  const now = options.now ?? new Date();
  const head = await prisma.vote.findUnique({
    where: { id: voteId },
    select: {
      closedAt: true,
      liveResults: true,
      resultsPublishedAt: true,
      procedure: { select: { state: true, phases: phaseSelect } },
    },
  });
  if (!head) return null;
  if (options.audience === "public" && head.procedure.state === "draft") return null;
  const phases = head.procedure.phases as Phase[];
  const { situation } = currentSituation(phases, now);
  const open = isVoteOpen({ closedAt: head.closedAt, procedure: head.procedure }, situation);
  const closed = isVoteOver(head, { state: head.procedure.state, phases }, now);

  let hiddenReason: VoteResults["hiddenReason"];
  if (options.audience === "public") {
    if (open && !head.liveResults) hiddenReason = "hidden-while-open";
    else if (!open && head.resultsPublishedAt === null) hiddenReason = "not-published";
  }
  const visible = hiddenReason === undefined;
  const computed = await computeResult(prisma, voteId, visible);
  if (!computed) return null;
  const { vote, config } = computed;
  const shown = computed.tally;
  const text = localisedText(vote.procedure, options.language);
  return {
    visible,
    ...(hiddenReason ? { hiddenReason } : {}),
    method: config.method,
    config,
    rule: shown.rule,
    tally: shown,
    options: vote.options.map((option) => ({
      id: option.id,
      proposalId: option.proposalId,
      title: option.proposal.title,
      costCents: option.estimatedCostCents,
    })),
    turnout: shown.turnout,
    tieBreak: visible ? computed.tieBreak : null,
    publishedAt: vote.resultsPublishedAt,
    closed,
    isOpen: open,
    procedure: { id: vote.procedureId, title: text.title, situation },
  };
}

export type BreakTieInput = { kind: "lot" } | { kind: "decision"; order: string[]; reason: string };

export type BreakTieResult =
  | { status: "ok" }
  | Refused<"not-found" | "no-tie" | "published" | "open">
  | { status: "refused"; reason: "paper-unresolved"; batches: UnresolvedPaperBatch[] };

/**
 * Settles the decisive ties of a closed vote. "lot": the server draws a seed
 * with `crypto` and stores it; the order follows from the seed (lot.ts), so
 * anyone can recompute it. "decision": staff give the order and a public
 * reason. Refused with "no-tie" when nothing is left to settle, which also
 * means a lot cannot be drawn again until a result one likes comes up, and
 * with "paper-unresolved" while a paper batch does not count yet: the tie of
 * an incomplete count may vanish or change.
 */
export async function breakTie(
  voteId: string,
  tieBreak: BreakTieInput,
  staffId: string,
  now = new Date(),
): Promise<BreakTieResult> {
  return prisma.$transaction(async (tx): Promise<BreakTieResult> => {
    await lockVote(tx, voteId);
    const computed = await computeResult(tx, voteId);
    if (!computed) return refused("not-found");
    const { vote } = computed;
    if (vote.resultsPublishedAt !== null) return refused("published");
    const phases = vote.procedure.phases as Phase[];
    if (!isVoteOver(vote, { state: vote.procedure.state, phases }, now)) return refused("open");
    // A tie of an incomplete count may vanish or change once the batch is resolved.
    const unresolved = await unresolvedPaperBatches(tx, voteId);
    if (unresolved.length > 0) {
      return { status: "refused", reason: "paper-unresolved", batches: unresolved };
    }
    if (!computed.tally.needsTieBreak) return refused("no-tie");
    let stored: TieBreak;
    if (tieBreak.kind === "lot") {
      stored = { kind: "lot", seed: randomBytes(16).toString("hex") };
    } else {
      const known = new Set(computed.options.map((option) => option.id));
      const order = [...new Set(tieBreak.order)].filter((id) => known.has(id));
      const reason = typeof tieBreak.reason === "string" ? tieBreak.reason.trim() : "";
      // A decision without the tied options or without a reason settles nothing.
      if (order.length < 2 || reason === "") return refused("no-tie");
      stored = { kind: "decision", order, reason };
    }
    await tx.vote.update({ where: { id: voteId }, data: { tieBreak: JSON.stringify(stored) } });
    await recordAudit(tx, {
      staffId,
      action: "vote.tieBroken",
      entityType: "vote",
      entityId: voteId,
      before: { tieBreak: computed.tieBreak },
      after: { tieBreak: stored },
    });
    return { status: "ok" };
  });
}

export type PublishResultsResult =
  | { status: "ok" }
  | Refused<"not-found" | "open" | "needs-tie-break" | "already-published">
  | { status: "refused"; reason: "paper-unresolved"; batches: UnresolvedPaperBatch[] };

/**
 * Publishes the result of a closed vote and records the outcome of every
 * selected initiative (an implementation record "accepted" with the vote).
 * An initiative that already has a record keeps it as it is.
 *
 * Refused while a paper batch waits for its second entry or has entries that
 * disagree ("paper-unresolved", naming the batches): such a batch does not
 * count, so the result would silently leave its ballots out. Staff resolve
 * it by correcting an entry until both agree, or discard it with a reason.
 * The write lock is taken before anything is read, and every paper command
 * takes it too, so a batch entered at the same moment is either in the count
 * or refused as too late; it never slips past.
 */
export async function publishResults(
  voteId: string,
  staffId: string,
  now = new Date(),
): Promise<PublishResultsResult> {
  const result = await prisma.$transaction(async (tx): Promise<PublishResultsResult> => {
    await lockVote(tx, voteId);
    const computed = await computeResult(tx, voteId);
    if (!computed) return refused("not-found");
    const { vote, tally: counted } = computed;
    if (vote.resultsPublishedAt !== null) return refused("already-published");
    const phases = vote.procedure.phases as Phase[];
    if (!isVoteOver(vote, { state: vote.procedure.state, phases }, now)) return refused("open");
    const unresolved = await unresolvedPaperBatches(tx, voteId);
    if (unresolved.length > 0) {
      return { status: "refused", reason: "paper-unresolved", batches: unresolved };
    }
    if (counted.needsTieBreak) return refused("needs-tie-break");
    await tx.vote.update({ where: { id: voteId }, data: { resultsPublishedAt: now } });
    const proposalIds = counted.selectedIds.map(
      (optionId) => vote.options.find((option) => option.id === optionId)!.proposalId,
    );
    const recorded: string[] = [];
    for (const proposalId of proposalIds) {
      const existing = await tx.implementationRecord.findUnique({
        where: { proposalId },
        select: { id: true },
      });
      if (existing) continue;
      await tx.implementationRecord.create({ data: { proposalId, state: "accepted", voteId } });
      await queueMail(tx, proposalId, { kind: "outcome", state: "accepted", byVote: true });
      recorded.push(proposalId);
    }
    await recordAudit(tx, {
      staffId,
      action: "vote.resultsPublished",
      entityType: "vote",
      entityId: voteId,
      after: {
        turnout: counted.turnout,
        selectedProposalIds: proposalIds,
        recordedProposalIds: recorded,
        tieBreak: computed.tieBreak,
      },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") {
    publicDataChanged();
    mailQueued();
  }
  return result;
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/** Spreadsheet programs run cells starting with these as formulas: neutralise them. */
function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The public result as CSV: one row per initiative with its scores per
 * channel, then the turnout per channel. Null when the result is not public.
 * Contains initiative titles and numbers only: no ballot, no code, no name.
 */
export async function resultsCsv(voteId: string, language: string): Promise<string | null> {
  const results = await getResults(voteId, { audience: "public", language });
  if (!results || !results.visible) return null;
  const t = await getTFor(isLanguage(language) ? language : defaultLanguage);
  const { tally: counted } = results;
  const yesNo = counted.method === "yes_no";
  const titles = new Map(results.options.map((option) => [option.id, option]));
  const channelName = (channel: Channel) => t(`votes.channels.${channel}`);
  const scoreColumns = (prefix: string) =>
    yesNo
      ? [
          `${t("votes.csv.yes")} (${prefix})`,
          `${t("votes.csv.no")} (${prefix})`,
          `${t("votes.csv.abstain")} (${prefix})`,
        ]
      : [`${t("votes.csv.points")} (${prefix})`];
  const header = [
    t("votes.csv.position"),
    t("votes.csv.rank"),
    t("votes.csv.initiative"),
    t("votes.csv.title"),
    ...(counted.method === "budget" ? [t("votes.csv.costEuro")] : []),
    ...counted.channels.flatMap((channel) => scoreColumns(channelName(channel))),
    ...scoreColumns(t("votes.csv.total")),
    t("votes.csv.selected"),
    t("votes.csv.reason"),
  ];
  const scoreCells = (score: TallyResult["rows"][number]["total"]) =>
    isYesNoScore(score) ? [score.yes, score.no, score.abstain] : [score.points];
  const rows = counted.rows.map((row) => {
    const option = titles.get(row.optionId);
    return [
      row.position,
      row.rank,
      option?.proposalId ?? "",
      option?.title ?? "",
      ...(counted.method === "budget" ? [((row.costCents ?? 0) / 100).toFixed(2)] : []),
      ...counted.channels.flatMap((channel) => scoreCells(row.byChannel[channel])),
      ...scoreCells(row.total),
      row.selected ? t("votes.csv.yes") : t("votes.csv.no"),
      t(`votes.rowReasons.${row.reason}`),
    ];
  });
  const turnout = [
    [t("votes.csv.channel"), t("votes.csv.ballots")],
    ...counted.channels.map((channel) => [
      channelName(channel),
      counted.turnout.byChannel[channel],
    ]),
    [t("votes.csv.total"), counted.turnout.total],
  ];
  const table = (cells: unknown[][]) =>
    stringify(
      cells.map((row) => row.map(safeCell)),
      { delimiter: ",", record_delimiter: "windows" },
    );
  return `${table([header, ...rows])}\r\n${table(turnout)}`;
}
