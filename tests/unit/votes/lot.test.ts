import { describe, expect, it } from "vitest";
import { drawOrder, fnv1a64, lotKey } from "~/modules/votes/lot";

describe("fnv1a64", () => {
  it("matches the published FNV-1a 64-bit test vectors", () => {
    expect(fnv1a64("")).toBe(0xcbf29ce484222325n);
    expect(fnv1a64("a")).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64("foobar")).toBe(0x85944171f73967e8n);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units (value computed independently in Python)", () => {
    expect(fnv1a64("Straßenfest:ä")).toBe(0x13db3d24e2ea713dn);
  });
});

describe("drawOrder", () => {
  it("gives the order an independent implementation computes for the same seed", () => {
    // Python: sorted(ids, key=lambda i: (fnv1a64(f"seed-2024:{i}"), i))
    expect(drawOrder("seed-2024", ["bank", "beet", "fest"])).toEqual(["beet", "bank", "fest"]);
    expect(lotKey("seed-2024", "beet")).toBe("28640c414eec3437");
    expect(lotKey("seed-2024", "bank")).toBe("4ce8bd4164229a0d");
  });

  it("is deterministic and does not depend on the order the ids come in", () => {
    const ids = ["a1", "b2", "c3", "d4", "e5"];
    const first = drawOrder("xyz", ids);
    expect(drawOrder("xyz", ids)).toEqual(first);
    expect(drawOrder("xyz", [...ids].reverse())).toEqual(first);
    expect([...first].sort()).toEqual(ids);
  });

  it("gives different orders for different seeds", () => {
    const ids = ["bank", "beet", "fest"];
    const orders = new Set<string>();
    for (let n = 0; n < 300; n++) orders.add(drawOrder(`seed-${n}`, ids).join(","));
    // All 3! = 6 orders turn up.
    expect(orders.size).toBe(6);
  });

  it("favours neither of two options over many seeds", () => {
    let firstWins = 0;
    const draws = 4000;
    for (let n = 0; n < draws; n++) {
      if (drawOrder(`s${n}`, ["option-a", "option-b"])[0] === "option-a") firstWins++;
    }
    // Binomial(4000, 0.5): 5 standard deviations are about ±158.
    expect(Math.abs(firstWins - draws / 2)).toBeLessThan(160);
  });
});
