import { useTranslation } from "react-i18next";
import { formatBerlin } from "~/utils/berlin-time";
import { ImplementationBadge, StatusBadge } from "./status-badge";
import { UserText } from "./user-text";

type Step = { id: string; toStatus: string; reason: string | null; createdAt: string | Date };

/** Public history of an initiative: each status change with its date and reason. */
export function StatusTimeline({ steps }: { steps: Step[] }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long" });
  return (
    <ol className="timeline">
      {steps.map((step) => (
        <li key={step.id}>
          <time dateTime={new Date(step.createdAt).toISOString()}>
            {format.format(new Date(step.createdAt))}
          </time>{" "}
          <StatusBadge status={step.toStatus} />
          {step.reason ? (
            <p className="reason">
              <span className="visually-hidden">{t("proposals.detail.reason")}: </span>
              <bdi>{step.reason}</bdi>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export type ImplementationView = {
  state: string;
  byVote: boolean;
  acceptedAt: string | Date;
  notes: Array<{ id: string; state: string; body: string; date: string | Date }>;
};

/**
 * What became of an accepted initiative: its dated public notes, in Berlin
 * time. A record that a vote's result created starts without a note; its
 * acceptance is then shown from the record itself.
 */
export function ImplementationTimeline({ implementation }: { implementation: ImplementationView }) {
  const { t, i18n } = useTranslation();
  const day = (date: string | Date) => formatBerlin(date, i18n.language, { dateStyle: "long" });
  const steps = implementation.notes.some((note) => note.state === "accepted")
    ? implementation.notes
    : [
        {
          id: "accepted",
          state: "accepted",
          body: implementation.byVote ? t("outcomes.acceptedByVote") : "",
          date: implementation.acceptedAt,
        },
        ...implementation.notes,
      ];
  return (
    <ol className="timeline implementation-timeline">
      {steps.map((step) => (
        <li key={step.id}>
          <time dateTime={new Date(step.date).toISOString()}>{day(step.date)}</time>{" "}
          <ImplementationBadge state={step.state} />
          {step.body ? <UserText text={step.body} className="reason" /> : null}
        </li>
      ))}
    </ol>
  );
}
