import { beforeEach, describe, expect, it } from "vitest";
import { action as submitApi } from "~/routes/api.proposals";
import { action as detailAction } from "~/routes/proposals.$id";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, context, formRequest, inside, jsonRequest, validProposal } from "./helpers";
import { publishDirectly, resetData, submitProposal } from "./staff-helpers";

beforeEach(async () => {
  resetRateLimits();
  await resetData();
});

/** The raw JSON text, so that escapes such as \ud800 reach the server as written. */
function rawJson(fields: Record<string, string>) {
  const body = { ...validProposal, ...inside, ...fields };
  const json = JSON.stringify(body)
    // JSON.stringify would escape a lone surrogate itself; keep the escapes the test wrote.
    .replace(/\\\\u([0-9a-fA-F]{4})/g, "\\u$1");
  return jsonRequest("/api/proposals", json);
}

async function submit(fields: Record<string, string>, client = context()) {
  const response = await callAction(submitApi, rawJson(fields), {}, client);
  const body = await response.json();
  return { status: response.status, body };
}

const storedTitle = async (id: string) =>
  (await prisma.proposal.findUniqueOrThrow({ where: { id } })).title;

describe("text input is normalised before validation (POST /api/proposals)", () => {
  it("a lone surrogate in the title is stored as U+FFFD: 201, never 500", async () => {
    const { status, body } = await submit({ title: "Bank \\ud800 am Rabet" });
    expect(status).toBe(201);
    expect(await storedTitle(body.id)).toBe("Bank \uFFFD am Rabet");

    const low = await submit({ description: `${validProposal.description} \\udc00\\udc00` });
    expect(low.status).toBe(201);
  });

  it("invalid text never costs a point of the submission budget", async () => {
    const client = context();
    const limit = getEnv().SUBMISSION_RATE_LIMIT;
    for (let i = 0; i < limit + 2; i++) {
      const { status } = await submit({ title: "\\u200b".repeat(8) }, client);
      expect(status).toBe(400);
    }
    expect((await submit({}, client)).status).toBe(201);
  });

  it("a title made only of zero-width characters counts as empty (400 on the title)", async () => {
    // Long enough for the minimum length if the invisible characters counted.
    for (const title of ["\\u200b".repeat(8), "\\u200c\\u200d\\u2060\\ufeff \\u00ad\\u200b"]) {
      const { status, body } = await submit({ title });
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_input");
      expect(Object.keys(body.error.fields)).toEqual(["title"]);
      expect(body.error.fields.title).toMatch(/Titel/);
    }
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("refuses the bidi override U+202E in the description with its own message", async () => {
    const { status, body } = await submit({
      description: `${validProposal.description} \\u202egnp.exe`,
      language: "de",
    });
    expect(status).toBe(400);
    expect(body.error.fields).toEqual({
      description:
        "Der Text enthält unsichtbare Steuerzeichen, die Text verdrehen können (U+202D/U+202E). Bitte entfernen Sie sie.",
    });
    const english = await submit({ title: "Bänke \\u202d im Rabet", language: "en" });
    expect(english.status).toBe(400);
    expect(english.body.error.fields.title).toMatch(/invisible control characters/);
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("strips NUL bytes and other control characters", async () => {
    const { status, body } = await submit({ title: "Bä\\u0000nke\\u0007 im Rabet\\u001b" });
    expect(status).toBe(201);
    expect(await storedTitle(body.id)).toBe("Bänke im Rabet");
  });

  it("keeps the ZWNJ inside a Persian title and stores NFD text as NFC", async () => {
    const persian = "می\u200cخواهم نیمکت بیشتر";
    const fa = await submit({ title: persian, language: "fa" });
    expect(fa.status).toBe(201);
    expect(await storedTitle(fa.body.id)).toBe(persian);

    const nfd = "Gru\u0308nfla\u0308che am Rabet";
    const de = await submit({ title: nfd });
    expect(de.status).toBe(201);
    const stored = await storedTitle(de.body.id);
    expect(stored).toBe("Grünfläche am Rabet");
    expect(stored).toBe(nfd.normalize("NFC"));
  });
});

describe("text input in forms", () => {
  it("a comment with a bidi override is refused with the message; zero-width only is empty", async () => {
    const { id } = await submitProposal();
    await publishDirectly(id);
    const post = (body: string) =>
      callAction(detailAction, formRequest(`/proposals/${id}`, { intent: "comment", body }), {
        id,
      });
    const bidi = await post("Siehe Datei \u202Egnp.exe");
    expect(bidi.status).toBe(400);
    expect(JSON.stringify(await bidi.json())).toContain("errors.text.bidiOverride");
    const blank = await post("\u200B".repeat(8));
    expect(blank.status).toBe(400);
    expect(await prisma.comment.count()).toBe(0);
    const ok = await post("Gute Idee\u0000 \uD800");
    expect(ok.status).toBe(303);
    expect((await prisma.comment.findFirstOrThrow()).body).toBe("Gute Idee \uFFFD");
  });
});
