import { Form, Link, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import {
  fieldId,
  lineField,
  liveCheck,
  readApplicationForm,
  type ApplicationFormAnswer,
  type ApplicationFormValues,
} from "~/modules/fund/application-form";
import { formatCents, parseMoney } from "~/modules/fund/money";
import { potKinds } from "~/modules/fund/pot-math";
import {
  problemParams,
  targetGroups,
  type RoundRules,
  type RuleProblem,
} from "~/modules/fund/rules";
import { acceptAttribute } from "~/modules/uploads/upload-policy";
import { FundPlaceField } from "./place-field";

export type { ApplicationFormAnswer };

type Props = {
  values: ApplicationFormValues;
  /** A mail server is configured: an address also brings the private link and news by e-mail. */
  mailEnabled?: boolean;
  answer?: ApplicationFormAnswer;
  rules: RoundRules;
  today: string;
  language: string;
  styleUrl: string;
  attributions: string[];
  /** Stored quotes per row (editing). */
  quotes?: Record<number, { id: string; kind: string }>;
  quoteHref?: (fileId: string) => string;
  /** Whether submitting is open now (the phase). */
  canSubmit: boolean;
  submitLabel: string;
  /** Shown instead of the submit button while submitting is closed. */
  closedNotice?: string;
};

const completeness = new Set(["required", "no-cost-lines", "line-incomplete", "requested-missing"]);

export function dayFormatter(language: string) {
  const format = new Intl.DateTimeFormat(language === "ar" ? "ar-u-nu-latn" : language, {
    dateStyle: "long",
    timeZone: "UTC",
  });
  return (day: string) => format.format(new Date(`${day}T00:00:00.000Z`));
}

/** A rule problem in words, in the reader's language. */
export function useProblemText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const date = dayFormatter(language);
  return (problem: RuleProblem) => {
    if (problem.key === "required") return t(`fund.rules.required.${problem.field}`);
    // Pot messages name the pot ("Im investiven Topf …"): one sentence per kind.
    const kind = problem.params?.kind;
    const key =
      problem.key === "pot-short" || problem.key === "pot-kind-missing"
        ? `fund.rules.${problem.key}.${String(kind)}`
        : `fund.rules.${problem.key}`;
    return t(
      key,
      problemParams(problem, {
        money: (cents) => formatCents(cents, language),
        date,
        kind: (kind) => t(`fund.potKindShort.${kind}`),
      }),
    );
  };
}

/**
 * The application form of a fund round (new, continue a draft, edit after a
 * staff request). An ordinary form: without JavaScript it has a fixed number
 * of cost-plan rows (empty rows are ignored) and the server checks everything.
 * With JavaScript, the round's rules (rules.ts) are checked while typing.
 */
