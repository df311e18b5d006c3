import { isIP } from "node:net";
import { z } from "zod";

const EnvSchema = z.object({
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
});

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

let cached: Env | undefined;

/** Validated environment; throws at boot with a readable message when misconfigured. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  cached = parsed.data;
  return cached;
}
