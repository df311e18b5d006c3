/**
 * Title similarity for duplicate suggestions: Jaccard similarity of character
 * trigrams over folded text. Small and predictable; a library would add
 * weight for one function.
 */
export function titleSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared++;
  return shared / (left.size + right.size - shared);
}

/** Lower case, umlauts spelled out, accents and punctuation removed; any script. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function trigrams(text: string): Set<string> {
  const folded = ` ${foldText(text)} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= folded.length; i++) grams.add(folded.slice(i, i + 3));
  return grams;
}

/** Words worth searching for in the database (long enough to be specific), as written. */
export function significantWords(text: string, max = 5): string[] {
  return [...new Set(text.split(/[^\p{L}\p{N}]+/u))]
    .filter((word) => word.length >= 4)
    .sort((a, b) => b.length - a.length)
    .slice(0, max);
}
