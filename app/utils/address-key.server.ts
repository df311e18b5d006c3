import { createHmac } from "node:crypto";
import { addressBucket } from "./address-bucket.server";
import { getCookieSecret } from "./secrets.server";

/**
 * A keyed hash of the client's address bucket, for "once per address" rules
 * (comment reports). Keyed with the server secret, so that the stored value
 * cannot be turned back into an address by hashing all 2^32 IPv4 addresses;
 * the address itself is never stored.
 */
export async function addressKey(address: string): Promise<string> {
  return createHmac("sha256", await getCookieSecret())
    .update(`client-address:${addressBucket(address)}`)
    .digest("hex");
}
