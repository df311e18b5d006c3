/** A refusal or validation problem of the session page: a catalogue key with its values. */
export type SessionMessage = { key: string; values?: Record<string, string | number> };

export type SessionActionData = {
  done?: string;
  applicationId?: string;
  errors?: SessionMessage[];
  values?: Record<string, string>;
};
