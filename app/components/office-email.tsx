import { useTranslation } from "react-i18next";

/**
 * The office's e-mail address (`OFFICE_CONTACT_EMAIL`), after a label. The
 * demo placeholder is no mailbox: it is shown as text, not as a link, with a
 * note saying so and where to go instead.
 */
export function OfficeEmail({
  contact,
  label,
  subject,
}: {
  contact: { email: string; isDemo: boolean };
  label: string;
  /** Subject line for the mail program. */
  subject?: string;
}) {
  const { t } = useTranslation();
  const query = subject ? `?subject=${encodeURIComponent(subject)}` : "";
  return (
    <>
      <p>
        {label}{" "}
        {contact.isDemo ? (
          <span dir="ltr">{contact.email}</span>
        ) : (
          <a href={`mailto:${contact.email}${query}`} dir="ltr">
            {contact.email}
          </a>
        )}
      </p>
      {contact.isDemo ? <p className="alert alert-info">{t("office.demoEmail")}</p> : null}
    </>
  );
}
