import { useTranslation } from "react-i18next";
import {
  budgetBar,
  yesNoAnswers,
  type BudgetConfig,
  type MethodConfig,
} from "~/modules/votes/methods";
import { pointsValue, type BallotValues } from "./ballot-values";
import { BudgetBar } from "./budget-bar";
import { formatEuro, formatNumber } from "./format";

export type BallotOption = {
  id: string;
  proposalId: string;
  title: string;
  district: string | null;
  costCents: number | null;
};

type FieldsProps = {
  config: MethodConfig;
  options: ReadonlyArray<BallotOption>;
  /** What the fields start with: a stored ballot, or what was sent before a refusal. */
  defaults: BallotValues;
  /**
   * What the form holds now, read from the form after every change; null until
   * the page has JavaScript. The counters and the budget bar appear only then:
   * without JavaScript they could not follow the ticks, and the server says
   * what is wrong instead.
   */
  live: BallotValues | null;
};

/**
 * The ballot of a vote's method: plain form fields (radios, checkboxes,
 * number inputs), uncontrolled, so the form works without JavaScript and a
 * tick made on a slow phone before the scripts arrived is not undone when
 * they do. The server checks everything again.
 */
export function BallotFields(props: FieldsProps) {
  switch (props.config.method) {
    case "yes_no":
      return <YesNoFields {...props} />;
    case "approval":
      return <ApprovalFields {...props} maxChoices={props.config.maxChoices} />;
    case "dot":
      return (
        <DotFields
          {...props}
          points={props.config.points}
          maxPerOption={props.config.maxPerOption}
        />
      );
    case "budget":
      return <BudgetFields {...props} budget={props.config} />;
  }
}

function OptionTitle({ option }: { option: BallotOption }) {
  // The district on its own line: a German place name after a title in another
  // script would otherwise be reordered by the bidi algorithm on Arabic pages.
  return (
    <>
      <span className="option-title" dir="auto">
        {option.title}
      </span>
      {option.district ? (
        <span className="option-district" dir="auto">
          {option.district}
        </span>
      ) : null}
    </>
  );
}

function IdeaLink({ option }: { option: BallotOption }) {
  const { t } = useTranslation();
  // A new window: following the link must not lose what was already ticked.
  return (
    <a
      href={`/proposals/${option.proposalId}`}
      target="_blank"
      rel="noopener"
      className="idea-link"
    >
      {t("ballot.viewIdea")}
    </a>
  );
}

function YesNoFields({ options, defaults }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <div className="ballot-options">
      <p>{t("ballot.yesNo.intro")}</p>
      {options.map((option) => (
        <fieldset key={option.id} className="field ballot-option">
          <legend>
            <OptionTitle option={option} />
          </legend>
          <div className="choice-row">
            {yesNoAnswers.map((answer) => (
              <label key={answer} className="radio">
                <input
                  type="radio"
                  name={`answer.${option.id}`}
                  value={answer}
                  defaultChecked={defaults.answers[option.id] === answer}
                />
                {t(`ballot.yesNo.${answer}`)}
              </label>
            ))}
          </div>
          <IdeaLink option={option} />
        </fieldset>
      ))}
    </div>
  );
}

function CheckboxOption({
  option,
  defaults,
  children,
}: {
  option: BallotOption;
  defaults: BallotValues;
  children?: React.ReactNode;
}) {
  return (
    <div className="ballot-option">
      <label className="checkbox">
        <input
          type="checkbox"
          name="option"
          value={option.id}
          defaultChecked={defaults.selected.includes(option.id)}
        />
        <span>
          <OptionTitle option={option} />
          {children}
        </span>
      </label>
      <IdeaLink option={option} />
    </div>
  );
}

