import Linkify from "linkify-react";
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
  user,
  values,
}: {
  i18nKey: string;
  /** Values written by people (isolated). */
  user: Record<string, string>;
  /** Other interpolation values (numbers, dates, counts). */
  values?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const names = Object.keys(user);
  const placeholders = Object.fromEntries(names.map((name, i) => [name, `${open}${i}${close}`]));
  const sentence = t(i18nKey, { ...values, ...placeholders }) as string;
  const parts = sentence.split(new RegExp(`${open}(\\d+)${close}`));
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? <bdi key={index}>{user[names[Number(part)]]}</bdi> : part,
      )}
    </>
  );
}
