import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { can, roles } from "~/modules/staff/permissions";
import { action as proposalAction, loader as proposalLoader } from "~/routes/staff.proposals.$id";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  submitProposal,
} from "./staff-helpers";

/**
 * The rule: a submitter's contact data is shown to staff (moderators and
 * admins alike) only on request, one initiative at a time, and every request
 * is logged as proposal.contactViewed. All of it at once is the admins'
 * logged CSV export (tests/integration/exports.test.ts).
 */

const NAME = "Olena Kowalenko";
const EMAIL = "olena@example.org";

beforeEach(async () => {
  resetRateLimits();
  await resetData();
});

const staffLoaders = import.meta.glob<{
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
}>("../../app/routes/staff*.{ts,tsx}", { eager: true });

/** A staff route file's URL, with the proposal's id for `$id`. */
const urlOf = (file: string, id: string) =>
  `/${file
    .replace(/\.tsx?$/, "")
    .replace(/\._index$/, "")
    .replace(/_/g, "")
    .replace(/\[\.\]/g, ".")
    .replace(/\./g, "/")
    .replace(/\/(csv|geojson)$/, ".$1")
    .replace("$id", id)}`;

describe("submitters' contact data in the staff area", () => {
  it("both staff roles may ask for it; only admins export it all; the decision team never", () => {
    for (const role of roles.filter((r) => r !== "jury")) {
      expect(can(role, "view:contact"), role).toBe(true);
    }
    expect(can("jury", "view:contact")).toBe(false);
    expect(can("jury", "export:contacts")).toBe(false);
    expect(can("jury", "view:staff-area")).toBe(false);
    expect(can("moderator", "export:contacts")).toBe(false);
    expect(can("admin", "export:contacts")).toBe(true);
  });

  it("no staff page shows it in passing, for moderators or admins", async () => {
    const { id } = await submitProposal({ name: NAME, email: EMAIL, consent: true });
    const moderator = await createStaffUser("moderator");
    const admin = await createStaffUser("admin");
    for (const staff of [moderator, admin]) {
      for (const [path, mod] of Object.entries(staffLoaders)) {
        if (!mod.loader) continue;
        const file = path.split("/").pop()!;
        const url = urlOf(file, id);
        const response = await callLoader(mod.loader, url, { id }, staffHeaders(staff));
        const text = await response.text();
        if (file === "staff.proposals.$id.tsx" || file === "staff.proposals._index.tsx") {
          // The pages that list or show the initiative did work.
          expect(response.status, url).toBe(200);
          expect(text, url).toContain("Sitzbänke im Rabet");
        }
        expect(text, `${staff.role} ${url}`).not.toContain(EMAIL);
        expect(text, `${staff.role} ${url}`).not.toContain(NAME);
      }
    }
    // Looking at pages is not asking for contact data.
    expect(await auditEntries("proposal.contactViewed")).toHaveLength(0);
  });

  it("the detail page says whether there is contact data, without the data", async () => {
    const withContact = await submitProposal({ name: NAME, email: EMAIL, consent: true });
    const without = await submitProposal({ name: undefined, email: undefined, consent: undefined });
    const moderator = await createStaffUser("moderator");
    const page = async (id: string) =>
      (
        await callLoader(proposalLoader, `/staff/proposals/${id}`, { id }, staffHeaders(moderator))
      ).json();
    const shown = await page(withContact.id);
    expect(shown.proposal.hasContact).toBe(true);
    expect(shown.proposal).not.toHaveProperty("submitterEmail");
    expect(shown.proposal).not.toHaveProperty("submitterName");
    expect(shown.proposal).not.toHaveProperty("contactConsentAt");
    expect((await page(without.id)).proposal.hasContact).toBe(false);
  });

  it.each(["moderator", "admin"] as const)(
    "a %s gets it on request (POST with CSRF token), and the request is logged",
    async (role) => {
      const { id } = await submitProposal({ name: NAME, email: EMAIL, consent: true });
      const staff = await createStaffUser(role);
      const response = await callAction(
        proposalAction,
        staffForm(`/staff/proposals/${id}`, staff, { intent: "contact" }),
        { id },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      const data = await response.json();
      expect(data.contact).toMatchObject({ name: NAME, email: EMAIL });
      expect(new Date(data.contact.consentAt).getTime()).not.toBeNaN();

      const entries = await auditEntries("proposal.contactViewed");
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        staffId: staff.id,
        entityType: "proposal",
        entityId: id,
        after: { fields: ["name", "email"] },
      });
      // The log records that it was seen, not a copy of it.
      expect(JSON.stringify(entries[0])).not.toContain(EMAIL);
      expect(JSON.stringify(entries[0])).not.toContain(NAME);
    },
  );

  it("refuses requests without the CSRF token, by visitors without a session, and for unknown initiatives; none is logged", async () => {
    const { id } = await submitProposal({ name: NAME, email: EMAIL, consent: true });
    const moderator = await createStaffUser("moderator");
    const forged = await callAction(
      proposalAction,
      staffForm(`/staff/proposals/${id}`, moderator, { intent: "contact", csrf: "falsch" }),
      { id },
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain(EMAIL);

    const anonymous = await callAction(
      proposalAction,
      staffForm(`/staff/proposals/${id}`, { cookie: "", csrf: "x" }, { intent: "contact" }),
      { id },
    );
    expect(anonymous.status).toBe(401);

    const unknown = await callAction(
      proposalAction,
      staffForm(`/staff/proposals/nope`, moderator, { intent: "contact" }),
      { id: "nope" },
    );
    expect(unknown.status).toBe(404);
    expect(await auditEntries("proposal.contactViewed")).toHaveLength(0);
  });
});
