import { getEnv } from "./env.server";
import { bodyLimitFor } from "./form.server";

/**
 * What server.mjs (the Express layer in front of Remix) needs from the app,
 * read through the server build so that the rules live in one place.
 * Throws at boot when the environment is invalid.
 */
export function getServerConfig() {
  const env = getEnv();
  return {
    trustProxy: env.TRUST_PROXY,
    publicOrigin: env.PUBLIC_BASE_URL ? new URL(env.PUBLIC_BASE_URL).origin : null,
    httpsByConfiguration: env.PUBLIC_BASE_URL.startsWith("https://"),
    bodyLimitFor,
  };
}
