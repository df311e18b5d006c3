import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";
import { listDistrictNames } from "~/modules/proposals/proposals.server";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import * as listRoute from "~/routes/proposals._index";
import * as staffProposalRoute from "~/routes/staff.proposals.$id";
import { prisma } from "~/utils/db.server";
import { callLoader } from "./helpers";
import {
  createStaffUser,
  publishDirectly,
  resetData,
  staffHeaders,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

type ListData = {
  filter: { district?: string; sort?: string };
  districts: string[];
  list: { total: number; items: Array<{ id: string; title: string; supportCount: number }> };
};

async function list(query: string): Promise<ListData> {
  const response = await callLoader(listRoute.loader, `/proposals${query}`);
  expect(response.status).toBe(200);
  return response.json();
}

let moderator: TestStaff;

beforeEach(async () => {
  await resetData();
  moderator = await createStaffUser("moderator");
});

async function publishedWith(
  title: string,
  district: string,
  supportCount: number,
  daysAgo: number,
) {
  const { id } = await submitProposal({ title });
  await publishDirectly(id, new Date(Date.now() - daysAgo * 86_400_000));
  await prisma.proposal.update({ where: { id }, data: { district, supportCount } });
  publicDataChanged();
  return id;
}

describe("list page: Ortsteil filter and sort", () => {
  it("filters by an Ortsteil from the District table and sorts by newest or most supported", async () => {
    const districts = await listDistrictNames();
    expect(districts.length).toBeGreaterThanOrEqual(2);
    const [first, second] = districts;
    await publishedWith("Ältere Idee mit viel Unterstützung", first, 12, 3);
    await publishedWith("Neue Idee mit wenig Unterstützung", first, 1, 1);
    await publishedWith("Idee im anderen Ortsteil", second, 5, 2);

    const all = await list("");
    expect(all.districts).toEqual(districts);
    expect(all.list.total).toBe(3);
    expect(all.list.items.map((item) => item.title)[0]).toBe("Neue Idee mit wenig Unterstützung");

    const inFirst = await list(`?district=${encodeURIComponent(first)}`);
    expect(inFirst.filter.district).toBe(first);
    expect(inFirst.list.total).toBe(2);
    expect(inFirst.list.items.map((item) => item.title)).toEqual([
      "Neue Idee mit wenig Unterstützung",
      "Ältere Idee mit viel Unterstützung",
    ]);

    const supported = await list(`?district=${encodeURIComponent(first)}&sort=supported`);
    expect(supported.filter.sort).toBe("supported");
    expect(supported.list.items.map((item) => item.supportCount)).toEqual([12, 1]);

    const allSupported = await list("?sort=supported");
    expect(allSupported.list.items.map((item) => item.supportCount)).toEqual([12, 5, 1]);

    // The count is cached per filter: another Ortsteil must not reuse the first one's count.
    expect((await list(`?district=${encodeURIComponent(second)}`)).list.total).toBe(1);
  });

  it("ignores an unknown Ortsteil or sort instead of failing", async () => {
    await publishedWith("Eine Idee", (await listDistrictNames())[0], 0, 1);
    const data = await list("?district=Atlantis&sort=random");
    expect(data.filter.district).toBeUndefined();
    expect(data.filter.sort).toBeUndefined();
    expect(data.list.total).toBe(1);
  });
});

/** Server-renders the staff proposal page inside a stand-in staff layout (which provides the CSRF token). */
async function renderStaffProposal(id: string, language: Language) {
  const handler = createStaticHandler([
    {
      id: "routes/staff",
      path: "/staff",
      loader: () => ({ csrf: moderator.csrf }),
      children: [
        {
          id: "page",
          path: "proposals/:id",
          loader: (args) =>
            staffProposalRoute.loader({
              request: args.request,
              params: args.params,
              context: {},
            } as LoaderFunctionArgs),
          Component: staffProposalRoute.default as ComponentType,
        },
      ],
    },
  ]);
  const routing = await handler.query(
    new Request(`http://test.local/staff/proposals/${id}?lng=${language}`, {
      headers: staffHeaders(moderator),
    }),
  );
  if (routing instanceof Response) throw new Error(`unexpected response ${routing.status}`);
  const router = createStaticRouter(handler.dataRoutes, routing);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: getI18nInstance(language) },
      createElement(StaticRouterProvider, { router, context: routing, hydrate: false }),
    ),
  );
}

describe("staff status form", () => {
  it.each(["de", "ar"] as const)(
    "preselects no next status, only the '— bitte wählen —' placeholder (%s)",
    async (language) => {
      const { id } = await submitProposal({ title: "Eine Idee zum Prüfen" });
      await publishDirectly(id);
      const html = await renderStaffProposal(id, language);
      const select = html.match(/<select id="status-to"[^>]*>([\s\S]*?)<\/select>/);
      expect(select, "status select").not.toBeNull();
      const options = [...select![1].matchAll(/<option([^>]*)>([\s\S]*?)<\/option>/g)];
      expect(options.length).toBeGreaterThan(1);
      const selected = options.filter(([, attributes]) => /\sselected=""/.test(attributes));
      expect(selected).toHaveLength(1);
      expect(selected[0][1]).toContain('value=""');
      expect(selected[0][2]).toBe(
        language === "de" ? "— bitte wählen —" : getI18nInstance("ar").t("statusForm.choose"),
      );
      expect(select![0]).toContain("required");
    },
  );
});
