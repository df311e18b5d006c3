import { createHash } from "node:crypto";
import { getSupporterKey, supporterKeyFromCookie } from "~/modules/supports/supports.server";
import { normaliseCode, type NormalisedCode } from "~/modules/votes/codes";

/**
 * The keys that make "one ballot per code / per browser" a unique constraint
 * (Ballot @@unique([voteId, voterKey])), and the hash under which a code is
 * stored. Nothing here stores or logs a code in plain text.
 */

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * How a code is stored: sha256 over the vote id and the normalised code.
 *
 * The vote id is part of the input so that a card of one vote is simply
 * unknown to another vote, and the global unique index on the hash cannot be
 * hit by the same code drawn for two votes.
 *
 * No server pepper on purpose: the only server secret this app has is the
 * cookie secret, which lives in the same database unless COOKIE_SECRET is set
 * (so it adds nothing against someone who has the database), and rotating it
 * would silently invalidate every printed card. What protects voters is that
 * no record links a card to the person who received it.
 */
export function codeHash(voteId: string, normalisedCode: string): string {
  return sha256(`vote-code:${voteId}:${normalisedCode}`);
}

/** A ballot cast with a code is keyed by the code's row, never by the code itself. */
export function codeVoterKey(codeId: string): string {
  return `code:${codeId}`;
}

/**
 * A ballot of the open channel is keyed by a hash of the browser id with the
 * vote id, so the same browser's ballots in two votes (or its supports, which
 * store the browser id's own hash) cannot be joined in the database.
 */
export function openVoterKey(voteId: string, browserKey: string): string {
  return `open:${sha256(`open-ballot:${voteId}:${browserKey}`)}`;
}

/** What a resident typed → stored form, or why it cannot be a code. */
export function parseCode(input: string): NormalisedCode {
  return normaliseCode(input);
}

/**
 * The signed anonymous browser id that open votes count by — the same cookie
 * as supports ("qs_supporter"), so a browser is one voter and one supporter.
 * With `create`, a browser without the cookie gets one: pass `setCookie` on
 * to the response, or the next request is a new voter.
 */
export async function getVoterBrowserKey(
  request: Request,
  options: { create: boolean } = { create: true },
): Promise<{ key: string | null; setCookie?: string }> {
  return getSupporterKey(request, options);
}

/** `getVoterBrowserKey` for a request's Cookie header. */
export async function voterBrowserKeyFromCookie(
  cookieHeader: string | null,
  options: { create: boolean } = { create: true },
): Promise<{ key: string | null; setCookie?: string }> {
  return supporterKeyFromCookie(cookieHeader, options);
}
