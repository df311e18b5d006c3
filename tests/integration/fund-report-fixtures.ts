import { createTrackingToken } from "~/modules/proposals/tracking-token.server";
import { prisma } from "~/utils/db.server";

const day = 24 * 60 * 60 * 1000;

/**
 * A fund round whose phases put `now` into `phase` ("projects" by default:
 * reports may be submitted), with two pots, and one granted application with
 * three cost lines (410 € investive, 300 € and 90 € non-investive), 100 € own
 * money, a grant of 500 € split 300 € / 200 € over the pots.
 */
export async function setUpGrantedProject(
  options: {
    phase?: "applications" | "review" | "decision" | "projects" | "reports";
    status?: string;
    title?: string;
  } = {},
) {
  const area = await prisma.fundingArea.findFirstOrThrow({ select: { id: true } });
  const phase = options.phase ?? "projects";
  const kinds = ["applications", "review", "decision", "projects", "reports"] as const;
  const now = Date.now();
  const current = kinds.indexOf(phase);
  const procedure = await prisma.procedure.create({
    data: {
      kind: "fund_round",
      state: "published",
      title: "Verfügungsfonds Test",
      description: "Eine Förderrunde für Tests.",
      fundingAreaId: area.id,
      publishedAt: new Date(now - 100 * day),
      phases: {
        create: kinds.map((kind, index) => ({
          kind,
          startsAt: new Date(now + (index - current) * 10 * day - day),
          endsAt: new Date(now + (index - current) * 10 * day + 9 * day - day),
        })),
      },
    },
  });
  const round = await prisma.fundRound.create({
    data: {
      procedureId: procedure.id,
      maxPerProjectCents: 150000,
      maxPerItemCents: 41000,
      volunteerRateCents: 800,
      pots: {
        create: [
          {
            name: "Investiv",
            kind: "investive",
            amountCents: 500000,
            grantedCents: 30000,
            position: 0,
          },
          {
            name: "Nicht investiv",
            kind: "non_investive",
            amountCents: 500000,
            grantedCents: 20000,
            position: 1,
          },
        ],
      },
    },
    include: { pots: { orderBy: { position: "asc" } } },
  });
  const { token, hash } = createTrackingToken();
  const application = await prisma.fundApplication.create({
    data: {
      roundId: round.id,
      status: options.status ?? "granted",
      trackingTokenHash: hash,
      applicantName: "Olena Kowalenko",
      contactEmail: "olena@example.org",
      title: options.title ?? "Hoffest in der Eisenbahnstraße",
      description: "Ein Fest für alle im Hof.",
      ownMoneyCents: 10000,
      requestedCents: 50000,
      endsOn: new Date(now - 5 * day),
      costLines: {
        create: [
          { position: 1, description: "Pavillon", amountCents: 41000, potKind: "investive" },
          {
            position: 2,
            description: "Essen und Getränke",
            amountCents: 30000,
            potKind: "non_investive",
          },
          { position: 3, description: "Plakate", amountCents: 9000, potKind: "non_investive" },
        ],
      },
    },
    include: { costLines: { orderBy: { position: "asc" } } },
  });
  const session = await prisma.fundSession.create({
    data: { roundId: round.id, heldAt: new Date(now - 30 * day), place: "Stadtteilladen" },
  });
  await prisma.fundDecision.create({
    data: {
      applicationId: application.id,
      sessionId: session.id,
      outcome: "reduced",
      grantedCents: 50000,
      reason: "Gute Idee, Plakate selbst drucken.",
      allocations: {
        create: [
          { potId: round.pots[0]!.id, amountCents: 30000 },
          { potId: round.pots[1]!.id, amountCents: 20000 },
        ],
      },
    },
  });
  return {
    token,
    procedureId: procedure.id,
    roundId: round.id,
    potIds: round.pots.map((pot) => pot.id),
    applicationId: application.id,
    lineIds: application.costLines.map((line) => line.id),
  };
}

/** A small real PDF (one page with a line of text), made with pdf-lib. */
export async function receiptPdf(text = "Rechnung Nr. 42: Pavillon 380,00 EUR"): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import("pdf-lib");
  const document = await PDFDocument.create();
  const page = document.addPage([300, 200]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 20, y: 100, size: 10, font });
  return Buffer.from(await document.save());
}
