import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The private tracking link, shown so that it is kept: as a link (works
 * without JavaScript; it prints), and with JavaScript "Link kopieren" (the
 * clipboard, or a selected input to copy from where the clipboard is not
 * allowed) and "Diese Seite drucken". Styles, print styles included, in
 * app/styles/tracking.css.
 */
export function TrackingLinkBox({
  url,
  notice,
  prominent,
  text,
}: {
  url: string;
  /** What the resident should know right now (e.g. "no e-mail is sent"). */
  notice: string | null;
  /** Right after submitting: the box stands out. */
  prominent: boolean;
  /** What the link is for, when it follows something else than an initiative (a fund application). */
  text?: string;
}) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (copy !== "failed") return;
    input.current?.focus();
    input.current?.select();
  }, [copy]);

  const copyLink = async () => {
    try {
      // Only on https (or localhost), and a browser may still refuse.
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(url);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };

  return (
    <section
      className={prominent ? "tracking-link tracking-link-prominent" : "tracking-link"}
      aria-labelledby="tracking-link-heading"
    >
      <h2 id="tracking-link-heading">{t("tracking.linkTitle")}</h2>
      <p>{text ?? t("tracking.linkText")}</p>
      {notice ? <p className="tracking-notice">{notice}</p> : null}
      <p className="tracking-url">
        <a href={url} className="break-all" dir="ltr">
          {url}
        </a>
      </p>
      {hydrated ? (
        <div className="tracking-actions no-print">
          <button type="button" className="secondary" onClick={() => void copyLink()}>
            {t("mail.tracking.copy")}
          </button>
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t("mail.tracking.print")}
          </button>
        </div>
      ) : null}
      {copy === "failed" ? (
        <div className="field no-print">
          <label htmlFor="tracking-url-copy">{t("mail.tracking.selectHint")}</label>
          <input
            id="tracking-url-copy"
            ref={input}
            type="text"
            readOnly
            value={url}
            dir="ltr"
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="no-print">
        {copy === "copied"
          ? t("mail.tracking.copied")
          : copy === "failed"
            ? t("mail.tracking.copyFailed")
            : null}
      </p>
      <p className="print-only">{t("mail.tracking.printNote")}</p>
    </section>
  );
}
