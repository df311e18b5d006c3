import { describe, expect, it } from "vitest";
import { maskEmail, redactEmail } from "~/modules/mail/mask-email";
import { parseEnv, parseMailbox } from "~/utils/env.server";

const mail = {
  SMTP_URL: "smtp://user:p%40ss@mail.example.org:587",
  MAIL_FROM: "Quartiersstimme <beteiligung@example.org>",
  PUBLIC_BASE_URL: "https://beteiligung.example.org",
};

const problems = (source: Record<string, string>) => {
  const parsed = parseEnv(source);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
};

describe("mail settings at boot", () => {
  it("no SMTP_URL: valid, and no mail", () => {
    const parsed = parseEnv({});
    expect(parsed.success).toBe(true);
    expect(parsed.data?.SMTP_URL).toBe("");
  });

  it("a complete mail configuration is accepted (smtp and smtps)", () => {
    expect(problems(mail)).toEqual([]);
    expect(problems({ ...mail, SMTP_URL: "smtps://mail.example.org:465" })).toEqual([]);
    expect(problems({ ...mail, MAIL_FROM: "beteiligung@example.org" })).toEqual([]);
  });

  it("SMTP_URL without a sender or a public base URL stops the boot with a message naming them", () => {
    expect(problems({ SMTP_URL: mail.SMTP_URL })).toEqual(["PUBLIC_BASE_URL", "MAIL_FROM"]);
    const parsed = parseEnv({ SMTP_URL: mail.SMTP_URL, MAIL_FROM: mail.MAIL_FROM });
    expect(parsed.error?.issues[0]?.message).toMatch(/set PUBLIC_BASE_URL too/);
  });

  it("refuses what is not an SMTP URL or not a sender address", () => {
    expect(problems({ ...mail, SMTP_URL: "https://mail.example.org" })).toEqual(["SMTP_URL"]);
    expect(problems({ ...mail, SMTP_URL: "mail.example.org:587" })).toEqual(["SMTP_URL"]);
    expect(problems({ ...mail, MAIL_FROM: "Quartiersstimme" })).toEqual(["MAIL_FROM"]);
    expect(problems({ ...mail, MAIL_FROM: "Q <not an address>" })).toEqual(["MAIL_FROM"]);
  });

  it("reads a sender with and without a display name", () => {
    expect(parseMailbox('"Quartiersstimme Leipzig" <qs@example.org>')).toEqual({
      name: "Quartiersstimme Leipzig",
      address: "qs@example.org",
    });
    expect(parseMailbox("qs@example.org")).toEqual({ name: "", address: "qs@example.org" });
  });
});

describe("addresses in logs and staff lists", () => {
  it("are shortened to the first letter and the domain", () => {
    expect(maskEmail("olena.k@example.org")).toBe("o…@example.org");
    expect(maskEmail("broken")).toBe("…");
  });

  it("are removed from a mail server's answer, whatever the case", () => {
    expect(
      redactEmail(
        "550 5.1.1 <Olena.K@Example.org>: Recipient address rejected",
        "olena.k@example.org",
      ),
    ).toBe("550 5.1.1 <o…@example.org>: Recipient address rejected");
  });
});
