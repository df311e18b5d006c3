import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().startsWith("file:").default("file:./data/app.db"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Optional full basemap style (e.g. a self-hosted PMTiles style). Empty: built-in offline style. */
    MAP_STYLE_URL: z.union([z.literal(""), z.url()]).default(""),
    /**
     * Meeting streams (server-sent events) end after this many seconds and the
     * browser reconnects at once; 0 keeps them open. Spreads long connections
     * over restarts and proxies with idle limits.
     */
    SSE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(1800),
    /** Public base URL used in tracking links from the API, e.g. https://beteiligung.example.org */
    PUBLIC_BASE_URL: z.union([z.literal(""), z.url()]).default(""),
    /**
     * Proxies in front of the app whose X-Forwarded-* headers are believed: a
     * number of hops, or a comma-separated list of addresses/subnets (also
     * Express's names loopback, linklocal, uniquelocal). Never a blanket "true".
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default("")
      .transform((value, ctx) => {
        const parsed = parseTrustProxy(value);
        if (parsed === null) {
          ctx.addIssue({
            code: "custom",
            message:
              'TRUST_PROXY must be a number of proxy hops (e.g. "1") or a comma-separated list of proxy addresses (e.g. "127.0.0.1,10.0.0.0/8"); "true" would believe any client.',
          });
          return z.NEVER;
        }
        return parsed;
      }),
    /** Submissions allowed per client and hour (form and API together). */
    SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    /**
     * The office's e-mail address, named in the imprint and the accessibility
     * statement (where barriers are reported). Empty: a demo placeholder, shown
     * as such (see `app/utils/office-contact.server.ts`).
     */
    OFFICE_CONTACT_EMAIL: z.union([z.literal(""), z.email()]).default(""),
    /**
     * Where uploaded files live (photos under uploads/), outside the database.
     * Empty: the directory of the SQLite file (./data with the default DATABASE_URL).
     */
    DATA_DIR: z.string().trim().default(""),
    /**
     * Outgoing mail server, e.g. smtp://user:pass@mail.example.org:587 (STARTTLS when
     * the server offers it) or smtps://user:pass@mail.example.org:465. Empty: no e-mail
     * is sent, and the form promises none.
     */
    SMTP_URL: z
      .string()
      .trim()
      .default("")
      .refine((value) => value === "" || isSmtpUrl(value), {
        message:
          "SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465 (special characters in the password percent-encoded).",
      }),
    /** Sender of every mail, e.g. "Quartiersstimme <beteiligung@example.org>" or a bare address. */
    MAIL_FROM: z
      .string()
      .trim()
      .default("")
      .refine((value) => value === "" || parseMailbox(value) !== null, {
        message:
          'MAIL_FROM must be an address such as beteiligung@example.org or "Quartiersstimme <beteiligung@example.org>".',
      }),
  })
  .superRefine((env, ctx) => {
    if (!env.SMTP_URL) return;
    // Mails carry absolute links (tracking, unsubscribe); without a request they come from here.
    if (!env.PUBLIC_BASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_BASE_URL"],
        message:
          "SMTP_URL is set: set PUBLIC_BASE_URL too (e.g. https://beteiligung.example.org), the links in e-mails are built from it.",
      });
    }
    if (!env.MAIL_FROM) {
      ctx.addIssue({
        code: "custom",
        path: ["MAIL_FROM"],
        message:
          'SMTP_URL is set: set MAIL_FROM too, e.g. "Quartiersstimme <beteiligung@example.org>".',
      });
    }
  });

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** "Name <address>" or "address" → its parts; null when it is neither. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  const match = /^(?:(.*?)\s*<([^<>\s]+)>|([^<>\s]+))$/.exec(value.trim());
  if (!match) return null;
  const address = match[2] ?? match[3] ?? "";
  if (!z.email().safeParse(address).success) return null;
  return { name: (match[1] ?? "").replace(/^"(.*)"$/, "$1").trim(), address };
}

export type Env = z.infer<typeof EnvSchema>;

const addressNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** false (off), a hop count, or a list of addresses for Express's "trust proxy"; null when invalid. */
export function parseTrustProxy(value: string): false | number | string[] | null {
  if (value === "" || value === "0") return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (!entries.length) return null;
  const valid = entries.every((entry) => {
    if (addressNames.has(entry)) return true;
    const [address, bits, ...rest] = entry.split("/");
    if (rest.length || !address || isIP(address) === 0) return false;
    if (bits === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  });
  return valid ? entries : null;
}

/**
 * The data directory (absolute): DATA_DIR, or the directory of the SQLite
 * file. Relative paths are taken from the working directory, as the SQLite
 * driver does with DATABASE_URL (`npm start` runs in the repository).
 */
export function dataDirectory(env: Pick<Env, "DATA_DIR" | "DATABASE_URL"> = getEnv()): string {
  if (env.DATA_DIR) return path.resolve(env.DATA_DIR);
  return path.dirname(path.resolve(env.DATABASE_URL.replace(/^file:/, "").split("?")[0]!));
}

/** Validates an environment (process.env at boot; tests pass their own). */
export function parseEnv(source: Record<string, string | undefined>) {
  return EnvSchema.safeParse(source);
}

let cached: Env | undefined;

/** Validated environment; throws at boot with a readable message when misconfigured. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}
