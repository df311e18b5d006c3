import { useTranslation } from "react-i18next";

/** Errors for a whole form (catalogue keys), announced to screen readers. Renders nothing without errors. */
export function ErrorAlert({
  errors,
  id,
}: {
  errors?: ReadonlyArray<string> | string | null;
  id?: string;
}) {
  const { t } = useTranslation();
  const list = typeof errors === "string" ? [errors] : (errors ?? []);
  if (list.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      {list.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}
