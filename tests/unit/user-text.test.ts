import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { languageAttributes } from "~/components/procedures/localised-text";
import { IsolatedList, IsolatedT, isolateInText } from "~/components/user-text";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";

/**
 * What people wrote keeps its own direction inside a translated sentence:
 * each value in its own <bdi> (the browser check is tests/e2e/bidi.test.ts).
 */
const html = (element: ReactElement, language: Language = "de") =>
  renderToStaticMarkup(
    createElement(I18nextProvider, { i18n: getI18nInstance(language) }, element),
  );

describe("IsolatedT", () => {
  it("puts each person-written value of a sentence in a <bdi>", () => {
    expect(
      html(createElement(IsolatedT, { i18nKey: "staff.loggedInAs", user: { name: "Jörg 2" } })),
    ).toBe("Angemeldet als <bdi>Jörg 2</bdi>");
    expect(
      html(
        createElement(IsolatedT, { i18nKey: "staff.loggedInAs", user: { name: "Jörg 2" } }),
        "ar",
      ),
    ).toBe("تم تسجيل الدخول باسم <bdi>Jörg 2</bdi>");
  });

  it("inserts nodes that isolate their own parts as they are, next to other values", () => {
    const tie = createElement(IsolatedT, {
      i18nKey: "results.tie.shared",
      values: { rank: 2 },
      nodes: { titles: createElement(IsolatedList, { items: ["Bänke 1", "حديقة 2"] }) },
    });
    expect(html(tie)).toBe("Platz 2 ist geteilt (<bdi>Bänke 1</bdi> und <bdi>حديقة 2</bdi>);");
    expect(html(tie, "ar")).toBe("المركز 2 مشترك (<bdi>Bänke 1</bdi> و<bdi>حديقة 2</bdi>)؛");
  });

  it("escapes what people wrote", () => {
    expect(
      html(createElement(IsolatedT, { i18nKey: "staff.loggedInAs", user: { name: "<b>x</b>" } })),
    ).toBe("Angemeldet als <bdi>&lt;b&gt;x&lt;/b&gt;</bdi>");
  });
});

describe("IsolatedList", () => {
  it("joins with a given separator; elements are inserted without another <bdi>", () => {
    const items = ["A 1", createElement("span", { key: "b" }, "B")];
    expect(html(createElement(IsolatedList, { items, separator: ", " }))).toBe(
      "<bdi>A 1</bdi>, <span>B</span>",
    );
  });
});

describe("isolation where no element fits", () => {
  it("wraps a value for plain text (an <option>) in FSI … PDI", () => {
    expect(isolateInText("Bänke 12")).toBe("\u2068Bänke 12\u2069");
  });

  it("gives staff-written text its direction also in the page's own language", () => {
    expect(languageAttributes("de", "ar")).toEqual({ lang: "de", dir: "ltr" });
    expect(languageAttributes("ar", "ar")).toEqual({ dir: "rtl" });
    expect(languageAttributes("de", "de")).toEqual({ dir: "ltr" });
  });
});
