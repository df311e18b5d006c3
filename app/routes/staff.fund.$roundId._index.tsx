import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { LazyMap } from "~/components/lazy-map";
import { formatEuro } from "~/components/procedures/format";
import { getT } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets, type MapPoint } from "~/modules/areas/map-types";
import { potKinds } from "~/modules/fund/pot-math";
import { centsToInput } from "~/modules/fund/money";
import { quorumRules } from "~/modules/fund/quorum";
import { RoundActionSchema, type RoundAction } from "~/modules/fund/round.schema.server";
import {
  addMember,
  addPot,
  getRoundForStaff,
  getRoundOverview,
  removeMember,
  removePot,
  setChair,
  updatePot,
  updateRoundRules,
  type RoundCommandResult,
} from "~/modules/fund/rounds.server";
import { can } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { dateToBerlinLocal } from "~/utils/berlin-time";
import { errorKeys } from "~/utils/submission";
import { getEnv } from "~/utils/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:fund");
  const roundId = params.roundId ?? "";
  const [round, overview, attributions] = await Promise.all([
    getRoundForStaff(roundId),
    getRoundOverview(roundId),
    listAttributions(),
  ]);
  if (!round) throw new Response("Not found", { status: 404 });
  const t = await getT(request);
  return {
    pageTitle: `${round.procedure.title} – ${t("fundRounds.staff.title")} – ${t("app.name")}`,
    isAdmin: can(user.role, "admin:fund"),
    round: {
      id: round.id,
      maxPerProjectCents: round.maxPerProjectCents,
      maxPerItemCents: round.maxPerItemCents,
      volunteerRateCents: round.volunteerRateCents,
      minOwnContributionPercent: round.minOwnContributionPercent,
      earliestProjectStart: round.earliestProjectStart
        ? dateToBerlinLocal(round.earliestProjectStart).slice(0, 10)
        : null,
      reportDueDays: round.reportDueDays,
      quorumRule: round.quorumRule,
      procedure: {
        id: round.procedure.id,
        title: round.procedure.title,
        state: round.procedure.state,
      },
      pots: round.pots,
      members: round.members,
      candidates: round.candidates,
    },
    overview,
    attributions,
    styleUrl: getEnv().MAP_STYLE_URL,
    done: new URL(request.url).searchParams.get("done"),
  };
}

type ActionData = {
  intent?: string;
  errors?: string[];
  /** A pot may not fall below what it has committed: the message needs the amount. */
  committedCents?: number;
  values?: Record<string, string>;
};

const refusalKey: Record<Exclude<RoundCommandResult, { status: "ok" }>["reason"], string> = {
  "not-found": "fundRounds.errors.notFound",
  "not-member": "fundRounds.errors.notMember",
  "has-allocations": "fundRounds.errors.hasAllocations",
  "has-votes": "fundRounds.errors.hasVotes",
  "below-committed": "fundRounds.errors.belowCommitted",
};

function run(roundId: string, value: RoundAction, staffId: string): Promise<RoundCommandResult> {
  switch (value.intent) {
    case "rules":
      return updateRoundRules(
        roundId,
        {
          maxPerProjectCents: value.maxPerProject,
          maxPerItemCents: value.maxPerItem,
          volunteerRateCents: value.volunteerRate,
          minOwnContributionPercent: value.minOwnContributionPercent ?? null,
          earliestProjectStart: value.earliestProjectStart ?? null,
          reportDueDays: value.reportDueDays,
          quorumRule: value.quorumRule,
        },
        staffId,
      );
    case "add-pot":
      return addPot(
        roundId,
        { name: value.name, kind: value.kind, amountCents: value.amount },
        staffId,
      );
    case "update-pot":
      return updatePot(
        roundId,
        value.potId,
        { name: value.name, kind: value.kind, amountCents: value.amount },
        staffId,
      );
    case "remove-pot":
      return removePot(roundId, value.potId, staffId);
    case "add-member":
      return addMember(roundId, value.staffId, value.isChair === "on", staffId);
    case "remove-member":
      return removeMember(roundId, value.memberId, staffId);
    case "set-chair":
      return setChair(roundId, value.memberId, staffId);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "admin:fund");
  const roundId = params.roundId ?? "";
  const intent = String(formData.get("intent") ?? "");
  // What was typed comes back with the errors (text fields only; no CSRF token).
  const values = Object.fromEntries(
    [...formData.entries()].flatMap(([key, value]) =>
      key !== "csrf" && typeof value === "string" ? [[key, value]] : [],
    ),
  );
  const submission = parseWithZod(formData, { schema: RoundActionSchema });
  if (submission.status !== "success") {
    return Response.json(
      { intent, errors: errorKeys(submission.reply()), values } satisfies ActionData,
      { status: 400 },
    );
  }
  const outcome = await run(roundId, submission.value, user.id);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found" && submission.value.intent === "rules") {
      throw new Response("Not found", { status: 404 });
    }
    return Response.json(
      {
        intent,
        errors: [refusalKey[outcome.reason]],
        committedCents: outcome.reason === "below-committed" ? outcome.committedCents : undefined,
        values,
      } satisfies ActionData,
      { status: 409 },
    );
  }
  return redirect(`/staff/fund/${roundId}?done=${submission.value.intent}`, 303);
}

