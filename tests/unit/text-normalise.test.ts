import { describe, expect, it } from "vitest";
import {
  containsBidiOverride,
  isBlankText,
  normaliseInput,
  normaliseText,
} from "~/utils/text-normalise";

const ZWSP = "\u200B";
const ZWNJ = "\u200C";
const ZWJ = "\u200D";
const LRE = "\u202A";
const RLE = "\u202B";
const PDF = "\u202C";
const LRO = "\u202D";
const RLO = "\u202E";
const LRI = "\u2066";
const RLI = "\u2067";
const FSI = "\u2068";
const PDI = "\u2069";

/** Well-formed: encodable as UTF-8 without loss. */
const wellFormed = (text: string) => Buffer.from(text, "utf8").toString("utf8") === text;

describe("normaliseText", () => {
  it("replaces unpaired surrogates with U+FFFD and keeps valid pairs", () => {
    expect(normaliseText("Bank \uD800 am Rabet")).toBe("Bank \uFFFD am Rabet");
    expect(normaliseText("\uDC00x")).toBe("\uFFFDx");
    expect(normaliseText("x\uD83D")).toBe("x\uFFFD");
    expect(normaliseText("\uDC00\uD800")).toBe("\uFFFD\uFFFD");
    expect(normaliseText("Danke 😀 \uD83D\uDE00")).toBe("Danke 😀 😀");
    for (const input of ["\uD800", "a\uDBFFb", "\uDFFF\uDFFF", "😀\uD800😀"]) {
      expect(wellFormed(normaliseText(input))).toBe(true);
    }
  });

  it("turns CRLF, CR, NEL and Unicode line separators into LF", () => {
    expect(normaliseText("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
    expect(normaliseText("a\u0085b\u2028c\u2029d")).toBe("a\nb\nc\nd");
  });

  it("strips NUL and other C0/C1 controls, keeping newline and tab", () => {
    expect(normaliseText("Bä\u0000nke")).toBe("Bänke");
    expect(normaliseText("a\u0001\u0007\u0008\u000B\u000C\u001B\u001Fb")).toBe("ab");
    expect(normaliseText("a\u007F\u0080\u0090\u009Fb")).toBe("ab");
    expect(normaliseText("Zeile 1\n\tZeile 2")).toBe("Zeile 1\n\tZeile 2");
  });

  it("normalises to NFC", () => {
    const nfd = "Gru\u0308n und Stra\u00DFe, Ba\u0308nke, e\u0301";
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    expect(normaliseText(nfd)).toBe("Grün und Straße, Bänke, é");
    expect(normaliseText(nfd)).toBe(nfd.normalize("NFC"));
  });

  it("leaves the bidi overrides U+202D/U+202E in place for validation to refuse", () => {
    expect(normaliseText(`abc${RLO}fdp.exe`)).toBe(`abc${RLO}fdp.exe`);
    expect(normaliseText(`${LRO}x${PDF}`)).toBe(`${LRO}x${PDF}`);
    expect(normaliseText(RLO)).toBe(RLO);
    expect(normaliseText(`${ZWSP}${RLO} `)).toBe(`${RLO} `);
  });

  it("keeps balanced embedding and isolate pairs and drops unbalanced ones", () => {
    expect(normaliseText(`a ${RLE}b${PDF} c`)).toBe(`a ${RLE}b${PDF} c`);
    expect(normaliseText(`a ${RLI}b${PDI} ${FSI}c${PDI} ${LRI}d${PDI}`)).toBe(
      `a ${RLI}b${PDI} ${FSI}c${PDI} ${LRI}d${PDI}`,
    );
    expect(normaliseText(`${RLI}a ${LRE}b${PDF}${PDI}`)).toBe(`${RLI}a ${LRE}b${PDF}${PDI}`);
    // Unbalanced openers and closers are removed.
    expect(normaliseText(`a ${RLE}b`)).toBe("a b");
    expect(normaliseText(`a${PDF} b`)).toBe("a b");
    expect(normaliseText(`a${PDI} b`)).toBe("a b");
    expect(normaliseText(`${RLI}a b`)).toBe("a b");
    expect(normaliseText(`${PDF}${RLE}x`)).toBe("x");
    // A pair does not reach across a line break.
    expect(normaliseText(`${RLE}a\nb${PDF}`)).toBe("a\nb");
    expect(normaliseText(`${RLI}a\nb${PDI}`)).toBe("a\nb");
    // A PDF cannot close an embedding from outside an isolate.
    expect(normaliseText(`${LRE}a${RLI}b${PDF}${PDI}`)).toBe(`a${RLI}b${PDI}`);
    // An embedding left open inside an isolate is dropped, the isolate kept.
    expect(normaliseText(`${RLI}a${RLE}b${PDI}`)).toBe(`${RLI}ab${PDI}`);
    // Overrides pair with PDF like embeddings (and are still there to be refused).
    expect(normaliseText(`${RLO}x${PDF}`)).toBe(`${RLO}x${PDF}`);
    expect(normaliseText(`${RLO}x`)).toBe(`${RLO}x`);
  });

  it("counts a text made only of white space and invisible characters as empty", () => {
    for (const input of [
      "",
      "   ",
      `${ZWSP}${ZWSP}${ZWSP}`,
      `${ZWNJ}${ZWJ}\u2060\uFEFF\u00AD\u180E\u2061\u2062\u2063\u2064`,
      ` ${ZWSP}\n\t${ZWJ} `,
      "\u3164\u115F\u1160\uFFA0",
      "\u200E\u200F\u061C",
      `${RLI}${PDI}${LRE}${PDF}`,
      "\u2800\u2800",
      "\uFE0F\u{E0041}",
      "\u00A0\u2003\u3000",
      "\u0000\u0001",
    ]) {
      expect(normaliseText(input), JSON.stringify(input)).toBe("");
    }
    expect(isBlankText(`${ZWSP} `)).toBe(true);
    expect(isBlankText(`${ZWSP}.`)).toBe(false);
  });

  it("trims invisible characters at both ends but keeps ZWNJ/ZWJ inside words", () => {
    const persian = `می${ZWNJ}خواهم`; // "I want"
    expect(normaliseText(persian)).toBe(persian);
    expect(normaliseText(`${ZWSP}${persian}${ZWNJ}`)).toBe(persian);
    const kurdish = `دە${ZWNJ}ڵێم`;
    expect(normaliseText(`${kurdish} ${ZWNJ}`)).toBe(`${kurdish} `);
    const family = `👨${ZWJ}👩${ZWJ}👧`;
    expect(normaliseText(`Familie ${family}`)).toBe(`Familie ${family}`);
    expect(normaliseText(`\uFEFF${ZWSP} Bänke ${ZWSP}\u00AD`)).toBe(" Bänke ");
    // A trailing heart keeps its emoji presentation; a trailing RLM stays.
    expect(normaliseText("Danke ❤️")).toBe("Danke ❤️");
    expect(normaliseText("أحب Leipzig!\u200F")).toBe("أحب Leipzig!\u200F");
    // Leading and trailing white space is left to the field's own trim.
    expect(normaliseText("  Bänke  ")).toBe("  Bänke  ");
  });

  it("is idempotent", () => {
    for (const input of [
      `\uFEFF${ZWSP}Gru\u0308n\r\n${RLE}x\u0000\uD800 ${RLO}${ZWNJ}`,
      `${PDF}${RLI}a\u2029${PDI}${ZWJ}`,
      "e\u0301\u0000\u0301",
    ]) {
      const once = normaliseText(input);
      expect(normaliseText(once)).toBe(once);
    }
  });

  it("leaves ordinary text alone", () => {
    for (const text of [
      "Sitzbänke im Rabet",
      "مقاعد في حديقة رابيت",
      "Rabet'teki banklar",
      "Лавки в парку",
      "Tabs\tand\nlines",
    ]) {
      expect(normaliseText(text)).toBe(text);
    }
  });
});

describe("containsBidiOverride", () => {
  it("finds LRO and RLO only", () => {
    expect(containsBidiOverride(`abc${RLO}gpj.exe`)).toBe(true);
    expect(containsBidiOverride(`abc${LRO}`)).toBe(true);
    expect(containsBidiOverride(`${RLE}a${PDF} ${RLI}b${PDI} \u200F`)).toBe(false);
    expect(containsBidiOverride("Sitzbänke")).toBe(false);
  });
});

describe("normaliseInput", () => {
  it("normalises every string in objects and arrays, at any depth, and returns a copy", () => {
    const input = {
      title: "Ba\u0308nke\u0000",
      lon: 12.4,
      consent: true,
      none: null,
      tags: ["a\uD800", { deep: [`${ZWSP}${ZWSP}`] }],
    };
    const output = normaliseInput(input);
    expect(output).toEqual({
      title: "Bänke",
      lon: 12.4,
      consent: true,
      none: null,
      tags: ["a\uFFFD", { deep: [""] }],
    });
    expect(input.title).toBe("Ba\u0308nke\u0000"); // the input is not changed
    expect(normaliseInput("x\u0000")).toBe("x");
    expect(normaliseInput(42)).toBe(42);
    expect(normaliseInput(undefined)).toBeUndefined();
  });

  it("keeps a __proto__ key from JSON a plain key without touching prototypes", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "ja\\u0000"}, "title": "x"}');
    const output = normaliseInput(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, "__proto__")?.value).toEqual({
      polluted: "ja",
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("walks very deep nesting without overflowing the stack", () => {
    const depth = 100_000;
    const parsed = JSON.parse(`${"[".repeat(depth)}"\\u0000x"${"]".repeat(depth)}`);
    let node = normaliseInput(parsed);
    for (let i = 0; i < depth; i++) node = (node as unknown[])[0];
    expect(node).toBe("x");
  });
});
