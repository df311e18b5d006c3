import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "~/components/csrf-input";

/**
 * A consequential button behind a second step that works without
 * JavaScript: the first click opens a short explanation with the real
 * button. Used for publish, archive, close and publish results.
 */
export function ConfirmAction({
  summary,
  explanation,
  confirmLabel,
  intent,
  fields = {},
  danger = false,
  children,
}: {
  summary: string;
  explanation: string;
  confirmLabel: string;
  intent: string;
  fields?: Record<string, string>;
  danger?: boolean;
  children?: ReactNode;
}) {
  return (
    <details className="panel">
      <summary>{summary}</summary>
      <Form method="post" className="stack">
        <CsrfInput />
        <p>{explanation}</p>
        {children}
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button
          type="submit"
          name="intent"
          value={intent}
          className={danger ? "danger" : "primary"}
        >
          {confirmLabel}
        </button>
      </Form>
    </details>
  );
}
