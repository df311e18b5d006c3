import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { isMailEnabled } from "~/modules/mail/mail-config.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return {
    pageTitle: `${t("privacy.title")} – ${t("app.name")}`,
    // The notice says what really happens: without a mail server, no mail is sent.
    mailEnabled: isMailEnabled(),
  };
}

/**
 * What a section shows, in order: a paragraph (a key under the section), a
 * subheading, a bulleted list of paragraphs, or the list of cookies. Every key
 * is relative to `privacy.<section>`.
 */
type Block =
  | string
  | { heading: string }
  | { list: ReadonlyArray<string> }
  | { cookies: ReadonlyArray<string> };

type Section = {
  /** The anchor (`/privacy#fund`): stable, other pages link to it. */
  id: string;
  key: string;
  blocks: ReadonlyArray<Block>;
};

function sectionsFor(mailEnabled: boolean): ReadonlyArray<Section> {
  return [
    { id: "controller", key: "controller", blocks: ["text"] },
    { id: "what", key: "what", blocks: ["text", "comments", "checkValue", "address"] },
    { id: "photos", key: "photos", blocks: ["text"] },
    { id: "why", key: "why", blocks: ["text"] },
    { id: "who", key: "who", blocks: ["text"] },
    { id: "how-long", key: "howLong", blocks: ["text"] },
    { id: "mail", key: "mail", blocks: mailEnabled ? ["text", "stored", "stop"] : ["off"] },
    {
      id: "votes",
      key: "votes",
      blocks: ["text", { list: ["code", "open", "paper", "meeting"] }],
    },
    {
      id: "fund",
      key: "fund",
      blocks: [
        { heading: "stored.title" },
        "stored.intro",
        {
          list: [
            "stored.items.applicant",
            "stored.items.contact",
            "stored.items.project",
            "stored.items.costs",
            "stored.items.report",
            "stored.items.history",
          ],
        },
        "stored.more",
        { heading: "see.title" },
        "see.staff",
        "see.jury",
        "see.public",
        { heading: "legal.title" },
        "legal.text",
        { heading: "howLong.title" },
        "howLong.text",
      ],
    },
    {
      id: "cookies",
      key: "cookies",
      blocks: ["text", { cookies: ["language", "supporter", "device", "staff"] }],
    },
    { id: "no-tracking", key: "noTracking", blocks: ["text"] },
    { id: "rights", key: "rights", blocks: ["text"] },
  ];
}

/** Cookie names are code, not words: kept left-to-right inside Arabic text. */
const cookieName = <code dir="ltr" translate="no" />;

export default function Privacy() {
  const { t } = useTranslation();
  const { mailEnabled } = useLoaderData<typeof loader>();
  const sections = sectionsFor(mailEnabled);
  return (
    <article className="narrow prose">
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.intro")}</p>
      <nav aria-labelledby="privacy-contents">
        <h2 id="privacy-contents">{t("privacy.contents")}</h2>
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{t(`privacy.${section.key}.title`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map((section) => (
        <section key={section.id} id={section.id}>
          <h2>{t(`privacy.${section.key}.title`)}</h2>
          {section.blocks.map((block, index) => {
            const key = (name: string) => `privacy.${section.key}.${name}`;
            if (typeof block === "string") return <p key={block}>{t(key(block))}</p>;
            if ("heading" in block) return <h3 key={block.heading}>{t(key(block.heading))}</h3>;
            if ("list" in block) {
              return (
                <ul key={`list-${index}`}>
                  {block.list.map((item) => (
                    <li key={item}>{t(key(item))}</li>
                  ))}
                </ul>
              );
            }
            return (
              <ul key={`cookies-${index}`}>
                {block.cookies.map((item) => (
                  <li key={item}>
                    <Trans i18nKey={key(`list.${item}`)} components={{ code: cookieName }} />
                  </li>
                ))}
              </ul>
            );
          })}
        </section>
      ))}
    </article>
  );
}
