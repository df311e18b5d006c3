import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().startsWith("file:").default("file:./data/app.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Optional full basemap style (e.g. a self-hosted PMTiles style). Empty: built-in offline style. */
  MAP_STYLE_URL: z.union([z.literal(""), z.url()]).default(""),
  /** Public base URL used in tracking links from the API, e.g. https://beteiligung.example.org */
  PUBLIC_BASE_URL: z.union([z.literal(""), z.url()]).default(""),
  /** Submissions allowed per client and hour (form and API together). */
  SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
});

export type Env = z.infer<typeof EnvSchema>;

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
