import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../setup/paths";

// The voting modules run in the browser too (budget bar, ballot hints), so a
// server-only import would break the bundle or leak into it.
const dir = path.join(repoRoot, "app/modules/votes");
const files = readdirSync(dir).filter((file) => /\.tsx?$/.test(file) && !file.includes(".server."));

describe("app/modules/votes", () => {
  it.each(files)("%s imports nothing server-only", (file) => {
    const source = readFileSync(path.join(dir, file), "utf8");
    const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    for (const specifier of imports) {
      expect(specifier).not.toMatch(/^node:|^@prisma\/|^zod$|\.server$|^~\/utils\/db/);
      // Only sibling voting modules: no other module pulls in its dependencies here.
      expect(specifier).toMatch(/^~\/modules\/votes\//);
    }
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code).not.toMatch(/Math\.random/);
  });
});
