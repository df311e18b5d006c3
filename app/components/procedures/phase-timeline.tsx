import { useTranslation } from "react-i18next";
import { useProcedureFormat } from "./format";

export type PhaseView = { kind: string; startsAt: string | Date; endsAt: string | Date };

/**
 * Where a procedure stands, in one line: "jetzt: Abstimmung bis 12. März, 18 Uhr",
 * "ab 3. März, 10 Uhr: Ideensammlung", "beendet am 30. April".
 */
export function PhaseNow({
  phases,
  currentPhase,
  nextPhase,
  archived,
  votingClosed = false,
  now,
}: {
  phases: ReadonlyArray<PhaseView>;
  currentPhase: PhaseView | null;
  nextPhase: PhaseView | null;
  archived: boolean;
  /** The voting phase runs, but staff have closed the vote early. */
  votingClosed?: boolean;
  now: string;
}) {
  const { t } = useTranslation();
  const format = useProcedureFormat(now);
  const phaseName = (phase: PhaseView) => t(`procedures.phase.${phase.kind}`);
  let text: string;
  if (archived) {
    text = t("procedures.now.archived");
  } else if (votingClosed) {
    text = t("procedures.now.votingClosed");
  } else if (currentPhase) {
    text = t("procedures.now.running", {
      phase: phaseName(currentPhase),
      end: format.moment(currentPhase.endsAt),
    });
  } else if (nextPhase) {
    const started = phases.some((phase) => new Date(phase.startsAt) <= new Date(now));
    text = t(started ? "procedures.now.next" : "procedures.now.upcoming", {
      phase: phaseName(nextPhase),
      start: format.moment(nextPhase.startsAt),
    });
  } else {
    const last = [...phases].sort((a, b) => +new Date(b.endsAt) - +new Date(a.endsAt))[0];
    text = last ? t("procedures.now.endedOn", { date: format.day(last.endsAt) }) : "";
  }
  return <p className="phase-now">{text}</p>;
}

/** All phases in order, each with its dates and whether it is over, running or to come. */
export function PhaseTimeline({
  phases,
  now,
  archived,
}: {
  phases: ReadonlyArray<PhaseView>;
  now: string;
  archived: boolean;
}) {
  const { t } = useTranslation();
  const format = useProcedureFormat(now);
  const time = new Date(now).getTime();
  const sorted = [...phases].sort((a, b) => +new Date(a.startsAt) - +new Date(b.startsAt));
  return (
    <ol className="phase-timeline">
      {sorted.map((phase) => {
        const start = new Date(phase.startsAt).getTime();
        const end = new Date(phase.endsAt).getTime();
        const state = end <= time || archived ? "done" : start <= time ? "now" : ("later" as const);
        return (
          <li
            key={phase.kind}
            className={`phase phase-is-${state}`}
            aria-current={state === "now" ? "step" : undefined}
          >
            <span className="phase-name">{t(`procedures.phase.${phase.kind}`)}</span>{" "}
            <span className="phase-state">{t(`procedures.phaseState.${state}`)}</span>
            <br />
            <span className="phase-dates">
              {t("procedures.time.range", {
                start: format.moment(phase.startsAt),
                end: format.moment(phase.endsAt),
              })}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