export function ApplicationForm(props: Props) {
  const { t } = useTranslation();
  const { answer, rules, language } = props;
  const values = answer?.values ?? props.values;
  const problemText = useProblemText();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const [inside, setInside] = useState<boolean | null>(null);
  const [live, setLive] = useState<ReturnType<typeof liveCheck> | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [kind, setKind] = useState(values.applicantKind || "person");
  // Without JavaScript the association's fields are always there (nothing can show them later).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const runCheck = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    setLive(
      liveCheck(readApplicationForm(new FormData(form)), rules, {
        language,
        today: props.today,
        insideArea: inside,
      }),
    );
  }, [rules, language, props.today, inside]);
  useEffect(runCheck, [runCheck]);
  const onInsideChange = useCallback((value: boolean | null) => setInside(value), []);

  const attempted = Boolean(answer?.check || answer?.fieldErrors || answer?.formErrors);
  const check = live?.rules ?? answer?.check;
  const showCompleteness = attempted;

  /** Everything to say at one field. */
  const messagesFor = (field: string): string[] => {
    const out: string[] = [];
    if (!touched.has(field)) for (const key of answer?.fieldErrors?.[field] ?? []) out.push(t(key));
    const money = live?.money.find((problem) => problem.field === field);
    if (money) out.push(t(`fund.errors.money.${money.reason}`));
    for (const problem of [...(check?.errors ?? []), ...(check?.warnings ?? [])]) {
      if (problem.field !== field) continue;
      if (completeness.has(problem.key) && !showCompleteness) continue;
      out.push(problemText(problem));
    }
    for (const problem of answer?.quoteProblems ?? []) {
      if (problem.field === field) out.push(t(problem.message, problem.values));
    }
    return [...new Set(out)];
  };

  const describedBy = (field: string, hint = false) =>
    [hint ? `${fieldId(field)}-hint` : null, `${fieldId(field)}-errors`].filter(Boolean).join(" ");

  // Plain functions, not components: a component declared here would be a new
  // type on every render, and React would replace the inputs while people type.
  const messagesBox = (field: string) => {
    const messages = messagesFor(field);
    return (
      <div id={`${fieldId(field)}-errors`} className="field-errors" aria-live="polite">
        {messages.map((message) => (
          <p key={message} className="field-error">
            {message}
          </p>
        ))}
      </div>
    );
  };

  const textField = ({
    name,
    label,
    hint,
    type = "text",
    multiline,
    autoComplete,
    maxLength,
    inputMode,
  }: {
    name: keyof ApplicationFormValues;
    label: string;
    hint?: string;
    type?: string;
    multiline?: boolean;
    autoComplete?: string;
    maxLength?: number;
    inputMode?: "decimal" | "numeric" | "email" | "tel";
  }) => {
    const id = fieldId(name);
    const value = values[name];
    const invalid = messagesFor(name).length > 0;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {multiline ? (
          <textarea
            id={id}
            name={name}
            rows={6}
            dir="auto"
            maxLength={maxLength}
            defaultValue={typeof value === "string" ? value : ""}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy(name, Boolean(hint))}
          />
        ) : (
          <input
            id={id}
            name={name}
            type={type}
            dir={type === "text" ? "auto" : undefined}
            autoComplete={autoComplete}
            maxLength={maxLength}
            inputMode={inputMode}
            defaultValue={typeof value === "string" ? value : ""}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy(name, Boolean(hint))}
          />
        )}
        {messagesBox(name)}
      </div>
    );
  };

  const euros = (cents: number) => formatCents(cents, language);
  const totals = check?.totals;
  const errors = (check?.errors ?? []).filter(
    (problem) => showCompleteness || !completeness.has(problem.key),
  );
  const open = (check?.errors ?? []).filter((problem) => completeness.has(problem.key));
  const warnings = check?.warnings ?? [];

  const onInput = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
      if (target.name && !touched.has(target.name)) setTouched(new Set([...touched, target.name]));
    }
    if (target instanceof HTMLInputElement && target.name === "applicantKind")
      setKind(target.value);
    runCheck();
  };

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack fund-form"
      ref={formRef}
      onInput={onInput}
      onChange={onInput}
      noValidate
    >
      <ErrorAlert errors={answer?.formErrors} />
      {/* Without JavaScript the page was loaded anew and the file fields are empty; with it, they keep the files. */}
      {answer?.quotesDropped && !hydrated ? (
        <p className="alert alert-info" role="status">
          {t("fund.form.quotesAgain")}
        </p>
      ) : null}

      <fieldset className="stack">
        <legend>
          <h2>{t("fund.form.applicantLegend")}</h2>
        </legend>
        <fieldset className="field" aria-describedby={`${fieldId("applicantKind")}-errors`}>
          <legend>{t("fund.form.applicantKind")}</legend>
          {(["person", "association"] as const).map((option) => (
            <label className="radio" key={option}>
              <input
                type="radio"
                name="applicantKind"
                value={option}
                defaultChecked={(values.applicantKind || "person") === option}
              />
              <span>{t(`fund.form.applicantKinds.${option}`)}</span>
            </label>
          ))}
          {messagesBox("applicantKind")}
        </fieldset>
        {kind === "association" || !hydrated ? (
          <>
            {textField({
              name: "organisation",
              label: t("fund.form.organisation"),
              autoComplete: "organization",
              maxLength: 200,
            })}
            <fieldset
              className="field"
              aria-describedby={`${fieldId("organisationRegistered")}-errors`}
            >
              <legend>{t("fund.form.registered")}</legend>
              {(["yes", "no"] as const).map((option) => (
                <label className="radio" key={option}>
                  <input
                    type="radio"
                    name="organisationRegistered"
                    value={option}
                    defaultChecked={values.organisationRegistered === option}
                  />
                  <span>{t(`fund.form.registeredOptions.${option}`)}</span>
                </label>
              ))}
              {messagesBox("organisationRegistered")}
            </fieldset>
          </>
        ) : null}
        {textField({
          name: "applicantName",
          label: t(kind === "association" ? "fund.form.contactPerson" : "fund.form.name"),
          autoComplete: "name",
          maxLength: 200,
        })}
        <p className="hint" id="fund-contact-hint">
          {t("fund.form.contactHint")}
          {props.mailEnabled ? <> {t("fund.form.contactMailHint")}</> : null}
        </p>
        {textField({
          name: "contactEmail",
          label: t("fund.form.email"),
          type: "email",
          autoComplete: "email",
          maxLength: 200,
        })}
        {textField({
          name: "contactPhone",
          label: t("fund.form.phone"),
          type: "tel",
          autoComplete: "tel",
          maxLength: 50,
        })}
        {messagesBox("contact")}
        {textField({
          name: "contactAddress",
          label: t("fund.form.address"),
          autoComplete: "street-address",
          maxLength: 300,
        })}
        <p className="hint">
          {t("fund.form.privacy")} {/* A new tab: what is typed in the form stays. */}
          <Link to="/privacy#fund" target="_blank">
            {t("fund.form.privacyLink")}
          </Link>
        </p>
      </fieldset>

      <fieldset className="stack">
        <legend>
          <h2>{t("fund.form.projectLegend")}</h2>
        </legend>
        {textField({
          name: "title",
          label: t("fund.form.title"),
          hint: t("fund.form.titleHint"),
          maxLength: 120,
        })}
        {textField({
          name: "description",
          label: t("fund.form.description"),
          hint: t("fund.form.descriptionHint"),
          multiline: true,
          maxLength: 4000,
        })}
        <FundPlaceField
          initial={
            values.lon && values.lat ? { lon: Number(values.lon), lat: Number(values.lat) } : null
          }
          styleUrl={props.styleUrl}
          attributions={props.attributions}
          language={language}
          addresses={answer?.addresses ?? null}
          addressQuery={answer?.addressQuery ?? ""}
          serverPlace={answer?.place}
          errors={messagesFor("place")}
          onInsideChange={onInsideChange}
        />
        <div className="fund-dates">
          {textField({
            name: "startsOn",
            label: t("fund.form.startsOn"),
            hint: t("fund.form.startsOnHint"),
            type: "date",
          })}
          {textField({ name: "endsOn", label: t("fund.form.endsOn"), type: "date" })}
        </div>
        <fieldset className="field" aria-describedby={`${fieldId("targetGroups")}-errors`}>
          <legend>{t("fund.form.targetGroups")}</legend>
          <div className="fund-checkboxes">
            {targetGroups.map((group) => (
              <label className="checkbox" key={group}>
                <input
                  type="checkbox"
                  name="targetGroups"
                  value={group}
                  defaultChecked={values.targetGroups.includes(group)}
                />
                <span>{t(`fund.targetGroup.${group}`)}</span>
              </label>
            ))}
          </div>
          {messagesBox("targetGroups")}
        </fieldset>
        {textField({
          name: "expectedParticipants",
          label: t("fund.form.participants"),
          inputMode: "numeric",
          maxLength: 6,
        })}
      </fieldset>

      <fieldset className="stack">
        <legend>
          <h2>{t("fund.form.costLegend")}</h2>
        </legend>
        <p className="hint">{t("fund.form.costHint", { cap: euros(rules.maxPerItemCents) })}</p>
        {messagesBox("costLines")}
        <ol className="fund-cost-lines">
          {values.costLines.map((line, row) => (
            <CostLineRow
              key={row}
              row={row}
              line={line}
              quote={props.quotes?.[row]}
              quoteHref={props.quoteHref}
              messages={(name) => messagesBox(lineField(row, name))}
              describedBy={(name) => describedBy(lineField(row, name))}
            />
          ))}
        </ol>
      </fieldset>

      <fieldset className="stack">
        <legend>
          <h2>{t("fund.form.ownLegend")}</h2>
        </legend>
        <p className="hint">
          {rules.minOwnContributionPercent
            ? t("fund.form.ownHintMinimum", { percent: rules.minOwnContributionPercent })
            : t("fund.form.ownHint")}
        </p>
        {textField({
          name: "ownMoney",
          label: t("fund.form.ownMoney"),
          inputMode: "decimal",
          maxLength: 20,
        })}
        {textField({
          name: "volunteerHours",
          label: t("fund.form.volunteerHours"),
          hint: t("fund.form.volunteerHoursHint", { rate: euros(rules.volunteerRateCents) }),
          inputMode: "numeric",
          maxLength: 6,
        })}
        {totals ? (
          <p className="fund-sum" aria-live="polite">
            {t("fund.form.ownTotal", {
              hours: euros(totals.volunteerCents),
              own: euros(totals.ownCents),
            })}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="stack">
        <legend>
          <h2>{t("fund.form.requestedLegend")}</h2>
        </legend>
        {textField({
          name: "requested",
          label: t("fund.form.requested"),
          hint: t("fund.form.requestedHint", { max: euros(rules.maxPerProjectCents) }),
          inputMode: "decimal",
          maxLength: 20,
        })}
        {totals ? (
          <dl className="fund-totals" aria-live="polite">
            <dt>{t("fund.words.totalCost")}</dt>
            <dd className="fund-amount">{euros(totals.totalCents)}</dd>
            <dt>{t("fund.words.ownContribution")}</dt>
            <dd className="fund-amount">{euros(totals.ownCents)}</dd>
            <dt>{t("fund.form.stillNeeded")}</dt>
            <dd className="fund-amount">
              {euros(Math.max(0, totals.totalCents - totals.ownCents))}
            </dd>
            {potKinds.map((kind) => (
              <FreeInPot key={kind} kind={kind} cents={totals.freeByKind[kind]} />
            ))}
          </dl>
        ) : null}
      </fieldset>

      <section className="fund-check" aria-labelledby="fund-check-heading" id="fund-check">
        <h2 id="fund-check-heading">{t("fund.form.checkHeading")}</h2>
        <div aria-live="polite" role="status">
          {errors.length === 0 && warnings.length === 0 ? (
            live || answer ? (
              <p className="alert alert-ok">{t("fund.form.checkOk")}</p>
            ) : (
              <p className="hint">{t("fund.form.checkNoScript")}</p>
            )
          ) : null}
          {errors.length ? (
            <div className="alert alert-error">
              <p>{t("fund.form.checkErrors")}</p>
              <ul>
                {errors.map((problem, index) => (
                  <li key={`${problem.key}-${problem.field}-${index}`}>
                    <a href={`#${anchorFor(problem.field)}`}>{problemText(problem)}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {!showCompleteness && open.length ? (
            <p className="hint">{t("fund.form.checkIncomplete")}</p>
          ) : null}
          {warnings.length ? (
            <div className="alert alert-info">
              <p>{t("fund.form.checkWarnings")}</p>
              <ul>
                {warnings.map((problem, index) => (
                  <li key={`${problem.key}-${index}`}>{problemText(problem)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </section>

      <div className="fund-buttons">
        <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
          {t("fund.form.saveDraft")}
        </button>
        {props.canSubmit ? (
          <button type="submit" name="intent" value="submit" className="primary" disabled={busy}>
            {props.submitLabel}
          </button>
        ) : null}
      </div>
      <p className="hint">{t("fund.form.saveHint")}</p>
      {!props.canSubmit && props.closedNotice ? (
        <p className="alert alert-info">{props.closedNotice}</p>
      ) : null}
    </Form>
  );
}

/** Where a problem's link jumps to. */
function anchorFor(field: string) {
  if (field === "place") return "fund-place";
  if (field === "contact") return fieldId("contactEmail");
  return fieldId(field);
}

function FreeInPot({ kind, cents }: { kind: string; cents: number }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <dt>{t("fund.form.freeInPot", { kind: t(`fund.potKindShort.${kind}`) })}</dt>
      <dd className="fund-amount">{formatCents(cents, i18n.language)}</dd>
    </>
  );
}

function CostLineRow({
  row,
  line,
  quote,
  quoteHref,
  messages,
  describedBy,
}: {
  row: number;
  line: ApplicationFormValues["costLines"][number];
  quote?: { id: string; kind: string };
  quoteHref?: (fileId: string) => string;
  messages: (name: "description" | "amount" | "potKind" | "quote") => ReactNode;
  describedBy: (name: "description" | "amount" | "potKind" | "quote") => string;
}) {
  const { t } = useTranslation();
  const id = (name: "description" | "amount" | "potKind" | "quote") =>
    fieldId(lineField(row, name));
  const parsed = parseMoney(line.amount);
  return (
    <li className="fund-cost-line">
      <fieldset>
        <legend>{t("fund.costLine.position", { n: row + 1 })}</legend>
        <input type="hidden" name={lineField(row, "id")} value={line.id} />
        <div className="field">
          <label htmlFor={id("description")}>{t("fund.costLine.description")}</label>
          <input
            id={id("description")}
            name={lineField(row, "description")}
            type="text"
            dir="auto"
            maxLength={200}
            defaultValue={line.description}
            aria-describedby={describedBy("description")}
          />
          {messages("description")}
        </div>
        <div className="field">
          <label htmlFor={id("amount")}>{t("fund.costLine.amount")}</label>
          <input
            id={id("amount")}
            name={lineField(row, "amount")}
            type="text"
            inputMode="decimal"
            maxLength={20}
            defaultValue={line.amount}
            aria-describedby={describedBy("amount")}
            data-valid={parsed.ok ? "yes" : "no"}
          />
          {messages("amount")}
        </div>
        <div className="field">
          <label htmlFor={id("potKind")}>{t("fund.costLine.potKind")}</label>
          <select
            id={id("potKind")}
            name={lineField(row, "potKind")}
            defaultValue={line.potKind || "investive"}
            aria-describedby={describedBy("potKind")}
          >
            {potKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`fund.potKind.${kind}`)}
              </option>
            ))}
          </select>
          {messages("potKind")}
        </div>
        <div className="field">
          <label htmlFor={id("quote")}>{t("fund.costLine.quote")}</label>
          {quote ? (
            <p className="hint">
              {quoteHref ? (
                <a href={quoteHref(quote.id)}>{t("fund.form.quoteStored")}</a>
              ) : (
                t("fund.form.quoteStored")
              )}{" "}
              {t("fund.form.quoteReplace")}
            </p>
          ) : null}
          <input
            id={id("quote")}
            name={lineField(row, "quote")}
            type="file"
            accept={acceptAttribute("image+pdf")}
            aria-describedby={describedBy("quote")}
          />
          {messages("quote")}
        </div>
      </fieldset>
    </li>
  );
}
