import { stringify } from "csv-stringify/sync";
import { germanPlace, parsePlace } from "~/modules/addresses/place";
import { publicStatuses } from "~/modules/proposals/statuses";
import { prisma } from "~/utils/db.server";

/** Spreadsheet programs run cells starting with these as formulas: neutralise them. */
export function safeCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(rows: unknown[][], options: { excel: boolean }) {
  const csv = stringify(
    rows.map((row) => row.map(safeCell)),
    {
      delimiter: options.excel ? ";" : ",",
      record_delimiter: "windows",
    },
  );
  // The byte order mark makes Excel read UTF-8 (umlauts, Arabic) correctly.
  return options.excel ? `\uFEFF${csv}` : csv;
}

/** Published initiatives for everyone: no personal data, ever. */
export async function publicProposalsCsv(baseUrl: string): Promise<string> {
  const rows = await prisma.proposal.findMany({
    where: { publishedAt: { not: null }, status: { in: [...publicStatuses] } },
    orderBy: { publishedAt: "desc" },
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      status: true,
      district: true,
      placeLabel: true,
      lon: true,
      lat: true,
      supportCount: true,
      createdAt: true,
      publishedAt: true,
    },
  });
  return toCsv(
    [
      [
        "id",
        "title",
        "description",
        "category",
        "status",
        "district",
        "place",
        "lon",
        "lat",
        "supportCount",
        "createdAt",
        "publishedAt",
        "url",
      ],
      ...rows.map((r) => [
        r.id,
        r.title,
        r.description,
        r.category,
        r.status,
        r.district,
        germanPlace(parsePlace(r.placeLabel)),
        r.lon,
        r.lat,
        r.supportCount,
        r.createdAt,
        r.publishedAt,
        `${baseUrl}/proposals/${r.id}`,
      ]),
    ],
    { excel: false },
  );
}

/** All initiatives for staff; contact data only when asked for (admins). */
export async function staffProposalsCsv(options: { withContacts: boolean }): Promise<string> {
  const rows = await prisma.proposal.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      status: true,
      district: true,
      placeLabel: true,
      language: true,
      lon: true,
      lat: true,
      supportCount: true,
      createdAt: true,
      publishedAt: true,
      submitterName: true,
      submitterEmail: true,
      contactConsentAt: true,
    },
  });
  const header = [
    "id",
    "title",
    "description",
    "category",
    "status",
    "district",
    "place",
    "language",
    "lon",
    "lat",
    "supportCount",
    "createdAt",
    "publishedAt",
    ...(options.withContacts ? ["submitterName", "submitterEmail", "contactConsentAt"] : []),
  ];
  return toCsv(
    [
      header,
      ...rows.map((r) => [
        r.id,
        r.title,
        r.description,
        r.category,
        r.status,
        r.district,
        germanPlace(parsePlace(r.placeLabel)),
        r.language,
        r.lon,
        r.lat,
        r.supportCount,
        r.createdAt,
        r.publishedAt,
        ...(options.withContacts ? [r.submitterName, r.submitterEmail, r.contactConsentAt] : []),
      ]),
    ],
    { excel: true },
  );
}

export function csvResponse(csv: string, filename: string) {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