export default function StaffFundRound() {
  const { t, i18n } = useTranslation();
  const { round, overview, isAdmin, done, attributions, styleUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  const points = projectPoints(overview.projects, euro, t);
  const typed = (intent: string, potId?: string) =>
    actionData?.intent === intent && (!potId || actionData.values?.potId === potId)
      ? actionData.values
      : undefined;
  const errorsFor = (intent: string, potId?: string) =>
    typed(intent, potId) ? (
      actionData?.committedCents !== undefined ? (
        <div className="alert alert-error" role="alert">
          <p>
            {t("fundRounds.errors.belowCommitted", { committed: euro(actionData.committedCents) })}
          </p>
        </div>
      ) : (
        <ErrorAlert errors={actionData?.errors} />
      )
    ) : null;
  const rulesTyped = typed("rules");
  const base = `/staff/fund/${round.id}`;

  return (
    <article className="staff-fund-round">
      <p>
        <Link to="/staff/fund">← {t("fundRounds.staff.title")}</Link>
      </p>
      <h1 dir="auto">{round.procedure.title}</h1>
      <p className="meta">
        {t("staff.procedures.kinds.fund_round")} ·{" "}
        {t(`staff.procedures.states.${round.procedure.state}`)}
      </p>
      <nav aria-label={t("fundRounds.staff.linksLabel")}>
        <ul>
          <li>
            <Link to={`${base}/applications`}>{t("fundRounds.staff.toApplications")}</Link>
          </li>
          <li>
            <Link to={`${base}/sessions`}>{t("fundRounds.staff.toSessions")}</Link>
          </li>
          <li>
            <Link to={`/staff/procedures/${round.procedure.id}`}>
              {t("fundRounds.staff.toProcedure")}
            </Link>
          </li>
          {round.procedure.state !== "draft" ? (
            <li>
              <Link to={`/procedures/${round.procedure.id}`}>
                {t("fundRounds.staff.toPublicPage")}
              </Link>
            </li>
          ) : null}
          <li>
            <a href={`${base}/overview.csv`} download>
              {t("fundRounds.staff.csv")}
            </a>
          </li>
        </ul>
      </nav>

      {done ? (
        <p className="alert alert-ok" role="status">
          {t(`fundRounds.staff.done.${done}`, { defaultValue: t("fundRounds.staff.done.saved") })}
        </p>
      ) : null}

      <section aria-labelledby="overview-heading">
        <h2 id="overview-heading">{t("fundRounds.overview.title")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("fundRounds.overview.pot")}</th>
                <th scope="col">{t("fundRounds.overview.amount")}</th>
                <th scope="col">{t("fundRounds.overview.granted")}</th>
                <th scope="col">{t("fundRounds.overview.paid")}</th>
                <th scope="col">{t("fundRounds.overview.spent")}</th>
                <th scope="col">{t("fundRounds.overview.returned")}</th>
                <th scope="col">{t("fundRounds.overview.free")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.pots.map((pot) => (
                <tr key={pot.id}>
                  <th scope="row">
                    <bdi>{pot.name}</bdi> ({t(`fund.potKindShort.${pot.kind}`)})
                  </th>
                  <td>{euro(pot.amountCents)}</td>
                  <td>{euro(pot.grantedCents)}</td>
                  <td>{euro(pot.paidCents)}</td>
                  <td>{euro(pot.spentCents)}</td>
                  <td>{euro(pot.returnedCents)}</td>
                  <td>{euro(pot.freeCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("fundRounds.overview.total")}</th>
                <td>{euro(overview.total.amountCents)}</td>
                <td>{euro(overview.total.grantedCents)}</td>
                <td>{euro(overview.total.paidCents)}</td>
                <td>{euro(overview.total.spentCents)}</td>
                <td>{euro(overview.total.returnedCents)}</td>
                <td>{euro(overview.total.freeCents)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <h3>{t("fundRounds.overview.projects")}</h3>
        {points.length > 0 ? (
          // The projects' places; the list below names every project too.
          <LazyMap mode="browse" points={points} styleUrl={styleUrl} attributions={attributions} />
        ) : null}
        {overview.projects.length === 0 ? (
          <p>{t("fundRounds.overview.noProjects")}</p>
        ) : (
          <ul>
            {overview.projects.map((project) => (
              <li key={project.id}>
                <Link to={`/staff/fund/projects/${project.id}`} dir="auto">
                  {project.title}
                </Link>
                {project.district ? (
                  <>
                    {" "}
                    · <bdi>{project.district}</bdi>
                  </>
                ) : null}{" "}
                · {euro(project.grantedCents)} ·{" "}
                {t(`fundRounds.reportStatus.${project.reportStatus ?? "none"}`)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t("fundRounds.rules.title")}</h2>
        {isAdmin ? (
          // Keyed by the saved rules: after saving, the fields show what is stored.
          <Form
            method="post"
            className="stack"
            id="rules-form"
            key={[
              round.maxPerProjectCents,
              round.maxPerItemCents,
              round.volunteerRateCents,
              round.minOwnContributionPercent,
              round.earliestProjectStart,
              round.reportDueDays,
              round.quorumRule,
            ].join("|")}
          >
            <CsrfInput />
            <input type="hidden" name="intent" value="rules" />
            {errorsFor("rules")}
            <EuroField
              name="maxPerProject"
              label={t("fundRounds.rules.maxPerProject")}
              value={rulesTyped?.maxPerProject ?? centsToInput(round.maxPerProjectCents, "de")}
            />
            <EuroField
              name="maxPerItem"
              label={t("fundRounds.rules.maxPerItem")}
              value={rulesTyped?.maxPerItem ?? centsToInput(round.maxPerItemCents, "de")}
            />
            <EuroField
              name="volunteerRate"
              label={t("fundRounds.rules.volunteerRate")}
              value={rulesTyped?.volunteerRate ?? centsToInput(round.volunteerRateCents, "de")}
            />
            <div className="field">
              <label htmlFor="rules-percent">{t("fundRounds.rules.minOwnContribution")}</label>
              <p className="hint" id="rules-percent-hint">
                {t("fundRounds.rules.minOwnContributionHint")}
              </p>
              <input
                id="rules-percent"
                name="minOwnContributionPercent"
                inputMode="numeric"
                aria-describedby="rules-percent-hint"
                defaultValue={
                  rulesTyped?.minOwnContributionPercent ??
                  (round.minOwnContributionPercent?.toString() || "")
                }
              />
            </div>
            <div className="field">
              <label htmlFor="rules-start">{t("fundRounds.rules.earliestStart")}</label>
              <p className="hint" id="rules-start-hint">
                {t("fundRounds.rules.earliestStartHint")}
              </p>
              <input
                id="rules-start"
                name="earliestProjectStart"
                type="date"
                aria-describedby="rules-start-hint"
                defaultValue={rulesTyped?.earliestProjectStart ?? round.earliestProjectStart ?? ""}
              />
            </div>
            <div className="field">
              <label htmlFor="rules-due">{t("fundRounds.rules.reportDueDays")}</label>
              <p className="hint" id="rules-due-hint">
                {t("fundRounds.rules.reportDueDaysHint")}
              </p>
              <input
                id="rules-due"
                name="reportDueDays"
                inputMode="numeric"
                required
                aria-describedby="rules-due-hint"
                defaultValue={rulesTyped?.reportDueDays ?? String(round.reportDueDays)}
              />
            </div>
            <div className="field">
              <label htmlFor="rules-quorum">{t("fundRounds.rules.quorum")}</label>
              <select
                id="rules-quorum"
                name="quorumRule"
                defaultValue={rulesTyped?.quorumRule ?? round.quorumRule}
              >
                {quorumRules.map((rule) => (
                  <option key={rule} value={rule}>
                    {t(`fundRounds.quorum.${rule}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="primary">
              {t("fundRounds.rules.save")}
            </button>
          </Form>
        ) : (
          <dl>
            <dt>{t("fundRounds.rules.maxPerProject")}</dt>
            <dd>{euro(round.maxPerProjectCents)}</dd>
            <dt>{t("fundRounds.rules.maxPerItem")}</dt>
            <dd>{euro(round.maxPerItemCents)}</dd>
            <dt>{t("fundRounds.rules.volunteerRate")}</dt>
            <dd>{euro(round.volunteerRateCents)}</dd>
            <dt>{t("fundRounds.rules.minOwnContribution")}</dt>
            <dd>
              {round.minOwnContributionPercent
                ? `${round.minOwnContributionPercent} %`
                : t("fundRounds.rules.none")}
            </dd>
            <dt>{t("fundRounds.rules.earliestStart")}</dt>
            <dd>{round.earliestProjectStart ?? t("fundRounds.rules.afterDecision")}</dd>
            <dt>{t("fundRounds.rules.reportDueDays")}</dt>
            <dd>{round.reportDueDays}</dd>
            <dt>{t("fundRounds.rules.quorum")}</dt>
            <dd>{t(`fundRounds.quorum.${round.quorumRule}`)}</dd>
          </dl>
        )}
      </section>

      <section aria-labelledby="pots-heading">
        <h2 id="pots-heading">{t("fundRounds.pots.title")}</h2>
        {round.pots.length === 0 ? <p>{t("fundRounds.pots.none")}</p> : null}
        {round.pots.map((pot) =>
          isAdmin ? (
            <Form
              method="post"
              key={`${pot.id}|${pot.name}|${pot.kind}|${pot.amountCents}`}
              className="stack panel"
            >
              <CsrfInput />
              <input type="hidden" name="potId" value={pot.id} />
              {errorsFor("update-pot", pot.id) ?? errorsFor("remove-pot", pot.id)}
              <PotFields
                idPrefix={`pot-${pot.id}`}
                values={
                  typed("update-pot", pot.id) ?? {
                    name: pot.name,
                    kind: pot.kind,
                    amount: centsToInput(pot.amountCents, "de"),
                  }
                }
              />
              <p className="hint">
                {t("fundRounds.pots.committed", {
                  committed: euro(pot.grantedCents - pot.returnedCents),
                })}
              </p>
              <p className="actions">
                <button type="submit" name="intent" value="update-pot" className="primary">
                  {t("fundRounds.pots.save")}
                </button>{" "}
                {pot.grantedCents === 0 ? (
                  <button type="submit" name="intent" value="remove-pot" className="secondary">
                    {t("fundRounds.pots.remove")}
                  </button>
                ) : null}
              </p>
            </Form>
          ) : (
            <p key={pot.id}>
              <bdi>{pot.name}</bdi> ({t(`fund.potKindShort.${pot.kind}`)}): {euro(pot.amountCents)}
            </p>
          ),
        )}
        {isAdmin ? (
          <Form method="post" className="stack panel" id="add-pot-form" key={round.pots.length}>
            <CsrfInput />
            <input type="hidden" name="intent" value="add-pot" />
            <h3>{t("fundRounds.pots.addTitle")}</h3>
            {errorsFor("add-pot")}
            <PotFields idPrefix="new-pot" values={typed("add-pot") ?? {}} />
            <button type="submit" className="primary">
              {t("fundRounds.pots.add")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("fundRounds.team.title")}</h2>
        <p className="hint">{t("fundRounds.team.hint")}</p>
        {errorsFor("remove-member") ?? errorsFor("set-chair")}
        {round.members.length === 0 ? (
          <p>{t("fundRounds.team.none")}</p>
        ) : (
          <ul className="stack">
            {round.members.map((member) => (
              <li key={member.id}>
                <bdi>{member.staff.name}</bdi> · <bdi>{member.staff.email}</bdi> ·{" "}
                {t(`staff.roles.${member.staff.role}`)}
                {member.isChair ? <strong> · {t("fundRounds.team.chair")}</strong> : null}
                {member.staff.active ? null : <> · {t("fundRounds.team.inactive")}</>}
                {isAdmin ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="memberId" value={member.id} />
                    {member.isChair ? null : (
                      <button type="submit" name="intent" value="set-chair" className="link-button">
                        {t("fundRounds.team.makeChair", { name: member.staff.name })}
                      </button>
                    )}{" "}
                    <button
                      type="submit"
                      name="intent"
                      value="remove-member"
                      className="link-button"
                    >
                      {t("fundRounds.team.remove", { name: member.staff.name })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {isAdmin ? (
          <Form method="post" className="stack panel" id="add-member-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="add-member" />
            <h3>{t("fundRounds.team.addTitle")}</h3>
            {errorsFor("add-member")}
            {round.candidates.length === 0 ? (
              <p>{t("fundRounds.team.noCandidates")}</p>
            ) : (
              <>
                <div className="field">
                  <label htmlFor="member-account">{t("fundRounds.team.account")}</label>
                  <select id="member-account" name="staffId" required defaultValue="">
                    <option value="">{t("fundRounds.team.choose")}</option>
                    {round.candidates.map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.name} ({candidate.email}, {t(`staff.roles.${candidate.role}`)})
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field checkbox">
                  <input id="member-chair" name="isChair" type="checkbox" />
                  <label htmlFor="member-chair">{t("fundRounds.team.asChair")}</label>
                </div>
                <button type="submit" className="primary">
                  {t("fundRounds.team.add")}
                </button>
              </>
            )}
            <p className="hint">
              {t("fundRounds.team.newAccountHint")}{" "}
              <Link to="/staff/users">{t("fundRounds.team.usersLink")}</Link>
            </p>
          </Form>
        ) : null}
      </section>
    </article>
  );
}

function EuroField({ name, label, value }: { name: string; label: string; value: string }) {
  const { t } = useTranslation();
  const id = `rules-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("fundRounds.euroHint")}
      </p>
      <input
        id={id}
        name={name}
        inputMode="decimal"
        required
        aria-describedby={`${id}-hint`}
        defaultValue={value}
      />
    </div>
  );
}

function PotFields({
  idPrefix,
  values,
}: {
  idPrefix: string;
  values: { name?: string; kind?: string; amount?: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-name`}>{t("fundRounds.pots.name")}</label>
        <input
          id={`${idPrefix}-name`}
          name="name"
          required
          maxLength={80}
          dir="auto"
          defaultValue={values.name ?? ""}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-kind`}>{t("fundRounds.pots.kind")}</label>
        <select id={`${idPrefix}-kind`} name="kind" defaultValue={values.kind ?? "investive"}>
          {potKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`fund.potKindShort.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-amount`}>{t("fundRounds.pots.amount")}</label>
        <p className="hint" id={`${idPrefix}-amount-hint`}>
          {t("fundRounds.euroHint")}
        </p>
        <input
          id={`${idPrefix}-amount`}
          name="amount"
          inputMode="decimal"
          required
          aria-describedby={`${idPrefix}-amount-hint`}
          defaultValue={values.amount ?? ""}
        />
      </div>
    </>
  );
}

function projectPoints(
  projects: ReadonlyArray<{
    id: string;
    title: string;
    lon: number | null;
    lat: number | null;
    grantedCents: number;
  }>,
  euro: (cents: number) => string,
  t: (key: string, options?: Record<string, unknown>) => string,
): MapPoint[] {
  return projects.flatMap((project) =>
    project.lon !== null && project.lat !== null
      ? [
          {
            id: project.id,
            title: project.title,
            lon: project.lon,
            lat: project.lat,
            href: `/staff/fund/projects/${project.id}`,
            detail: t("fundRounds.public.granted", { amount: euro(project.grantedCents) }),
          },
        ]
      : [],
  );
}
