/**
 * What became of an accepted initiative, in order: angenommen → in Umsetzung →
 * umgesetzt. Labels live in the catalogue under `outcomes.states.<state>`.
 * Isomorphic: the staff form and the public badges use it too.
 */
export const implementationStates = ["accepted", "in_progress", "done"] as const;

/** The longest public note (the form's limit and the server's). */
export const IMPLEMENTATION_NOTE_MAX = 2000;

export type ImplementationState = (typeof implementationStates)[number];

export function isImplementationState(value: unknown): value is ImplementationState {
  return (
    typeof value === "string" && (implementationStates as ReadonlyArray<string>).includes(value)
  );
}

/**
 * The states a record may move to from `current` (null: no record yet). A
 * record only moves forward; staying in the same state adds a note.
 */
export function nextImplementationStates(
  current: string | null,
): ReadonlyArray<ImplementationState> {
  if (current === null || !isImplementationState(current)) return implementationStates;
  return implementationStates.slice(implementationStates.indexOf(current));
}
