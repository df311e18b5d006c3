import { useTranslation } from "react-i18next";
import { StatusBadge } from "./status-badge";

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
              {step.reason}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
