/**
 * The withdrawal form on the private tracking page: its intent and the
 * confirmation checkbox, shared by the form and the server's schema
 * (withdrawal.server.ts). Pure: no zod, no server imports.
 */
export const WITHDRAW_INTENT = "withdraw-application";
export const WITHDRAW_CONFIRM_FIELD = "confirm";
export const WITHDRAW_CONFIRMED = "yes";
