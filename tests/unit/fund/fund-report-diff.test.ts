import { describe, expect, it } from "vitest";
import {
  diffLine,
  reportMoney,
  splitByAllocations,
  type PlannedLine,
} from "~/modules/fund/report-diff";

const line = (position: number, plannedCents: number, actualCents: number | null): PlannedLine => ({
  id: `l${position}`,
  position,
  plannedCents,
  actualCents,
});

const twoPots = [
  { potId: "inv", amountCents: 30000 },
  { potId: "non", amountCents: 20000 },
];

describe("diffLine", () => {
  it("flags each kind of difference with the amount and percent", () => {
    expect(diffLine(line(1, 41000, 41000))).toMatchObject({
      flag: "as-planned",
      differenceCents: 0,
      differencePercent: 0,
    });
    expect(diffLine(line(1, 40000, 46000))).toMatchObject({
      flag: "over-plan",
      differenceCents: 6000,
      differencePercent: 15,
    });
    expect(diffLine(line(1, 30000, 22500))).toMatchObject({
      flag: "under-plan",
      differenceCents: -7500,
      differencePercent: -25,
    });
    expect(diffLine(line(1, 12000, 0))).toMatchObject({
      flag: "not-spent",
      differenceCents: -12000,
      differencePercent: -100,
    });
    expect(diffLine(line(1, 12000, null))).toMatchObject({
      flag: "not-reported",
      differenceCents: 0,
      differencePercent: null,
    });
  });

  it("has no percent for a line planned at zero", () => {
    expect(diffLine(line(1, 0, 500))).toMatchObject({
      flag: "over-plan",
      differenceCents: 500,
      differencePercent: null,
    });
  });
});

describe("reportMoney", () => {
  const base = {
    grantedCents: 50000,
    ownMoneyCents: 10000,
    paidCents: 50000,
    allocations: twoPots,
  };

  it("all spent as planned: nothing comes back, nothing to repay", () => {
    const money = reportMoney({ ...base, lines: [line(1, 40000, 40000), line(2, 20000, 20000)] });
    expect(money).toMatchObject({
      plannedCents: 60000,
      spentCents: 60000,
      fundShareSpentCents: 50000,
      unspentCents: 0,
      repayCents: 0,
      returnsByPot: [
        { potId: "inv", amountCents: 0 },
        { potId: "non", amountCents: 0 },
      ],
    });
  });

  it("underspent: own money pays first, the rest of the grant goes back in proportion", () => {
    // Spent 45,000; own money 10,000 → the fund paid 35,000 of the 50,000 granted.
    const money = reportMoney({ ...base, lines: [line(1, 40000, 30000), line(2, 20000, 15000)] });
    expect(money.spentCents).toBe(45000);
    expect(money.fundShareSpentCents).toBe(35000);
    expect(money.unspentCents).toBe(15000);
    expect(money.repayCents).toBe(15000);
    expect(money.returnsByPot).toEqual([
      { potId: "inv", amountCents: 9000 },
      { potId: "non", amountCents: 6000 },
    ]);
    expect(money.lines.map((l) => l.flag)).toEqual(["under-plan", "under-plan"]);
  });

  it("overspent: the fund share stays at the grant, nothing comes back", () => {
    const money = reportMoney({ ...base, lines: [line(1, 40000, 52000), line(2, 20000, 21000)] });
    expect(money).toMatchObject({
      spentCents: 73000,
      fundShareSpentCents: 50000,
      unspentCents: 0,
      repayCents: 0,
    });
    expect(money.lines.map((l) => l.flag)).toEqual(["over-plan", "over-plan"]);
  });

  it("nothing spent: the whole grant goes back and everything paid is repaid", () => {
    const money = reportMoney({ ...base, lines: [line(1, 40000, 0), line(2, 20000, 0)] });
    expect(money).toMatchObject({
      spentCents: 0,
      fundShareSpentCents: 0,
      unspentCents: 50000,
      repayCents: 50000,
      returnsByPot: [
        { potId: "inv", amountCents: 30000 },
        { potId: "non", amountCents: 20000 },
      ],
    });
    expect(money.lines.map((l) => l.flag)).toEqual(["not-spent", "not-spent"]);
  });

  it("spent less than the own money: the fund paid nothing", () => {
    const money = reportMoney({ ...base, lines: [line(1, 40000, 8000), line(2, 20000, 0)] });
    expect(money.fundShareSpentCents).toBe(0);
    expect(money.unspentCents).toBe(50000);
  });

  it("repays only what was paid beyond the fund's share", () => {
    const money = reportMoney({
      ...base,
      paidCents: 20000,
      lines: [line(1, 40000, 30000), line(2, 20000, 15000)],
    });
    expect(money.fundShareSpentCents).toBe(35000);
    expect(money.repayCents).toBe(0);
  });

  it("counts lines not reported as nothing spent", () => {
    const money = reportMoney({ ...base, lines: [line(1, 40000, 40000), line(2, 20000, null)] });
    expect(money.spentCents).toBe(40000);
    expect(money.lines[1]!.flag).toBe("not-reported");
  });
});

describe("splitByAllocations", () => {
  it("gives odd cents over two pots to the larger remainder and adds up exactly", () => {
    // 1001 cents over 1:1 → 500.5 each: the first pot takes the odd cent.
    expect(
      splitByAllocations(1001, [
        { potId: "a", amountCents: 5000 },
        { potId: "b", amountCents: 5000 },
      ]),
    ).toEqual([
      { potId: "a", amountCents: 501 },
      { potId: "b", amountCents: 500 },
    ]);
    // 101 cents over 1:2 → 33.67 / 67.33: the first pot (remainder .67) takes the cent.
    expect(
      splitByAllocations(101, [
        { potId: "a", amountCents: 10000 },
        { potId: "b", amountCents: 20000 },
      ]),
    ).toEqual([
      { potId: "a", amountCents: 34 },
      { potId: "b", amountCents: 67 },
    ]);
  });

  it("always adds up and never gives a pot more than its allocation", () => {
    for (let amount = 0; amount <= 1237; amount += 7) {
      const allocations = [
        { potId: "a", amountCents: 337 },
        { potId: "b", amountCents: 900 },
      ];
      const parts = splitByAllocations(amount, allocations);
      expect(parts.reduce((sum, p) => sum + p.amountCents, 0)).toBe(amount);
      parts.forEach((part, i) =>
        expect(part.amountCents).toBeLessThanOrEqual(allocations[i]!.amountCents),
      );
    }
  });

  it("one pot takes everything; no allocations or no amount give zeros", () => {
    expect(splitByAllocations(777, [{ potId: "a", amountCents: 1000 }])).toEqual([
      { potId: "a", amountCents: 777 },
    ]);
    expect(splitByAllocations(0, twoPots).map((p) => p.amountCents)).toEqual([0, 0]);
    expect(splitByAllocations(500, [])).toEqual([]);
  });
});
