import { describe, expect, it } from "vitest";
import { moduleCatalogues } from "~/i18n/catalogues.server";
import { languages } from "~/i18n/config";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

const easy = moduleCatalogues.easy!;
/** Texts in the visitor's language around the German page: the start-page hint and the notice. */
const translated = new Set(["easy.homeHint", "easy.notice"]);
const germanPage = [...leaves(easy.de as Tree)].filter(([key]) => !translated.has(key));

describe("Leichte Sprache page", () => {
  it.each(languages.filter((lng) => lng !== "de"))(
    "%s holds the same German page text (Leichte Sprache is German), with its own hint and notice",
    (lng) => {
      const texts = leaves(easy[lng] as Tree);
      for (const [key, german] of germanPage) expect(texts.get(key), key).toBe(german);
      for (const key of translated) {
        expect(texts.get(key), key).not.toBe(leaves(easy.de as Tree).get(key));
      }
    },
  );

  // Some rules of the Netzwerk Leichte Sprache that a machine can check.
  const sentences = germanPage.flatMap(([key, text]) =>
    text
      .split(/(?<=[.?!:])\s+/)
      .filter(Boolean)
      .map((sentence) => ({ key, sentence })),
  );

  it("uses no abbreviations", () => {
    const abbreviations =
      /\b(z\.\s?B\.|bzw\.|usw\.|d\.\s?h\.|ggf\.|ca\.|etc\.|Nr\.|evtl\.|u\.\s?a\.|inkl\.|ggü\.|s\.\s?o\.|s\.\s?u\.)/;
    expect(sentences.filter(({ sentence }) => abbreviations.test(sentence))).toEqual([]);
  });

  it("keeps every sentence short (at most 15 words; joined words count as one)", () => {
    const long = sentences.filter(({ sentence }) => sentence.split(/\s+/).length > 15);
    expect(long).toEqual([]);
  });

  it("has no semicolons and no brackets: one statement per sentence", () => {
    expect(sentences.filter(({ sentence }) => /[;()[\]]/.test(sentence))).toEqual([]);
  });
});
