import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languageAttributes } from "~/components/procedures/localised-text";
import { getT } from "~/i18n/i18n.server";

/**
 * The platform in Leichte Sprache (easy-to-read German after the rules of the
 * Netzwerk Leichte Sprache): what it is, how to submit an idea, how a vote
 * works. Short sentences, one statement each, each on its own line, hard
 * words explained, no abbreviations, large type.
 *
 * Leichte Sprache is a form of German, so the page text is German in every UI
 * language: the `easy` catalogue (app/i18n/locales/easy/) holds the same
 * German text for every language, and only the link hint on the start page
 * and the notice above the text are translated. The German part carries
 * lang="de" (and dir="ltr") whenever the UI language is another one.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return { pageTitle: `${t("easy.pageTitle")} – ${t("app.name")}` };
}

/** The sections, in page order; each has a title and an anchor for the table of contents. */
const sections = ["platform", "idea", "submit", "after", "vote", "help"] as const;

/** A sentence per line: Leichte Sprache puts every sentence on a new line. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.?!])\s+(?=\p{Lu})/u);
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </>
  );
}

function Steps({ steps }: { steps: string[] }) {
  return (
    <ol className="easy-steps">
      {steps.map((step) => (
        <li key={step}>
          {sentences(step).map((sentence) => (
            <span key={sentence} className="easy-line">
              {sentence}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}

function List({ items }: { items: string[] }) {
  return (
    <ul className="easy-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export default function EasyLanguage() {
  const { t, i18n } = useTranslation();
  /** The numbered sentences of a catalogue group ("1", "2", …), in order. */
  const group = (key: string): string[] => {
    const value: unknown = t(key, { returnObjects: true });
    return value && typeof value === "object"
      ? Object.values(value as Record<string, unknown>).filter(
          (line): line is string => typeof line === "string",
        )
      : [];
  };

  return (
    <article className="narrow easy-read">
      {i18n.language !== "de" ? <p className="easy-notice">{t("easy.notice")}</p> : null}
      <div {...languageAttributes("de", i18n.language)}>
        <h1>{t("easy.title")}</h1>
        <Lines lines={group("easy.intro")} />

        <nav aria-labelledby="easy-contents" className="easy-contents">
          <h2 id="easy-contents">{t("easy.contents")}</h2>
          <ul>
            {sections.map((section) => (
              <li key={section}>
                <a href={`#easy-${section}`}>{t(`easy.${section}.title`)}</a>
              </li>
            ))}
          </ul>
        </nav>

        <section aria-labelledby="easy-platform">
          <h2 id="easy-platform">{t("easy.platform.title")}</h2>
          <Lines lines={group("easy.platform.lines")} />
          <List items={group("easy.platform.districts")} />
          <Lines lines={group("easy.platform.office")} />
          <Lines lines={group("easy.platform.free")} />
        </section>

        <section aria-labelledby="easy-idea">
          <h2 id="easy-idea">{t("easy.idea.title")}</h2>
          <Lines lines={group("easy.idea.lines")} />
          <List items={group("easy.idea.examples")} />
        </section>

        <section aria-labelledby="easy-submit">
          <h2 id="easy-submit">{t("easy.submit.title")}</h2>
          <p>{t("easy.submit.intro")}</p>
          <Steps steps={group("easy.submit.steps")} />
          <p>
            <Link to="/proposals/new" className="button primary">
              {t("easy.submit.cta")}
            </Link>
          </p>
        </section>

        <section aria-labelledby="easy-after">
          <h2 id="easy-after">{t("easy.after.title")}</h2>
          <Lines lines={group("easy.after.lines")} />
          <Lines lines={group("easy.after.link")} />
        </section>

        <section aria-labelledby="easy-vote">
          <h2 id="easy-vote">{t("easy.vote.title")}</h2>
          <Lines lines={group("easy.vote.lines")} />
          <Lines lines={group("easy.vote.find")} />
          <h3>{t("easy.vote.stepsTitle")}</h3>
          <Steps steps={group("easy.vote.steps")} />
          <Lines lines={group("easy.vote.rules")} />
          <Lines lines={group("easy.vote.result")} />
          <p className="easy-actions">
            <Link to="/procedures" className="button secondary">
              {t("easy.vote.ctaProcedures")}
            </Link>
            <Link to="/outcomes" className="button secondary">
              {t("easy.vote.ctaOutcomes")}
            </Link>
          </p>
        </section>

        <section aria-labelledby="easy-help">
          <h2 id="easy-help">{t("easy.help.title")}</h2>
          <Lines lines={group("easy.help.lines")} />
        </section>
      </div>
    </article>
  );
}
