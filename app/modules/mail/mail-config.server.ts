import { getEnv } from "~/utils/env.server";

export type MailConfig = {
  /** nodemailer connection URL (smtp:// or smtps://, options as query parameters). */
  smtpUrl: string;
  /** Sender, e.g. "Quartiersstimme <beteiligung@example.org>". */
  from: string;
  /** Absolute base of the links in mails (PUBLIC_BASE_URL, without a trailing slash). */
  baseUrl: string;
};

/**
 * Mail settings from the validated environment; null when no mail server is
 * configured (SMTP_URL empty). The environment check at boot makes sure that
 * MAIL_FROM and PUBLIC_BASE_URL are set whenever SMTP_URL is.
 */
export function getMailConfig(): MailConfig | null {
  const env = getEnv();
  if (!env.SMTP_URL) return null;
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    baseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ""),
  };
}

/** Whether the platform sends e-mail at all (and the form may say so). */
export function isMailEnabled(): boolean {
  return getMailConfig() !== null;
}
