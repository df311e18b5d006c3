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

const placeholders = (text: string) => new Set(text.match(/\{\{\w+\}\}/g) ?? []);

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
      const germanKeys = baseKeys(german);
      const keys = baseKeys(load(lng));
      const missing = [...germanKeys].filter((key) => !keys.has(key));
      const extra = [...keys].filter((key) => !germanKeys.has(key));
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
