import { getEnv, type Env } from "./env.server";

/**
 * Shown while `OFFICE_CONTACT_EMAIL` is unset. The reserved `.example` domain
 * (RFC 2606) means no mail sent there is ever delivered: the pages say so.
 */
export const DEMO_OFFICE_CONTACT_EMAIL = "demo-kontakt@quartiersstimme.example";

/** The office's e-mail address; `isDemo` while the installation has none configured. */
export type OfficeContact = { email: string; isDemo: boolean };

export function getOfficeContact(env: Pick<Env, "OFFICE_CONTACT_EMAIL"> = getEnv()): OfficeContact {
  return env.OFFICE_CONTACT_EMAIL
    ? { email: env.OFFICE_CONTACT_EMAIL, isDemo: false }
    : { email: DEMO_OFFICE_CONTACT_EMAIL, isDemo: true };
}
