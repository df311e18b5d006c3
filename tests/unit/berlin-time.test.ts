import { describe, expect, it } from "vitest";
import { berlinLocalToDate, dateToBerlinLocal, formatBerlin } from "~/utils/berlin-time";

describe("Berlin wall-clock time", () => {
  it.each([
    ["2027-03-12T18:00", "2027-03-12T17:00:00.000Z"], // winter, UTC+1
    ["2027-07-01T18:00", "2027-07-01T16:00:00.000Z"], // summer, UTC+2
    ["2027-03-28T01:59", "2027-03-28T00:59:00.000Z"], // just before spring forward
    ["2027-03-28T03:00", "2027-03-28T01:00:00.000Z"], // just after
    ["2027-10-31T02:30", "2027-10-31T00:30:00.000Z"], // ambiguous autumn hour: the earlier one
  ])("%s Berlin is %s", (local, iso) => {
    expect(berlinLocalToDate(local)?.toISOString()).toBe(iso);
  });

  it("moves a time in the missing spring hour forward", () => {
    const date = berlinLocalToDate("2027-03-28T02:30");
    expect(date).not.toBeNull();
    expect(dateToBerlinLocal(date!)).toBe("2027-03-28T03:30");
  });

  it.each(["", "2027-02-31T10:00", "2027-13-01T10:00", "12.03.2027 18:00", "2027-03-12T24:00"])(
    "refuses %j",
    (value) => {
      expect(berlinLocalToDate(value)).toBeNull();
    },
  );

  it("round-trips and formats in Berlin time for the visitor's language", () => {
    const date = new Date("2027-03-12T17:00:00Z");
    expect(dateToBerlinLocal(date)).toBe("2027-03-12T18:00");
    expect(
      formatBerlin(date, "de", {
        day: "numeric",
        month: "long",
        hour: "numeric",
        minute: "2-digit",
      }),
    ).toBe("12. März um 18:00");
  });
});
