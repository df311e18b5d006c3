import { useTranslation } from "react-i18next";
import { formatStaffDate } from "./format";

type PhaseView = { kind: string; startsAt: string | Date; endsAt: string | Date };

/** "Läuft: Abstimmung bis 12.03.2027, 18:00" and "Danach: Auszählung ab …", Berlin time. */
export function PhaseSummary({
  situation,
  currentPhase,
  nextPhase,
}: {
  situation: string;
  currentPhase: PhaseView | null;
  nextPhase: PhaseView | null;
}) {
  const { t, i18n } = useTranslation();
  const date = (value: string | Date) => formatStaffDate(value, i18n.language);
  const phase = (view: PhaseView) => t(`staff.procedures.phaseKinds.${view.kind}`);
  return (
    <>
      {currentPhase ? (
        <span>
          {t("staff.procedures.phase.current", {
            phase: phase(currentPhase),
            end: date(currentPhase.endsAt),
          })}
        </span>
      ) : (
        <span>{t(`staff.procedures.situations.${situation}`)}</span>
      )}
      {nextPhase ? (
        <>
          <br />
          <span>
            {t("staff.procedures.phase.next", {
              phase: phase(nextPhase),
              start: date(nextPhase.startsAt),
            })}
          </span>
        </>
      ) : null}
    </>
  );
}

/** Every phase of a procedure with its dates (Berlin time), the running one marked in words. */
export function StaffPhaseTimeline({
  phases,
  currentKind,
}: {
  phases: ReadonlyArray<PhaseView>;
  currentKind: string | null;
}) {
  const { t, i18n } = useTranslation();
  const sorted = [...phases].sort((a, b) => +new Date(a.startsAt) - +new Date(b.startsAt));
  if (!sorted.length) return <p>{t("staff.procedures.phase.none")}</p>;
  return (
    <ol className="timeline">
      {sorted.map((phase) => (
        <li key={phase.kind} aria-current={phase.kind === currentKind ? "step" : undefined}>
          <strong>{t(`staff.procedures.phaseKinds.${phase.kind}`)}</strong>
          {phase.kind === currentKind ? ` (${t("staff.procedures.phase.running")})` : null}
          <br />
          <time dateTime={new Date(phase.startsAt).toISOString()}>
            {formatStaffDate(phase.startsAt, i18n.language)}
          </time>
          {" – "}
          <time dateTime={new Date(phase.endsAt).toISOString()}>
            {formatStaffDate(phase.endsAt, i18n.language)}
          </time>
        </li>
      ))}
    </ol>
  );
}
