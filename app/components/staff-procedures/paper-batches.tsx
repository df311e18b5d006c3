import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { IsolatedList, IsolatedT } from "~/components/user-text";
import type { ChannelAggregate, Score } from "~/modules/votes/aggregate";
import { formatCount, formatStaffDate } from "./format";

export type PaperBatchView = {
  id: string;
  label: string;
  state: "waiting" | "agreed" | "disagree";
  /** Who entered a count and when; always shown. */
  entrants: Array<{ name: string; mine: boolean; updatedAt: string | Date }>;
  /**
   * The counts side by side; null while they must stay hidden from this
   * staff member (so that their own count stays independent).
   */
  entries: Array<{ name: string; mine: boolean; counts: ChannelAggregate }> | null;
  /** This staff member's own count, to correct it. */
  mine: ChannelAggregate | null;
};

type PaperShape = {
  batchId: string;
  ballots?: string;
  options?: Record<string, { yes?: string; no?: string; abstain?: string; points?: string }>;
};

const yesNoParts = ["yes", "no", "abstain"] as const;

/**
 * Paper ballots, counted per batch by two staff members independently. A
 * batch counts only when both entries agree; a disagreement is shown side
 * by side, the differing numbers marked with a sign and words, not colour.
 */
export function PaperBatches({
  batches,
  options,
  method,
  canEnter,
  blockedReason,
  canDiscard,
  result,
}: {
  batches: PaperBatchView[];
  options: Array<{ id: string; title: string }>;
  method: string;
  /** Entering is possible now (channel on, paper phase, results not published). */
  canEnter: boolean;
  /** Catalogue key saying why entering is not possible; shown when `canEnter` is false. */
  blockedReason: string | null;
  /**
   * A batch that does not count may be discarded (results not published yet);
   * in any phase, since after counting it is the only way to resolve it.
   */
  canDiscard: boolean;
  /** The answer to the last paper form sent: which form and its errors. */
  result: { intent: string; batchId?: string; result?: SubmissionResult<string[]> } | null;
}) {
  const { t } = useTranslation();
  const [batchForm, batchFields] = useForm<{ label: string }>({
    id: `paper-batch-${batches.length}`,
    lastResult: result?.intent === "paper-batch" ? result.result : undefined,
  });
  return (
    <div className="stack">
      <p>{t("staff.votes.paper.intro")}</p>
      {!canEnter && blockedReason ? <p className="alert alert-info">{t(blockedReason)}</p> : null}
      {batches.length === 0 ? <p>{t("staff.votes.paper.none")}</p> : null}
      {batches.map((batch) => (
        <BatchPanel
          key={batch.id}
          batch={batch}
          options={options}
          method={method}
          canEnter={canEnter}
          canDiscard={canDiscard}
          lastResult={
            result?.intent === "paper-entry" && result.batchId === batch.id
              ? result.result
              : undefined
          }
          discardResult={
            result?.intent === "paper-discard" && result.batchId === batch.id
              ? result.result
              : undefined
          }
        />
      ))}
      {canEnter ? (
        <Form method="post" {...getFormProps(batchForm)} className="stack panel">
          <CsrfInput />
          <h3>{t("staff.votes.paper.newBatch")}</h3>
          <ErrorAlert errors={batchForm.errors} id={batchForm.errorId} />
          <div className="field">
            <label htmlFor={batchFields.label.id}>{t("staff.votes.paper.label")}</label>
            <p className="hint" id={`${batchFields.label.id}-hint`}>
              {t("staff.votes.paper.labelHint")}
            </p>
            <input
              {...getInputProps(batchFields.label, { type: "text" })}
              key={batchFields.label.key}
              maxLength={120}
              dir="auto"
              aria-describedby={`${batchFields.label.id}-hint ${batchFields.label.errorId}`}
            />
            <FieldErrors id={batchFields.label.errorId} errors={batchFields.label.errors} />
          </div>
          <button type="submit" name="intent" value="paper-batch" className="secondary">
            {t("staff.votes.paper.createBatch")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function BatchPanel({
  batch,
  options,
  method,
  canEnter,
  canDiscard,
  lastResult,
  discardResult,
}: {
  batch: PaperBatchView;
  options: Array<{ id: string; title: string }>;
  method: string;
  canEnter: boolean;
  canDiscard: boolean;
  lastResult?: SubmissionResult<string[]>;
  discardResult?: SubmissionResult<string[]>;
}) {
  const { t, i18n } = useTranslation();
  const headingId = `batch-${batch.id}`;
  return (
    <section className="panel stack" aria-labelledby={headingId}>
      <h3 id={headingId} dir="auto">
        {batch.label}
      </h3>
      <p>
        <strong>{t(`staff.votes.paper.states.${batch.state}`)}</strong>
        {batch.state === "agreed" ? " ✓" : batch.state === "disagree" ? " ≠" : null}
      </p>
      {batch.entrants.length ? (
        <p className="meta">
          <IsolatedT
            i18nKey="staff.votes.paper.enteredBy"
            nodes={{
              names: (
                <IsolatedList
                  separator=", "
                  items={batch.entrants.map((entrant, index) => (
                    <Fragment key={index}>
                      <EntrantName entrant={entrant} /> (
                      {formatStaffDate(entrant.updatedAt, i18n.language)})
                    </Fragment>
                  ))}
                />
              ),
            }}
          />
        </p>
      ) : (
        <p className="meta">{t("staff.votes.paper.noEntries")}</p>
      )}
      {batch.entries ? (
        <ComparisonTable batch={batch} entries={batch.entries} options={options} method={method} />
      ) : batch.entrants.length ? (
        <p className="hint">{t("staff.votes.paper.hiddenUntilYours")}</p>
      ) : null}
      {canDiscard && batch.state !== "agreed" ? (
        <p className="hint">{t("votes.paperCheck.resolveHint")}</p>
      ) : null}
      {canEnter && batch.state !== "agreed" ? (
        <EntryForm batch={batch} options={options} method={method} lastResult={lastResult} />
      ) : null}
      {canDiscard && batch.state !== "agreed" ? (
        <DiscardForm batch={batch} lastResult={discardResult} />
      ) : null}
    </section>
  );
}

/** A staff member's name (isolated), "(Sie)" added for the one looking. */
function EntrantName({ entrant }: { entrant: { name: string; mine: boolean } }) {
  return entrant.mine ? (
    <IsolatedT i18nKey="staff.votes.paper.you" user={{ name: entrant.name }} />
  ) : (
    <bdi>{entrant.name}</bdi>
  );
}

type Line = { key: string; label: ReactNode; pick: (counts: ChannelAggregate) => number | null };

function lines(
  options: Array<{ id: string; title: string }>,
  method: string,
  t: (key: string, params?: Record<string, unknown>) => string,
): Line[] {
  const score = (counts: ChannelAggregate, id: string): Score | null => counts.options[id] ?? null;
  const out: Line[] = [
    { key: "ballots", label: t("staff.votes.paper.ballots"), pick: (counts) => counts.ballots },
  ];
  for (const option of options) {
    if (method === "yes_no") {
      for (const part of yesNoParts) {
        out.push({
          key: `${option.id}.${part}`,
          label: (
            <>
              <bdi>{option.title}</bdi> – {t(`staff.votes.paper.parts.${part}`)}
            </>
          ),
          pick: (counts) => {
            const value = score(counts, option.id);
            return value && "yes" in value ? value[part] : null;
          },
        });
      }
    } else {
      out.push({
        key: `${option.id}.points`,
        label: <bdi>{option.title}</bdi>,
        pick: (counts) => {
          const value = score(counts, option.id);
          return value && "points" in value ? value.points : null;
        },
      });
    }
  }
  return out;
}

function ComparisonTable({
  batch,
  entries,
  options,
  method,
}: {
  batch: PaperBatchView;
  entries: NonNullable<PaperBatchView["entries"]>;
  options: Array<{ id: string; title: string }>;
  method: string;
}) {
  const { t, i18n } = useTranslation();
  const rows = lines(options, method, t);
  const headingId = `compare-${batch.id}`;
  return (
    <div className="table-wrap">
      {/* A heading, not a caption: a caption centres over the scrolling table. */}
      <h4 id={headingId}>
        <IsolatedT i18nKey="staff.votes.paper.compareCaption" user={{ label: batch.label }} />
      </h4>
      <table aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">{t("staff.votes.paper.line")}</th>
            {/* Second, so that it shows on a narrow screen without scrolling. */}
            <th scope="col">{t("staff.votes.paper.comparison")}</th>
            {entries.map((entry, index) => (
              <th scope="col" key={index}>
                <EntrantName entrant={entry} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const values = entries.map((entry) => row.pick(entry.counts));
            const differs = entries.length > 1 && new Set(values).size > 1;
            return (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td>
                  {differs ? (
                    <strong>≠ {t("staff.votes.paper.differs")}</strong>
                  ) : (
                    <span>✓ {t("staff.votes.paper.same")}</span>
                  )}
                </td>
                {values.map((value, index) => (
                  <td key={index}>
                    {differs ? (
                      <mark>
                        <span aria-hidden="true">≠ </span>
                        {value === null ? "–" : formatCount(value, i18n.language)}
                      </mark>
                    ) : value === null ? (
                      "–"
                    ) : (
                      formatCount(value, i18n.language)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EntryForm({
  batch,
  options,
  method,
  lastResult,
}: {
  batch: PaperBatchView;
  options: Array<{ id: string; title: string }>;
  method: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const text = (value: number | undefined) => (value === undefined ? undefined : String(value));
  const mine = batch.mine;
  const [form, fields] = useForm<PaperShape>({
    id: `paper-entry-${batch.id}`,
    lastResult,
    defaultValue: {
      batchId: batch.id,
      ballots: text(mine?.ballots),
      options: Object.fromEntries(
        options.map((option) => {
          const score = mine?.options[option.id];
          return [
            option.id,
            score && "yes" in score
              ? { yes: text(score.yes), no: text(score.no), abstain: text(score.abstain) }
              : { points: text(score?.points) },
          ];
        }),
      ),
    },
  });
  const optionFields = fields.options.getFieldset();
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="batchId" value={batch.id} />
      <h4>{t(mine ? "staff.votes.paper.correctTitle" : "staff.votes.paper.enterTitle")}</h4>
      <p className="hint">{t("staff.votes.paper.enterHint")}</p>
      <ErrorAlert errors={form.errors} id={form.errorId} />
      <CountInput field={fields.ballots} label={t("staff.votes.paper.ballots")} />
      {options.map((option) => {
        const parts = optionFields[option.id]?.getFieldset();
        if (!parts) return null;
        return method === "yes_no" ? (
          <fieldset key={option.id} className="field">
            <legend dir="auto">{option.title}</legend>
            {yesNoParts.map((part) => (
              <CountInput
                key={part}
                field={parts[part]}
                label={t(`staff.votes.paper.parts.${part}`)}
              />
            ))}
          </fieldset>
        ) : (
          <CountInput
            key={option.id}
            field={parts.points}
            label={option.title}
            hint={t(
              method === "dot" ? "staff.votes.paper.pointsHint" : "staff.votes.paper.ticksHint",
            )}
          />
        );
      })}
      <button type="submit" name="intent" value="paper-entry" className="primary">
        {t("staff.votes.paper.save")}
      </button>
    </Form>
  );
}

/**
 * Discards a batch that does not count, with a required reason (kept in the
 * audit log with the entries' numbers). Behind a second step, like the other
 * consequential buttons; open again when the server answered with an error.
 */
function DiscardForm({
  batch,
  lastResult,
}: {
  batch: PaperBatchView;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<{ batchId: string; reason: string }>({
    id: `paper-discard-${batch.id}`,
    lastResult,
    defaultValue: { batchId: batch.id },
  });
  const hintId = `${fields.reason.id}-hint`;
  return (
    <details className="panel" open={lastResult !== undefined}>
      <summary>{t("votes.paperCheck.discard.summary")}</summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <input type="hidden" name="batchId" value={batch.id} />
        <p>{t("votes.paperCheck.discard.explanation")}</p>
        <ErrorAlert errors={form.errors} id={form.errorId} />
        <div className="field">
          <label htmlFor={fields.reason.id}>{t("votes.paperCheck.discard.reason")}</label>
          <p className="hint" id={hintId}>
            {t("votes.paperCheck.discard.reasonHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.reason)}
            key={fields.reason.key}
            rows={3}
            maxLength={2000}
            dir="auto"
            aria-describedby={`${hintId} ${fields.reason.errorId}`}
          />
          <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
        <button type="submit" name="intent" value="paper-discard" className="danger">
          {t("votes.paperCheck.discard.confirm")}
        </button>
      </Form>
    </details>
  );
}

function CountInput({
  field,
  label,
  hint,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id} dir="auto">
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        {...getInputProps(field, { type: "text" })}
        key={field.key}
        inputMode="numeric"
        autoComplete="off"
        aria-describedby={`${hint ? `${field.id}-hint ` : ""}${field.errorId}`}
      />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
