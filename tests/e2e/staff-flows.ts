import type { Page } from "playwright-core";
import { expect, inject } from "vitest";

const baseUrl = inject("baseUrl");
const admin = inject("admin");
export const insideArea = { lon: 12.4029903, lat: 51.3434382 };

/** Logs the page's browser context in as the e2e admin (the context keeps the session cookie). */
export async function logInAsAdmin(page: Page) {
  // Under the whole suite on two cores a login can be refused or slow once (the
  // login budget reserves an attempt while argon2 runs); try again, and say why.
  const problems: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto(`${baseUrl}/staff/login?lng=de`);
    if (page.url() === `${baseUrl}/staff`) return;
    await page.fill("input[name=email]", admin.email);
    await page.fill("input[name=password]", admin.password);
    try {
      await Promise.all([
        page.waitForURL(`${baseUrl}/staff`, { timeout: 20_000 }),
        page.click("main button[type=submit]"),
      ]);
      return;
    } catch (error) {
      const alert = await page
        .locator("[role=alert]")
        .allTextContents()
        .catch(() => []);
      problems.push(`attempt ${attempt}: ${page.url()} ${alert.join(" ")} ${String(error)}`);
      await page.waitForTimeout(3_000);
    }
  }
  throw new Error(`admin login failed:\n${problems.join("\n")}`);
}

/** A new initiative through the public API, as a resident's app would send it. */
export async function submitViaApi(fields: {
  title: string;
  description: string;
  name?: string;
  email?: string;
  consent?: boolean;
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
