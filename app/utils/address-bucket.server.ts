import { isIPv4, isIPv6 } from "node:net";

/**
 * The part of a client address that stands for one household: an IPv4
 * address as it is (also when written IPv4-mapped, `::ffff:1.2.3.4`), an IPv6
 * address by its /64 prefix (one connection usually gets a whole /64 and can
 * take any address in it). Anything else is used as written.
 */
export function addressBucket(address: string): string {
  const plain = address.trim().toLowerCase().replace(/%.*$/, ""); // no zone index
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(plain)) return plain;
  if (!isIPv6(plain)) return plain;
  const groups = expandIPv6(plain);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number);
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map(
    (group) => parseInt(group, 16).toString(16),
  );
}
