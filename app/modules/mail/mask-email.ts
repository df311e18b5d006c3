/**
 * An e-mail address shortened for logs and staff lists: the first character of
 * the local part and the domain ("o…@example.org"). Enough to see a mistyped
 * domain, not enough to write to the person.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "…";
  return `${address.slice(0, 1)}…${address.slice(at)}`;
}

/** Removes every spelling of the address from a text (e.g. a server's refusal). */
export function redactEmail(text: string, address: string): string {
  if (!address) return text;
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(escaped, "gi"), maskEmail(address));
}
