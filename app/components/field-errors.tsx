import { useTranslation } from "react-i18next";

/** Field errors are catalogue keys; shown in the reader's language. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  return (
    <div id={id} className="field-errors">
      {errors?.map((error) => (
        <p key={error} className="field-error">
          {t(error)}
        </p>
      ))}
    </div>
  );
}
