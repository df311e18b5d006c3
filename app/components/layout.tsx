import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languageAttributes } from "~/components/procedures/localised-text";
import { languageNames, languages, type Language } from "~/i18n/config";

export function SiteHeader({ language, path }: { language: Language; path: string }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand">
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-sub">{t("app.office")}</span>
        </Link>
        <LanguageSwitch current={language} path={path} />
      </div>
      <nav className="container main-nav" aria-label={t("nav.label")}>
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
        <NavLink to="/proposals" end>
          {t("nav.proposals")}
        </NavLink>
        <NavLink to="/procedures">{t("procedures.nav")}</NavLink>
        <NavLink to="/proposals/new" className="nav-cta">
          {t("nav.submit")}
        </NavLink>
      </nav>
    </header>
  );
}

/** A plain form: switching language works without JavaScript, and is remembered in a cookie. */
function LanguageSwitch({ current, path }: { current: Language; path: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="language-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={path} />
      <span className="visually-hidden" id="language-label">
        {t("language.label")}
      </span>
      <div role="group" aria-labelledby="language-label">
        {languages.map((lng) => (
          <button
            key={lng}
            type="submit"
            name="language"
            value={lng}
            lang={lng}
            aria-pressed={lng === current}
            className={lng === current ? "active" : undefined}
          >
            {languageNames[lng]}
          </button>
        ))}
      </div>
    </Form>
  );
}

export function SiteFooter() {
  const { t, i18n } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-row">
        <p>{t("footer.about")}</p>
        <nav aria-label={t("footer.label")}>
          <Link to="/outcomes">{t("outcomes.navLink")}</Link>
          <Link to="/fund">{t("fundRounds.public.footerLink")}</Link>
          {/* "Leichte Sprache" is German in every UI language: the page it opens is German. */}
          <Link to="/leichte-sprache" {...languageAttributes("de", i18n.language)}>
            {t("easy.link")}
          </Link>
          <Link to="/privacy">{t("footer.privacy")}</Link>
          <Link to="/imprint">{t("footer.imprint")}</Link>
          <Link to="/imprint#data-sources">{t("footer.dataSources")}</Link>
          <Link to="/accessibility">{t("accessibility.footerLink")}</Link>
          <Link to="/staff">{t("footer.staff")}</Link>
        </nav>
      </div>
    </footer>
  );
}
