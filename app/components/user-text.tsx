import Linkify from "linkify-react";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * Text a person wrote: shown as plain text (React escapes it), paragraphs kept,
 * web addresses made clickable. Never rendered as HTML.
 */
export function UserText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className} dir="auto">
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          <Linkify
            options={{
              rel: "nofollow ugc noopener noreferrer",
              target: "_blank",
              validate: { url: (value: string) => /^(https?:\/\/|www\.)/i.test(value) },
              defaultProtocol: "https",
            }}
          >
            {paragraph}
          </Linkify>
        </p>
      ))}
    </div>
  );
}

/**
 * A person-written value inside plain text that cannot hold a `<bdi>` (an
 * `<option>`): wrapped in FSI … PDI, the isolate that `<bdi>` stands for.
 */
export function isolateInText(value: string): string {
  return `\u2068${value}\u2069`;
}

const open = "\uE000";
const close = "\uE001";

/**
 * A translated sentence that names something a person wrote (a name, a title,
 * a place): each such value is isolated in a `<bdi>`, so a German name in an
 * Arabic sentence (or the other way round) keeps its own order and does not
 * pull neighbouring punctuation or numbers across.
 */
export function IsolatedT({
  i18nKey,
  user = {},
  nodes = {},
  values,
}: {
  i18nKey: string;
  /** Values written by people (isolated). */
  user?: Record<string, string>;
  /**
   * Values that isolate their own user-written parts (e.g. an `IsolatedList`),
   * inserted as they are.
   */
  nodes?: Record<string, ReactNode>;
  /** Other interpolation values (numbers, dates, counts). */
  values?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const inserts: ReactNode[] = [
    ...Object.values(user).map((value) => <bdi>{value}</bdi>),
    ...Object.values(nodes),
  ];
  const names = [...Object.keys(user), ...Object.keys(nodes)];
  const placeholders = Object.fromEntries(names.map((name, i) => [name, `${open}${i}${close}`]));
  const sentence = t(i18nKey, { ...values, ...placeholders }) as string;
  const parts = sentence.split(new RegExp(`${open}(\\d+)${close}`));
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? <Fragment key={index}>{inserts[Number(part)]}</Fragment> : part,
      )}
    </>
  );
}

/**
 * Several things people wrote in a row ("A, B und C", joined the way the
 * page's language joins a list, or with `separator`): each string item in its
 * own `<bdi>`; other items are inserted as they are and isolate their own
 * user-written parts.
 */
export function IsolatedList({
  items,
  separator,
}: {
  items: ReadonlyArray<ReactNode>;
  separator?: string;
}) {
  const { i18n } = useTranslation();
  const item = (index: number) => {
    const value = items[index];
    return typeof value === "string" ? <bdi>{value}</bdi> : value;
  };
  if (separator !== undefined) {
    return (
      <>
        {items.map((_, index) => (
          <Fragment key={index}>
            {index > 0 ? separator : null}
            {item(index)}
          </Fragment>
        ))}
      </>
    );
  }
  // Formatted with the items' positions as stand-ins, so that each element part names its item.
  const parts = new Intl.ListFormat(i18n.language, { type: "conjunction" }).formatToParts(
    items.map((_, index) => String(index)),
  );
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part.type === "element" ? item(Number(part.value)) : part.value}
        </Fragment>
      ))}
    </>
  );
}
