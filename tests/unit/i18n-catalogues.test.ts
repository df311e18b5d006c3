import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { languages } from "~/i18n/config";
import { repoRoot } from "../setup/paths";

type Tree = { [key: string]: string | Tree };
const localesDir = path.join(repoRoot, "app/i18n/locales");
const load = (lng: string): Tree =>
  JSON.parse(readFileSync(path.join(localesDir, `${lng}.json`), "utf8"));

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

/** Base keys (plural variants folded into one), so that Arabic may have six forms where German has two. */
function baseKeys(tree: Tree) {
  return new Set([...leaves(tree).keys()].map((key) => key.replace(pluralSuffix, "")));
}

const placeholders = (text: string) => new Set(text.match(/\{\{\w+\}\}/g) ?? []);

describe("message catalogues", () => {
  const german = load("de");

  it("has a catalogue file for every supported language and no stray files", () => {
    const files = readdirSync(localesDir).map((file) => file.replace(/\.json$/, ""));
    expect(files.sort()).toEqual([...languages].sort());
  });

  it.each(languages.filter((lng) => lng !== "de"))(
    "%s has every key of the German catalogue, and no others",
    (lng) => {
      const missing = [...baseKeys(german)].filter((key) => !baseKeys(load(lng)).has(key));
      const extra = [...baseKeys(load(lng))].filter((key) => !baseKeys(german).has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    },
  );

  it.each(languages.filter((lng) => lng !== "de"))(
    "%s keeps the placeholders of every German message",
    (lng) => {
      const translated = leaves(load(lng));
      const problems: string[] = [];
      for (const [key, text] of leaves(german)) {
        if (pluralSuffix.test(key)) continue; // plural forms may spell small numbers out
        const other = translated.get(key);
        if (other === undefined) continue;
        for (const placeholder of placeholders(text)) {
          if (!other.includes(placeholder)) problems.push(`${key}: ${placeholder}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it("has no empty messages", () => {
    for (const lng of languages) {
      const empty = [...leaves(load(lng))]
        .filter(([, text]) => text.trim() === "")
        .map(([key]) => key);
      expect(empty, lng).toEqual([]);
    }
  });
});
