import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { StatusTimeline } from "~/components/status-timeline";
import { getT } from "~/i18n/i18n.server";
import {
  erasePersonalData,
  getProposalForTracking,
  withdrawProposal,
} from "~/modules/proposals/proposals.server";
import { isPublicStatus, isWithdrawable } from "~/modules/proposals/statuses";
import { baseUrl } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  // A private page: keep it out of search engines.
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const proposal = await getProposalForTracking(token);
  if (!proposal) throw new Response("Not found", { status: 404 });
  const t = await getT(request);
  const url = new URL(request.url);
  return {
    pageTitle: `${t("tracking.title")} – ${t("app.name")}`,
    justSubmitted: url.searchParams.get("submitted") === "1",
    done: url.searchParams.get("done"),
    trackingUrl: `${baseUrl(request)}/track/${token}`,
    proposal: {
      ...proposal,
      hasPersonalData: Boolean(proposal.submitterName || proposal.submitterEmail),
      isPublic: proposal.publishedAt !== null && isPublicStatus(proposal.status),
    },
  };
}

const IntentSchema = z.object({ intent: z.enum(["withdraw", "erase-personal-data"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: "errors.tracking.unknownAction" }, { status: 400 });
  const outcome =
    parsed.data.intent === "withdraw" ? await withdrawProposal(token) : await erasePersonalData(token);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json({ error: "errors.tracking.notWithdrawable" }, { status: 409 });
  }
  const done = parsed.data.intent === "withdraw" ? "withdrawn" : "erased";
  return redirect(`/track/${token}?done=${done}`, 303);
}

export default function Tracking() {
  const { t } = useTranslation();
  const { proposal, justSubmitted, trackingUrl, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error: string }>();
  return (
    <article className="narrow">
      {justSubmitted ? (
        <div className="alert alert-ok" role="status">
          <h1>{t("tracking.thanksTitle")}</h1>
          <p>{t("tracking.thanksText")}</p>
        </div>
      ) : (
        <h1>{t("tracking.title")}</h1>
      )}
      {done ? (
        <p className="alert alert-ok" role="status">
          {t(done === "withdrawn" ? "tracking.withdrawnDone" : "tracking.erasedDone")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert alert-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

      <section className="tracking-link">
        <h2>{t("tracking.linkTitle")}</h2>
        <p>{t("tracking.linkText")}</p>
        <p>
          <a href={trackingUrl} className="break-all">
            {trackingUrl}
          </a>
        </p>
      </section>

      <section>
        <h2 dir="auto">{proposal.title}</h2>
        <p className="meta">
          <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} />
        </p>
        <p>{proposal.isPublic ? t("tracking.isPublic") : t("tracking.notPublic")}</p>
        {proposal.isPublic ? (
          <p>
            <Link to={`/proposals/${proposal.id}`}>{t("tracking.publicPage")}</Link>
          </p>
        ) : null}
        <div className="description" dir="auto">
          {proposal.description.split(/\n{2,}/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </section>

      <section>
        <h2>{t("proposals.detail.history")}</h2>
        <StatusTimeline steps={proposal.statusChanges} />
      </section>

      <section>
        <h2>{t("tracking.personalDataTitle")}</h2>
        {proposal.hasPersonalData ? (
          <>
            <dl>
              {proposal.submitterName ? (
                <>
                  <dt>{t("proposals.fields.name")}</dt>
                  <dd>{proposal.submitterName}</dd>
                </>
              ) : null}
              {proposal.submitterEmail ? (
                <>
                  <dt>{t("proposals.fields.email")}</dt>
                  <dd>{proposal.submitterEmail}</dd>
                </>
              ) : null}
            </dl>
            <Form method="post">
              <button type="submit" name="intent" value="erase-personal-data" className="secondary">
                {t("tracking.erase")}
              </button>
            </Form>
          </>
        ) : (
          <p>{t("tracking.noPersonalData")}</p>
        )}
      </section>

      {isWithdrawable(proposal.status) ? (
        <section>
          <h2>{t("tracking.withdrawTitle")}</h2>
          <p>{t("tracking.withdrawText")}</p>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t("tracking.withdrawConfirm"))) event.preventDefault();
            }}
          >
            <button type="submit" name="intent" value="withdraw" className="danger">
              {t("tracking.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
