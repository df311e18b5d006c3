import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { IsolatedT } from "~/components/user-text";
import {
  MAX_PHOTOS,
  PHOTO_ALT_MAX,
  PHOTO_MAX_BYTES,
  photoSlots,
  type PhotoFieldsState,
  type PhotoProblem,
} from "~/modules/photos/photo-policy";
import { acceptAttribute, megabytes } from "~/modules/uploads/upload-policy";

export type { PhotoFieldsState };

/**
 * Photo slots of a multipart form: a file input and a description per photo.
 * Works as a plain form; with JavaScript each chosen photo shows a preview
 * (an object URL, no upload), a photo over the size limit is refused at once
 * (before it costs mobile data), and only one empty slot is shown at a time.
 */
export function PhotoFields({
  slots = MAX_PHOTOS,
  state,
  legend,
}: {
  /** How many photos may still be added. */
  slots?: number;
  state?: PhotoFieldsState;
  /** The legend of the fieldset (default: "Fotos (freiwillig)"). */
  legend?: string;
}) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [chosen, setChosen] = useState<boolean[]>(() => photoSlots.map(() => false));
  const shownSlots = photoSlots.slice(0, Math.max(0, Math.min(slots, MAX_PHOTOS)));
  const lastChosen = chosen.lastIndexOf(true);
  const problemsOf = (field: string) => state?.problems.filter((p) => p.field === field) ?? [];
  const setProblems = state?.problems.filter((problem) => problem.field === "") ?? [];
  const lost = Boolean(state?.received.length) && !chosen.some(Boolean);
  const maxMb = megabytes(PHOTO_MAX_BYTES);

  return (
    <fieldset className="field photo-fields" aria-describedby="photos-hint photos-set-errors">
      <legend>{legend ?? t("photos.field.legend")}</legend>
      <p className="hint" id="photos-hint">
        {t("photos.field.hint", { max: slots, maxMb })} {t("photos.field.privacy")}
      </p>
      <div id="photos-set-errors" role={setProblems.length || lost ? "alert" : undefined}>
        {setProblems.map((problem) => (
          <p className="field-error" key={problem.message}>
            {t(problem.message, problem.values)}
          </p>
        ))}
        {lost ? <p className="alert alert-info">{t("photos.field.chooseAgain")}</p> : null}
      </div>
      {shownSlots.map((slot, index) => (
        <PhotoSlot
          key={slot.file}
          index={index}
          // With JavaScript, one empty slot at a time (the others once it is used).
          hidden={
            hydrated &&
            index > lastChosen + 1 &&
            problemsOf(slot.file).length === 0 &&
            !state?.alts[slot.alt]
          }
          problems={problemsOf(slot.file)}
          alt={state?.alts[slot.alt] ?? ""}
          onChosen={(isChosen) =>
            setChosen((previous) => previous.map((value, i) => (i === index ? isChosen : value)))
          }
        />
      ))}
    </fieldset>
  );
}

function PhotoSlot({
  index,
  hidden,
  problems,
  alt,
  onChosen,
}: {
  index: number;
  hidden: boolean;
  problems: PhotoProblem[];
  alt: string;
  onChosen: (chosen: boolean) => void;
}) {
  const { t } = useTranslation();
  const slot = photoSlots[index]!;
  const n = index + 1;
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const choose = () => {
    const file = input.current?.files?.[0];
    setTooBig(null);
    if (file && file.size > PHOTO_MAX_BYTES) {
      // Refused here, before the upload costs mobile data; the server checks again.
      setTooBig(file.name);
      input.current!.value = "";
    }
    const kept = input.current?.files?.[0];
    setPreview(kept ? URL.createObjectURL(kept) : null);
    onChosen(Boolean(kept));
  };
  // A photo picked before the script ran (a slow phone) gets its preview and size check now.
  useEffect(() => {
    if (input.current?.files?.length) choose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, after hydration
  }, []);
  const clear = () => {
    if (input.current) input.current.value = "";
    setTooBig(null);
    setPreview(null);
    onChosen(false);
  };
  const errorId = `${slot.file}-errors`;
  const hasErrors = problems.length > 0 || tooBig !== null;

  return (
    <div className="photo-slot" hidden={hidden}>
      <label htmlFor={slot.file}>{t("photos.field.slot", { n })}</label>
      <input
        ref={input}
        id={slot.file}
        name={slot.file}
        type="file"
        accept={acceptAttribute("image")}
        onChange={choose}
        aria-invalid={hasErrors || undefined}
        aria-describedby={errorId}
      />
      <div id={errorId} className="field-errors" role={tooBig ? "alert" : undefined}>
        {tooBig ? (
          <p className="field-error">
            <IsolatedT
              i18nKey="uploads.errors.too-big"
              user={{ name: tooBig }}
              values={{ maxMb: megabytes(PHOTO_MAX_BYTES) }}
            />
          </p>
        ) : null}
        {problems.map((problem) => (
          <p className="field-error" key={problem.message}>
            <IsolatedT
              i18nKey={problem.message}
              user={{ name: problem.filename }}
              values={problem.values}
            />
          </p>
        ))}
      </div>
      {preview ? (
        <div className="photo-preview">
          <img src={preview} alt={t("photos.field.preview", { n })} />
          <button type="button" className="link-button" onClick={clear}>
            {t("photos.field.clear", { n })}
          </button>
        </div>
      ) : null}
      <label htmlFor={slot.alt}>{t("photos.field.alt", { n })}</label>
      <input
        id={slot.alt}
        name={slot.alt}
        type="text"
        dir="auto"
        maxLength={PHOTO_ALT_MAX}
        defaultValue={alt}
        aria-describedby={`${slot.alt}-hint`}
      />
      <p className="hint" id={`${slot.alt}-hint`}>
        {t("photos.field.altHint")}
      </p>
    </div>
  );
}
