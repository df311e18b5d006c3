/**
 * Folds an address for searching: lower case, umlauts and ß spelled out,
 * "str." and "strasse" unified, punctuation removed. "Eisenbahnstr. 54",
 * "eisenbahnstraße 54" and "Eisenbahnstrasse54" all meet.
 */
export function normaliseAddress(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/str\.?(?=\s|\d|$)/g, "strasse")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/([a-z])(\d)/g, "$1 $2")
    .replace(/\s+/g, " ")
    .trim();
}
