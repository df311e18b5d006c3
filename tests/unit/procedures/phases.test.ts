import { describe, expect, it } from "vitest";
import {
  allows,
  capabilities,
  checkPhases,
  currentSituation,
  phaseAllows,
  type Capability,
  type PhaseSituation,
} from "~/modules/procedures/phases";

/**
 * The expected table, written out cell by cell (x = allowed). Changing what a
 * phase allows means changing this picture too.
 */
const expected: Record<PhaseSituation, string> = {
  //             submit comment support ballot paper results apply resubmit decide report
  collection: "  x      x       x       .      .     .       .     .        .      .",
  review: "      .      x       x       .      .     .       .     x        .      .",
  voting: "      .      x       .       x      x     .       .     .        .      .",
  counting: "    .      .       .       .      x     .       .     .        .      .",
  results: "     .      x       .       .      .     x       .     .        .      .",
  applications: ".      .       .       .      .     .       x     x        .      .",
  decision: "    .      .       .       .      .     .       .     .        x      .",
  projects: "    .      .       .       .      .     .       .     .        .      x",
  reports: "     .      .       .       .      .     .       .     .        .      x",
  upcoming: "    .      .       .       .      .     .       .     .        .      .",
  between: "     .      .       .       .      .     .       .     .        .      .",
  ended: "       .      .       .       .      .     x       .     .        .      .",
};
const columns: Capability[] = [
  "proposal:submit",
  "comment:create",
  "support:create",
  "ballot:cast",
  "paper:enter",
  "results:view",
  "application:submit",
  "application:resubmit",
  "fund:decide",
  "report:submit",
];

describe("the phase table", () => {
  it("has a column for every capability and a row for every situation", () => {
    expect([...columns].sort()).toEqual([...capabilities].sort());
    expect(Object.keys(phaseAllows).sort()).toEqual(Object.keys(expected).sort());
  });

  const cells = Object.entries(expected).flatMap(([situation, row]) =>
    row
      .trim()
      .split(/\s+/)
      .map((mark, index) => ({
        situation: situation as PhaseSituation,
        capability: columns[index]!,
        allowed: mark === "x",
      })),
  );

  it("has 120 cells", () => {
    expect(cells).toHaveLength(12 * 10);
  });

  it.each(cells)("$situation / $capability → $allowed", ({ situation, capability, allowed }) => {
    expect(allows(situation, capability)).toBe(allowed);
  });
});

describe("current situation", () => {
  const d = (iso: string) => new Date(iso);
  const phases = [
    {
      kind: "collection" as const,
      startsAt: d("2027-01-01T00:00:00Z"),
      endsAt: d("2027-02-01T00:00:00Z"),
    },
    {
      kind: "voting" as const,
      startsAt: d("2027-02-10T00:00:00Z"),
      endsAt: d("2027-03-12T17:00:00Z"),
    },
  ];

  it.each([
    ["2026-12-31T23:59:59Z", "upcoming"],
    ["2027-01-01T00:00:00Z", "collection"],
    ["2027-02-01T00:00:00Z", "between"],
    ["2027-02-10T00:00:00Z", "voting"],
    ["2027-03-12T16:59:59Z", "voting"],
    ["2027-03-12T17:00:00Z", "ended"],
  ])("at %s it is %s", (now, situation) => {
    expect(currentSituation(phases, d(now)).situation).toBe(situation);
  });

  it("knows the next phase", () => {
    expect(currentSituation(phases, d("2027-02-05T00:00:00Z")).next?.kind).toBe("voting");
  });

  it("checks a phase plan", () => {
    expect(checkPhases(phases)).toEqual([]);
    expect(checkPhases([])).toEqual(["empty"]);
    expect(
      checkPhases([
        { kind: "voting", startsAt: d("2027-02-10T00:00:00Z"), endsAt: d("2027-02-01T00:00:00Z") },
      ]),
    ).toEqual(["order"]);
    expect(
      checkPhases([
        phases[0]!,
        { kind: "voting", startsAt: d("2027-01-15T00:00:00Z"), endsAt: d("2027-03-01T00:00:00Z") },
      ]),
    ).toEqual(["overlap"]);
    expect(checkPhases([phases[0]!, { ...phases[1]!, kind: "collection" }])).toEqual([
      "duplicate-kind",
    ]);
  });
});
