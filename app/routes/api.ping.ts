/**
 * GET /api/ping — the smallest answer the app gives: no database, no i18n, no
 * rendering. For uptime checks, and as the ceiling in the ballot benchmark
 * (bench/ballots.ts): what a request costs in this server stack before any
 * work of the app.
 */
export function loader() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
