import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { UserText } from "~/components/user-text";
import { listCommentQueue, moderateComment } from "~/modules/comments/comments.server";
import { listProposalQueue } from "~/modules/moderation/moderation.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { CsrfInput } from "~/components/csrf-input";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "moderate:proposal");
  const [proposals, comments] = await Promise.all([listProposalQueue(), listCommentQueue()]);
  return {
    proposals,
    comments: comments.map((comment) => ({
      id: comment.id,
      body: comment.body,
      authorName: comment.authorName,
      status: comment.status,
      reportCount: comment.reportCount,
      createdAt: comment.createdAt,
      proposal: comment.proposal,
    })),
  };
}

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const commentDecisionSchema = () =>
  z.object({
    commentId: z.string().min(1).max(40),
    decision: z.enum(["approve", "hide"]),
  });

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "moderate:comment");
  const parsed = commentDecisionSchema().safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return Response.json({ error: "errors.staff.invalidAction" }, { status: 400 });
  const outcome = await moderateComment({ ...parsed.data, staffId: user.id });
  if (outcome.status === "refused") throw new Response("Not found", { status: 404 });
  return redirect("/staff", 303);
}

export default function StaffQueue() {
  const { t, i18n } = useTranslation();
  const { proposals, comments } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (
    <>
      <h1>{t("staff.queue.title")}</h1>
      <section aria-labelledby="queue-proposals">
        <h2 id="queue-proposals">{t("staff.queue.proposals", { count: proposals.length })}</h2>
        {proposals.length === 0 ? <p>{t("staff.queue.proposalsEmpty")}</p> : null}
        <ul className="cards">
          {proposals.map((proposal) => (
            <li key={proposal.id} className="card">
              <h3>
                <Link to={`/staff/proposals/${proposal.id}`} dir="auto">
                  {proposal.title}
                </Link>
              </h3>
              <p className="meta">
                <CategoryTag category={proposal.category} />{" "}
                <StatusBadge status={proposal.status} /> ·{" "}
                <time dateTime={proposal.createdAt}>
                  {format.format(new Date(proposal.createdAt))}
                </time>
                {proposal.district ? (
                  <>
                    {" "}
                    · <bdi>{proposal.district}</bdi>
                  </>
                ) : null}{" "}
                · {proposal.language}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="queue-comments">
        <h2 id="queue-comments">{t("staff.queue.comments", { count: comments.length })}</h2>
        {comments.length === 0 ? <p>{t("staff.queue.commentsEmpty")}</p> : null}
        <ul className="cards">
          {comments.map((comment) => (
            <li key={comment.id} className="card">
              <p className="meta">
                <span className="badge">{t(`staff.commentStatus.${comment.status}`)}</span>{" "}
                {comment.reportCount > 0
                  ? t("staff.queue.reports", { count: comment.reportCount })
                  : null}{" "}
                ·{" "}
                <time dateTime={comment.createdAt}>
                  {format.format(new Date(comment.createdAt))}
                </time>{" "}
                · {comment.authorName ? <bdi>{comment.authorName}</bdi> : t("comments.anonymous")} ·{" "}
                {t("staff.queue.on")}{" "}
                <Link to={`/staff/proposals/${comment.proposal.id}`}>
                  <bdi>{comment.proposal.title}</bdi>
                </Link>
              </p>
              <UserText text={comment.body} />
              <Form method="post" className="button-row">
                <CsrfInput />
                <input type="hidden" name="commentId" value={comment.id} />
                <button type="submit" name="decision" value="approve" className="primary">
                  {t("staff.queue.approve")}
                </button>
                <button type="submit" name="decision" value="hide" className="danger">
                  {t("staff.queue.hide")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
