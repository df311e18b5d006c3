import { compareIds } from "~/modules/votes/methods";

/**
 * Drawing lots for a tie, reproducibly. The server draws a random seed (with
 * `crypto`, elsewhere) once the vote has closed, stores it and publishes it
 * with the result; anyone can then recompute the order from the seed and the
 * ids with a few lines in any language:
 *
 *   key(id) = FNV-1a 64-bit over the UTF-8 bytes of `${seed}:${id}`
 *   order   = ids ascending by key, equal keys by id (code-unit order)
 *
 * FNV-1a is chosen for being short to re-implement and well documented, not
 * for secrecy: fairness comes from the seed being drawn after the votes are
 * in and recorded before the result is published, not from the hash.
 * Nothing here uses `Math.random`.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

export function fnv1a64(text: string): bigint {
  let hash = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK_64;
  }
  return hash;
}

/** The key an id draws with a seed, as 16 hex digits — for showing the lot on the result page. */
export function lotKey(seed: string, id: string): string {
  return fnv1a64(`${seed}:${id}`).toString(16).padStart(16, "0");
}

/** The ids in the order the lot puts them; the first one wins the tie. */
export function drawOrder(seed: string, ids: ReadonlyArray<string>): string[] {
  return ids
    .map((id) => ({ id, key: fnv1a64(`${seed}:${id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : compareIds(a.id, b.id)))
    .map(({ id }) => id);
}
