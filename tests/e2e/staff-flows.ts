import type { Page } from "playwright-core";
import { expect, inject } from "vitest";

const baseUrl = inject("baseUrl");
const admin = inject("admin");
export const insideArea = { lon: 12.4029903, lat: 51.3434382 };

/** Logs the page's browser context in as the e2e admin (the context keeps the session cookie). */
export async function logInAsAdmin(page: Page) {
  await page.goto(`${baseUrl}/staff/login?lng=de`);
  await page.fill("input[name=email]", admin.email);
  await page.fill("input[name=password]", admin.password);
  await Promise.all([page.waitForURL(`${baseUrl}/staff`), page.click("main button[type=submit]")]);
}

/** A new initiative through the public API, as a resident's app would send it. */
export async function submitViaApi(fields: {
  title: string;
  description: string;
  name?: string;
  procedureId?: string;
}) {
  const response = await fetch(`${baseUrl}/api/proposals`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ category: "community", ...insideArea, ...fields }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; trackingUrl: string };
}

/** Publishes an initiative with the staff page's "Veröffentlichen" button (page logged in). */
export async function publishAsStaff(page: Page, id: string) {
  await page.goto(`${baseUrl}/staff/proposals/${id}?lng=de`);
  await Promise.all([
    page.waitForURL(/done=status/),
    page.click("button:has-text('Veröffentlichen')"),
  ]);
}

/** Writes a comment on the public page as a resident (a fresh context) and approves it as staff. */
export async function commentAndApprove(
  resident: Page,
  staff: Page,
  id: string,
  comment: { body: string; name: string },
) {
  await resident.goto(`${baseUrl}/proposals/${id}?lng=de`);
  await resident.fill("textarea[name=body]", comment.body);
  await resident.fill("input[name=authorName]", comment.name);
  await resident.click("button[name=intent][value=comment]");
  await resident.waitForURL(/notice=comment-/);
  await staff.goto(`${baseUrl}/staff?lng=de`);
  const card = staff.locator(".card", { hasText: comment.body.slice(0, 20) });
  if ((await card.count()) > 0) {
    await card.locator("button[name=decision][value=approve]").click();
    await card.waitFor({ state: "detached" });
  }
}
