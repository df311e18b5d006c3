import { describe, expect, it } from "vitest";
import {
  daysOverdue,
  REPORT_REMINDER_DAYS,
  reportDueAt,
  reportReminder,
} from "~/modules/fund/report-due";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-11-26T09:00:00Z");
const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY);

describe("spending report due dates", () => {
  it("is due reportDueDays after the project's end", () => {
    expect(reportDueAt(new Date("2026-10-01T16:00:00Z"), 56).toISOString()).toBe(
      "2026-11-26T16:00:00.000Z",
    );
  });

  it("counts whole days overdue, none before or on the due moment", () => {
    expect(daysOverdue(daysFromNow(1), now)).toBe(0);
    expect(daysOverdue(now, now)).toBe(0);
    expect(daysOverdue(daysFromNow(-0.5), now)).toBe(0);
    expect(daysOverdue(daysFromNow(-1), now)).toBe(1);
    expect(daysOverdue(daysFromNow(-10.2), now)).toBe(10);
  });

  it("reminds within the window and when overdue", () => {
    // Ended 50 days ago, due after 56: due in 6 days.
    expect(reportReminder({ endsOn: daysFromNow(-50), reportStatus: null }, 56, now)).toEqual({
      dueAt: daysFromNow(6),
      daysOverdue: 0,
      overdue: false,
    });
    // Exactly at the edge of the window.
    expect(
      reportReminder(
        { endsOn: daysFromNow(REPORT_REMINDER_DAYS - 56), reportStatus: "draft" },
        56,
        now,
      ),
    ).not.toBeNull();
    expect(
      reportReminder(
        { endsOn: daysFromNow(REPORT_REMINDER_DAYS - 56 + 1), reportStatus: null },
        56,
        now,
      ),
    ).toBeNull();
    expect(
      reportReminder({ endsOn: daysFromNow(-60), reportStatus: "questions" }, 56, now),
    ).toEqual({
      dueAt: daysFromNow(-4),
      daysOverdue: 4,
      overdue: true,
    });
  });

  it("needs no reminder without an end date or once the report is in", () => {
    expect(reportReminder({ endsOn: null, reportStatus: null }, 56, now)).toBeNull();
    for (const status of ["submitted", "accepted"]) {
      expect(
        reportReminder({ endsOn: daysFromNow(-100), reportStatus: status }, 56, now),
      ).toBeNull();
    }
  });
});
