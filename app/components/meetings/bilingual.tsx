import { createContext, Fragment, useContext, type ReactNode } from "react";
import { textDirection, type Language } from "~/i18n/config";
import type { ProjectionLabelName, ProjectionLabels } from "./projection-labels";

type Wall = { languages: Language[]; labels: Partial<Record<Language, ProjectionLabels>> };

const WallContext = createContext<Wall>({ languages: ["de"], labels: {} });

/** The languages on the wall and their labels, for everything inside the projection. */
export function WallLanguages({ value, children }: { value: Wall; children: ReactNode }) {
  return <WallContext.Provider value={value}>{children}</WallContext.Provider>;
}

export function useWall() {
  return useContext(WallContext);
}

/**
 * A label in each of the meeting's languages, each in its own element with
 * its language and direction, so Arabic runs right to left inside its part
 * and a screen reader pronounces each part in its language.
 */
export function Bi({ name, className = "bi" }: { name: ProjectionLabelName; className?: string }) {
  const { languages, labels } = useWall();
  return (
    <>
      {languages.map((language, index) => (
        <Fragment key={language}>
          {index > 0 ? (
            <span className="bi-sep" aria-hidden="true">
              {" · "}
            </span>
          ) : null}
          <span lang={language} dir={textDirection(language)} className={className}>
            {labels[language]?.[name] ?? ""}
          </span>
        </Fragment>
      ))}
    </>
  );
}
