import { describe, expect, it } from "vitest";
import { catalogues } from "~/i18n/catalogues.server";
import { languages } from "~/i18n/config";
import { ruleKeys } from "~/modules/votes/methods";

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | Tree | undefined {
  return key
    .split(".")
    .reduce<string | Tree | undefined>(
      (node, part) => (node && typeof node === "object" ? node[part] : undefined),
      tree,
    );
}

describe("votes catalogue", () => {
  it("has every rule text in every language (plural keys as _one/_other)", () => {
    for (const lng of languages) {
      for (const key of ruleKeys) {
        const [namespace, group, name] = key.split(".");
        const parent = lookup(catalogues[lng] as Tree, `${namespace}.${group}`) as Tree;
        const variants = Object.keys(parent).filter((k) => k === name || k.startsWith(`${name}_`));
        expect(variants.length, `${lng}: ${key}`).toBeGreaterThan(0);
      }
    }
  });

  // fontkit lays a right-to-left run out as a whole: Latin letters or digits inside the
  // Arabic text of the code sheet would come out reversed on paper.
  it("keeps the Arabic texts of the printed code sheet free of Latin letters and digits", () => {
    const sheet = lookup(catalogues.ar as Tree, "votes.sheet") as Tree;
    for (const [key, text] of Object.entries(sheet)) {
      expect(text, key).toMatch(/\p{Script=Arabic}/u);
      expect(text, key).not.toMatch(/[A-Za-z0-9]/);
    }
  });
});