function ApprovalFields({
  options,
  defaults,
  live,
  maxChoices,
}: FieldsProps & { maxChoices: number }) {
  const { t, i18n } = useTranslation();
  const count = live?.selected.length ?? 0;
  return (
    <fieldset className="field ballot-options">
      <legend>{t("ballot.approval.legend")}</legend>
      <p className="hint">{t("ballot.approval.intro", { count: maxChoices })}</p>
      {options.map((option) => (
        <CheckboxOption key={option.id} option={option} defaults={defaults} />
      ))}
      {live ? (
        <p className={count > maxChoices ? "counter counter-over" : "counter"} aria-live="polite">
          {t(count > maxChoices ? "ballot.approval.tooMany" : "ballot.approval.counter", {
            chosen: formatNumber(count, i18n.language),
            max: formatNumber(maxChoices, i18n.language),
          })}
        </p>
      ) : null}
    </fieldset>
  );
}

function DotFields({
  options,
  defaults,
  live,
  points,
  maxPerOption,
}: FieldsProps & { points: number; maxPerOption: number }) {
  const { t, i18n } = useTranslation();
  const given = options.map((option) => pointsValue(live?.points[option.id]));
  const broken = given.some((value) => Number.isNaN(value));
  const used = given.reduce((sum, value) => sum + (Number.isNaN(value) ? 0 : value), 0);
  const remaining = points - used;
  return (
    <fieldset className="field ballot-options">
      <legend>{t("ballot.dot.legend")}</legend>
      <p className="hint">{t("ballot.dot.intro", { points, max: maxPerOption })}</p>
      {options.map((option) => {
        const value = pointsValue(live?.points[option.id]);
        const tooMany = !Number.isNaN(value) && value > maxPerOption;
        const inputId = `points-${option.id}`;
        return (
          <div key={option.id} className="ballot-option dot-option">
            <label htmlFor={inputId}>
              <OptionTitle option={option} />
            </label>
            <div className="dot-input">
              <input
                id={inputId}
                type="number"
                inputMode="numeric"
                name={`points.${option.id}`}
                min={0}
                max={maxPerOption}
                step={1}
                defaultValue={defaults.points[option.id] ?? ""}
                placeholder="0"
                aria-invalid={tooMany || Number.isNaN(value) ? true : undefined}
                aria-describedby={`${inputId}-unit`}
              />
              <span id={`${inputId}-unit`}>{t("ballot.dot.unit", { max: maxPerOption })}</span>
            </div>
            {tooMany ? (
              <p className="field-error">{t("ballot.dot.tooManyOnOne", { max: maxPerOption })}</p>
            ) : null}
            <IdeaLink option={option} />
          </div>
        );
      })}
      {live ? (
        <p
          className={remaining < 0 || broken ? "counter counter-over" : "counter"}
          aria-live="polite"
        >
          {broken
            ? t("ballot.dot.notANumber")
            : t(remaining < 0 ? "ballot.dot.over" : "ballot.dot.remaining", {
                used: formatNumber(used, i18n.language),
                points: formatNumber(points, i18n.language),
                remaining: formatNumber(Math.max(remaining, 0), i18n.language),
              })}
        </p>
      ) : null}
    </fieldset>
  );
}

function BudgetFields({ options, defaults, live, budget }: FieldsProps & { budget: BudgetConfig }) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="field ballot-options">
      <legend>{t("ballot.budget.legend")}</legend>
      <p className="hint">
        {t("ballot.budget.intro", { budget: formatEuro(budget.budgetCents, i18n.language) })}
      </p>
      {options.map((option) => (
        <CheckboxOption key={option.id} option={option} defaults={defaults}>
          <span className="cost">
            {t("ballot.budget.cost", {
              cost: formatEuro(option.costCents ?? 0, i18n.language),
            })}
          </span>
        </CheckboxOption>
      ))}
      {live ? (
        <div className="budget-sticky">
          <BudgetBar
            usedCents={budgetBar(budget, options, live.selected).usedCents}
            budgetCents={budget.budgetCents}
            live
          />
        </div>
      ) : null}
    </fieldset>
  );
}
