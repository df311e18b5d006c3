import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { IsolatedList, IsolatedT } from "~/components/user-text";

export type UnresolvedBatch = { id: string; label: string; state: "waiting" | "disagree" };

/**
 * Why the result cannot be published yet: the paper batches that do not
 * count, each a link to its panel, where it can be corrected or discarded.
 * `messageKey` is the sentence around the list: the page's notice, or the
 * refusal after a publish that was sent anyway.
 */
export function UnresolvedBatches({
  batches,
  messageKey,
}: {
  batches: ReadonlyArray<UnresolvedBatch>;
  messageKey: "votes.paperCheck.notice" | "votes.paperCheck.refused";
}) {
  const { t } = useTranslation();
  const refused = messageKey === "votes.paperCheck.refused";
  return (
    <div
      className={refused ? "alert alert-error" : "alert alert-info"}
      role={refused ? "alert" : undefined}
    >
      <p>
        <IsolatedT
          i18nKey={messageKey}
          nodes={{
            batches: (
              <IsolatedList
                items={batches.map((batch) => (
                  <Fragment key={batch.id}>
                    <a href={`#batch-${batch.id}`}>
                      <IsolatedT
                        i18nKey="votes.paperCheck.batch"
                        user={{ label: batch.label }}
                        values={{ state: t(`votes.paperCheck.states.${batch.state}`) }}
                      />
                    </a>
                  </Fragment>
                ))}
              />
            ),
          }}
        />
      </p>
    </div>
  );
}
