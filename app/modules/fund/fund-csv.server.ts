import { toCsv } from "~/modules/exports/exports.server";
import { dateToBerlinLocal } from "~/utils/berlin-time";
import { getRoundOverview } from "./rounds.server";

/**
 * The annual overview of a round for the city's office: one row per granted
 * project. No personal data (no applicant, organisation, e-mail, phone or
 * address); cells that a spreadsheet would run as a formula are neutralised
 * by the shared export helper. Amounts in euros with a decimal comma, as the
 * office's spreadsheets expect (Excel flavour: semicolons, BOM).
 */

const euros = (cents: number) => (cents / 100).toFixed(2).replace(".", ",");
const day = (date: Date | null) => (date ? dateToBerlinLocal(date).slice(0, 10) : "");

export async function roundOverviewCsv(roundId: string): Promise<string> {
  const { projects, potNames } = await getRoundOverview(roundId);
  const header = [
    "Projekt",
    "Ortsteil",
    "Beginn",
    "Ende",
    "Beantragt (EUR)",
    "Bewilligt (EUR)",
    ...potNames.map((pot) => `Bewilligt ${pot.name} (EUR)`),
    "Ausgezahlt (EUR)",
    "Ausgegeben (EUR)",
    "Zurückgeflossen (EUR)",
    "Verwendungsnachweis",
  ];
  const rows = projects.map((project) => [
    project.title,
    project.district ?? "",
    day(project.startsOn),
    day(project.endsOn),
    euros(project.requestedCents),
    euros(project.grantedCents),
    ...potNames.map((pot) =>
      euros(
        project.allocations.find((allocation) => allocation.potId === pot.id)?.amountCents ?? 0,
      ),
    ),
    euros(project.paidCents),
    euros(project.spentCents),
    euros(project.returnedCents),
    reportStatusLabel(project.reportStatus),
  ]);
  return toCsv([header, ...rows], { excel: true });
}

/** The report status in the office's words (the CSV is German, like the other staff exports). */
function reportStatusLabel(status: string | null): string {
  switch (status) {
    case "accepted":
      return "geprüft und angenommen";
    case "submitted":
      return "eingereicht";
    case "questions":
      return "Rückfragen";
    case "draft":
      return "in Arbeit";
    default:
      return "noch nicht begonnen";
  }
}
