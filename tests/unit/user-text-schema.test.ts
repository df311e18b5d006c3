import { describe, expect, it } from "vitest";
import { CommentInputSchema } from "~/modules/comments/comment.schema.server";
import { StaffProposalActionSchema } from "~/modules/moderation/moderation.schema.server";
import {
  ProposalInputSchema,
  ProposalTextSchema,
} from "~/modules/proposals/proposal.schema.server";
import { bidiOverrideMessage, userText } from "~/utils/user-text.schema.server";

const RLO = "\u202E";
const LRO = "\u202D";

const firstMessages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => {
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? [])
    out[String(issue.path[0] ?? "_")] ??= issue.message;
  return out;
};

const proposal = {
  title: "Bänke im Rabet",
  description: "Mehr Sitzbänke im Rabet, damit Ältere sich ausruhen können.",
  category: "seniors",
  lon: 12.4029903,
  lat: 51.3434382,
};

describe("userText", () => {
  it("normalises, refuses bidi overrides first, then trims and checks lengths", () => {
    const schema = userText({ error: "required" }).min(3, "short").max(10, "long");
    expect(schema.parse("  Ba\u0308nke\u0000 ")).toBe("Bänke");
    expect(schema.safeParse(`ab${RLO}`).error?.issues.map((i) => i.message)).toEqual([
      bidiOverrideMessage,
    ]);
    expect(firstMessages(schema.safeParse(`${LRO}${"x".repeat(20)}`))).toEqual({
      _: bidiOverrideMessage,
    });
    expect(schema.safeParse("\u200B".repeat(8)).error?.issues.map((i) => i.message)).toEqual([
      "short",
    ]);
    expect(schema.safeParse(undefined).error?.issues.map((i) => i.message)).toEqual(["required"]);
  });
});

describe("user text fields refuse the bidi overrides U+202D/U+202E", () => {
  it.each([
    ["title", { title: `Bänke ${RLO}im Rabet` }],
    ["description", { description: `${proposal.description} ${LRO}x` }],
    ["name", { name: `Olena ${RLO}` }],
  ])("proposal %s", (field, change) => {
    expect(firstMessages(ProposalInputSchema.safeParse({ ...proposal, ...change }))).toEqual({
      [field]: bidiOverrideMessage,
    });
  });

  it("resubmission and staff text edits", () => {
    expect(
      firstMessages(ProposalTextSchema.safeParse({ ...proposal, title: `${RLO}Bänke im Rabet` })),
    ).toEqual({ title: bidiOverrideMessage });
  });

  it("comments and their author names", () => {
    expect(firstMessages(CommentInputSchema.safeParse({ body: `Gute Idee ${RLO}` }))).toEqual({
      body: bidiOverrideMessage,
    });
    expect(
      firstMessages(CommentInputSchema.safeParse({ body: "Gute Idee", authorName: `${LRO}Ali` })),
    ).toEqual({ authorName: bidiOverrideMessage });
  });

  it.each([
    { intent: "status", to: "rejected", reason: `Begründung ${RLO}` },
    { intent: "note", body: `Notiz ${RLO}` },
    { intent: "reply", body: `Antwort ${RLO}` },
    { intent: "edit", title: `Bänke ${RLO}im Rabet`, description: proposal.description },
  ])("staff $intent", (input) => {
    const result = StaffProposalActionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(bidiOverrideMessage);
  });

  it("keeps balanced embeddings and isolates, which are legitimate in mixed-direction text", () => {
    const title = "Treffen \u2067مساء الخير\u2069 im Rabet";
    expect(ProposalInputSchema.parse({ ...proposal, title }).title).toBe(title);
  });
});
