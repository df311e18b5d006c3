/**
 * A small bidirectional layout for PDF lines (pure). pdf-lib lays out each
 * drawText call with fontkit, which shapes Arabic and reverses a run it finds
 * to be right-to-left — but one call holds one direction only. A line that
 * mixes directions ("Antrag: حديقة الحي 2027") is therefore cut into runs of
 * one direction, ordered for display the way the Unicode bidi algorithm
 * would (strong letters, numbers, neutrals between them; no explicit
 * embeddings), and each run is drawn on its own from left to right.
 * Right-to-left runs stay in logical order: fontkit reverses them.
 */

export type VisualRun = { text: string; rtl: boolean };

type Kind = "R" | "L" | "D" | "N";

const rtlLetter = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const letter = /\p{L}/u;
const digit = /\p{Nd}/u;

function kindOf(char: string): Kind {
  if (rtlLetter.test(char)) return "R";
  if (letter.test(char)) return "L";
  if (digit.test(char)) return "D";
  return "N";
}

/** Right-to-left when the first strong letter is (the paragraph direction of the bidi algorithm). */
export function isRtlText(text: string): boolean {
  for (const char of text) {
    const kind = kindOf(char);
    if (kind === "R") return true;
    if (kind === "L") return false;
  }
  return false;
}

/** The line's runs in display order, left to right. */
export function visualRuns(text: string, rtlBase = isRtlText(text)): VisualRun[] {
  const runs: Array<{ kind: Kind; text: string; level: number }> = [];
  for (const char of text) {
    const kind = kindOf(char);
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) last.text += char;
    else runs.push({ kind, text: char, level: 0 });
  }
  const base = rtlBase ? 1 : 0;
  // Strong direction of each run: digits count as right-to-left for the
  // neutrals around them when the last strong letter before them was.
  const strong: Array<"R" | "L" | null> = [];
  let lastStrong: "R" | "L" = rtlBase ? "R" : "L";
  for (const run of runs) {
    if (run.kind === "R" || run.kind === "L") {
      lastStrong = run.kind;
      strong.push(run.kind);
    } else if (run.kind === "D") strong.push(lastStrong === "R" ? "R" : "L");
    else strong.push(null);
  }
  runs.forEach((run, index) => {
    if (run.kind === "R") run.level = 1;
    else if (run.kind === "L") run.level = rtlBase ? 2 : 0;
    else if (run.kind === "D") run.level = strong[index] === "R" || rtlBase ? 2 : 0;
    else {
      let before: "R" | "L" | null = null;
      for (let i = index - 1; i >= 0 && !before; i--) before = strong[i] ?? null;
      let after: "R" | "L" | null = null;
      for (let i = index + 1; i < runs.length && !after; i++) after = strong[i] ?? null;
      before ??= rtlBase ? "R" : "L";
      after ??= rtlBase ? "R" : "L";
      const direction = before === after ? before : rtlBase ? "R" : "L";
      run.level = direction === "R" ? 1 : base === 1 ? 2 : 0;
    }
  });
  // Neighbours on the same level form one run (a right-to-left run keeps its spaces).
  const merged: Array<{ text: string; level: number }> = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && last.level === run.level) last.text += run.text;
    else merged.push({ text: run.text, level: run.level });
  }
  // Reverse every stretch at or above each level, from the highest down to 1.
  const maxLevel = Math.max(0, ...merged.map((run) => run.level));
  for (let level = maxLevel; level >= 1; level--) {
    let start = 0;
    while (start < merged.length) {
      if (merged[start]!.level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end + 1 < merged.length && merged[end + 1]!.level >= level) end++;
      const stretch = merged.slice(start, end + 1).reverse();
      merged.splice(start, stretch.length, ...stretch);
      start = end + 1;
    }
  }
  return merged.map((run) => {
    const rtl = run.level % 2 === 1;
    // fontkit reverses only runs it finds right-to-left letters in: a run of
    // spaces and signs alone ("600 €" at the end of an Arabic line) is put
    // into display order here, brackets mirrored.
    if (rtl && !rtlLetter.test(run.text)) {
      return {
        text: Array.from(run.text, (char) => mirrored[char] ?? char)
          .reverse()
          .join(""),
        rtl,
      };
    }
    return { text: run.text, rtl };
  });
}

const mirrored: Record<string, string> = {
  "(": ")",
  ")": "(",
  "[": "]",
  "]": "[",
  "{": "}",
  "}": "{",
  "<": ">",
  ">": "<",
};
