import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues, moduleCatalogues } from "~/i18n/catalogues.server";
import { languages } from "~/i18n/config";
import { repoRoot } from "../setup/paths";

type Tree = { [key: string]: string | Tree };
const localesDir = path.join(repoRoot, "app/i18n/locales");
/** The merged catalogue of a language: base file plus every module file. */
const load = (lng: string): Tree => catalogues[lng as (typeof languages)[number]] as Tree;

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

/** Plural keys by base key, with the forms the catalogue has ("one", "few", …). */
function pluralGroups(tree: Tree): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of leaves(tree).keys()) {
    const match = pluralSuffix.exec(key);
    if (!match) continue;
    const base = key.slice(0, match.index);
    groups.set(base, [...(groups.get(base) ?? []), match[1]!]);
  }
  return groups;
}

/**
 * The plural forms i18next asks for in a language: the cardinal categories of
 * Intl.PluralRules (German one/other; Russian and Ukrainian one/few/many/other;
 * Arabic zero/one/two/few/many/other).
 */
const pluralForms = (lng: string) =>
  [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();

/** Placeholders with their format, e.g. {{count, number}}: a translation keeps the format too. */
const placeholders = (text: string) => new Set(text.match(/\{\{[^}]+\}\}/g) ?? []);

describe("message catalogues", () => {
  const german = load("de");

  it("has a catalogue file for every supported language and no stray files", () => {
    const entries = readdirSync(localesDir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name.replace(/\.json$/, ""));
    expect(files.sort()).toEqual([...languages].sort());
    // Every module folder has one file per language, and is merged into the catalogues.
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual(Object.keys(moduleCatalogues).sort());
    for (const folder of folders) {
      const moduleFiles = readdirSync(path.join(localesDir, folder)).map((file) =>
        file.replace(/\.json$/, ""),
      );
      expect(moduleFiles.sort(), folder).toEqual([...languages].sort());
      for (const lng of languages) {
        const onDisk = JSON.parse(
          readFileSync(path.join(localesDir, folder, `${lng}.json`), "utf8"),
        );
        expect(moduleCatalogues[folder]![lng], `${folder}/${lng}`).toEqual(onDisk);
      }
    }
  });

  it("module catalogues do not overwrite each other's keys or the base file's", () => {
    for (const lng of languages) {
      const seen = new Map<string, string>();
      const base = JSON.parse(readFileSync(path.join(localesDir, `${lng}.json`), "utf8"));
      for (const key of leaves(base).keys()) seen.set(key, "base");
      for (const [name, modules] of Object.entries(moduleCatalogues)) {
        for (const key of leaves(modules[lng] as Tree).keys()) {
          expect(seen.get(key), `${lng}: ${key} in ${name}`).toBeUndefined();
          seen.set(key, name);
        }
      }
    }
  });

  it.each(languages.filter((lng) => lng !== "de"))(
    "%s has every key of the German catalogue, and no others",
    (lng) => {
      const [own, expected] = [baseKeys(load(lng)), baseKeys(german)];
      const missing = [...expected].filter((key) => !own.has(key));
      const extra = [...own].filter((key) => !expected.has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    },
  );

  it.each([...languages])(
    "%s has exactly its own plural forms for every message German counts",
    (lng) => {
      const expected = pluralForms(lng);
      const germanGroups = pluralGroups(german);
      const groups = pluralGroups(load(lng));
      const problems: string[] = [];
      for (const base of germanGroups.keys()) {
        const forms = [...(groups.get(base) ?? [])].sort();
        if (forms.join() !== expected.join()) {
          problems.push(`${base}: has ${forms.join("/") || "none"}, needs ${expected.join("/")}`);
        }
        if (leaves(load(lng)).has(base)) problems.push(`${base}: also has a form without suffix`);
      }
      for (const base of groups.keys()) {
        if (!germanGroups.has(base)) problems.push(`${base}: plural here, not in German`);
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(languages.filter((lng) => lng !== "de"))(
    "%s keeps the placeholders in every plural form, and shows the count where a form covers many numbers",
    (lng) => {
      // Which whole numbers each form is used for: Russian and Ukrainian "one" also
      // covers 21, 31, 101 …, so it cannot spell out "one"; Arabic "two" is 2 only.
      const rules = new Intl.PluralRules(lng);
      const germanRules = new Intl.PluralRules("de");
      const numbersOf = new Map<string, number[]>();
      for (let n = 0; n <= 1000; n++) {
        const form = rules.select(n);
        numbersOf.set(form, [...(numbersOf.get(form) ?? []), n]);
      }
      const germanTexts = leaves(german);
      const translated = leaves(load(lng));
      const problems: string[] = [];
      for (const base of pluralGroups(german).keys()) {
        const germanOther = placeholders(germanTexts.get(`${base}_other`) ?? "");
        for (const form of pluralForms(lng)) {
          const key = `${base}_${form}`;
          const text = translated.get(key) ?? "";
          const numbers = numbersOf.get(form) ?? [];
          let needed: Set<string>;
          if (numbers.length === 1) {
            // A form for one number only may spell it out, and a zero form may say "none".
            if (numbers[0] === 0) continue;
            const germanForm = germanRules.select(numbers[0]!);
            needed = new Set(
              [...placeholders(germanTexts.get(`${base}_${germanForm}`) ?? "")].filter(
                (placeholder) => !placeholder.startsWith("{{count"),
              ),
            );
          } else {
            // Many numbers (or only fractions): the count must be shown, as German shows it.
            needed = germanOther;
          }
          for (const placeholder of needed) {
            if (!text.includes(placeholder)) problems.push(`${key}: ${placeholder}`);
          }
        }
      }
      expect(problems).toEqual([]);
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
