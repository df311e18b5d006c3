import type { Phase, PhaseKind } from "~/modules/procedures/phases";
import { createProcedure, setProcedureState } from "~/modules/procedures/procedures.server";
import type { MethodConfig } from "~/modules/votes/methods";
import {
  addVoteOption,
  createVote,
  generateCodeSheet,
  type SettableChannel,
  type VoteSettingsInput,
} from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { publishDirectly, submitProposal } from "./staff-helpers";

const DAY = 24 * 60 * 60 * 1000;

/**
 * A resident vote's phases around the real clock, so commands that read the
 * clock are in the voting phase, and tests can pass `now` to land in every
 * other situation:
 *   upcoming | collection | review | between | voting (now) | counting | results | ended
 */
export function phasesAroundNow(base = Date.now()): Phase[] {
  const at = (days: number) => new Date(base + days * DAY);
  const phase = (kind: PhaseKind, from: number, to: number): Phase => ({
    kind,
    startsAt: at(from),
    endsAt: at(to),
  });
  return [
    phase("collection", -10, -6),
    phase("review", -6, -4),
    // -4 … -1: between review and voting
    phase("voting", -1, 1),
    phase("counting", 1, 2),
    phase("results", 2, 3),
  ];
}

/** A moment in each situation of `phasesAroundNow`. */
export function momentIn(situation: string, base = Date.now()): Date {
  const days: Record<string, number> = {
    upcoming: -20,
    collection: -8,
    review: -5,
    between: -2,
    voting: 0,
    counting: 1.5,
    results: 2.5,
    ended: 5,
  };
  return new Date(base + days[situation]! * DAY);
}

let counter = 0;

export async function createPublishedProcedure(
  staffId: string,
  options: { kind?: "resident_vote" | "idea_call"; publish?: boolean; phases?: Phase[] } = {},
) {
  const kind = options.kind ?? "resident_vote";
  const phases =
    options.phases ??
    (kind === "resident_vote"
      ? phasesAroundNow()
      : phasesAroundNow().filter((p) => ["collection", "review", "results"].includes(p.kind)));
  const created = await createProcedure(
    {
      kind,
      title: `Abstimmung Nr. ${++counter}`,
      description: "Welche Ideen sollen umgesetzt werden?",
      translations: { en: { title: `Vote no. ${counter}` } },
      phases,
    },
    staffId,
  );
  if (created.status !== "ok") throw new Error(`procedure: ${JSON.stringify(created)}`);
  if (options.publish !== false) {
    const published = await setProcedureState(created.id, "published", staffId);
    if (published.status !== "ok") throw new Error(`publish: ${JSON.stringify(published)}`);
  }
  return created.id;
}

export async function publishedProposal(title = `Idee ${++counter}`) {
  const { id } = await submitProposal({ title });
  await publishDirectly(id);
  return id;
}

export function settings(
  config: MethodConfig,
  channels: SettableChannel[] = ["code", "open", "paper"],
  extra: Partial<VoteSettingsInput> = {},
): VoteSettingsInput {
  return {
    method: config.method,
    config,
    channels,
    eligibilityNote: "Abstimmen dürfen alle, die im Leipziger Osten wohnen, ab 14 Jahren.",
    eligibilityTranslations: { en: "Everyone living in Leipziger Osten aged 14 or over." },
    liveResults: false,
    ...extra,
  };
}

export const approval2: MethodConfig = { method: "approval", maxChoices: 2, winners: 1 };

/**
 * A published procedure in its voting phase with a vote and `optionCount`
 * initiatives on the ballot. Returns ids of everything, options in ballot order.
 */
export async function setUpVote(
  staffId: string,
  options: {
    config?: MethodConfig;
    channels?: SettableChannel[];
    optionCount?: number;
    costs?: Array<number | null>;
    liveResults?: boolean;
    phases?: Phase[];
  } = {},
) {
  const procedureId = await createPublishedProcedure(staffId, { phases: options.phases });
  const config = options.config ?? approval2;
  const created = await createVote(
    procedureId,
    settings(config, options.channels, { liveResults: options.liveResults ?? false }),
    staffId,
  );
  if (created.status !== "ok") throw new Error(`vote: ${JSON.stringify(created)}`);
  const optionIds: string[] = [];
  const proposalIds: string[] = [];
  for (let i = 0; i < (options.optionCount ?? 3); i++) {
    const proposalId = await publishedProposal();
    const added = await addVoteOption({
      voteId: created.id,
      proposalId,
      estimatedCostCents: options.costs?.[i] ?? (config.method === "budget" ? 100_00 : null),
      staffId,
    });
    if (added.status !== "ok") throw new Error(`option: ${JSON.stringify(added)}`);
    optionIds.push(added.id);
    proposalIds.push(proposalId);
  }
  return { procedureId, voteId: created.id, optionIds, proposalIds };
}

export async function codesFor(voteId: string, staffId: string, count: number, label = "Test") {
  const sheet = await generateCodeSheet({ voteId, count, label, staffId });
  if (sheet.status !== "ok") throw new Error(`codes: ${JSON.stringify(sheet)}`);
  return sheet.codes;
}

export async function ballotRows(voteId: string) {
  return prisma.ballot.findMany({ where: { voteId }, orderBy: { createdAt: "asc" } });
}
