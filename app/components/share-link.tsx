import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The address of a page to pass on. Without JavaScript: the link and a
 * read-only field to copy it from. With JavaScript: a "copy link" button where
 * the browser offers the clipboard, and "share" where it has a share sheet.
 */
export function ShareLink({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const [abilities, setAbilities] = useState({ copy: false, share: false });
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    setAbilities({
      copy: typeof navigator.clipboard?.writeText === "function",
      share: typeof navigator.share === "function",
    });
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  async function share() {
    try {
      await navigator.share({ title, url });
    } catch {
      // Closed by the person, or refused: nothing to report.
    }
  }

  return (
    <section aria-labelledby="share-heading" className="share">
      <h2 id="share-heading">{t("share.title")}</h2>
      <div className="field">
        <label htmlFor="share-url">{t("share.label")}</label>
        <input
          id="share-url"
          type="url"
          readOnly
          value={url}
          dir="ltr"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      {abilities.copy || abilities.share ? (
        <p className="share-buttons">
          {abilities.copy ? (
            <button type="button" className="secondary" onClick={copy}>
              {t("share.copy")}
            </button>
          ) : null}{" "}
          {abilities.share ? (
            <button type="button" className="secondary" onClick={share}>
              {t("share.share")}
            </button>
          ) : null}
        </p>
      ) : null}
      <p aria-live="polite" className="hint">
        {copied === "copied" ? t("share.copied") : copied === "failed" ? t("share.copyFailed") : ""}
      </p>
    </section>
  );
}
