/**
 * The ceiling for public pages: a bare Remix 2.17 app with one page of 20 list
 * items, built by the real Remix compiler into a temporary directory and served
 * by the same server stack as the app (Express 4, `compression`, static files,
 * `@remix-run/express`), with the same installed versions. Nothing of the app
 * runs in it: no database, no i18n, no security headers, no page cache; what is
 * left is Remix's request handling and routing, React rendering and gzip.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const files: Record<string, string> = {
  // The app's server.mjs reads its settings from the app; this is the same stack without them.
  "server.mjs": `import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const build = await import("./build/index.js");
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1", () => {
  console.log("ceiling listens on " + process.env.PORT);
});
`,
  "package.json": JSON.stringify({ name: "bare-remix-ceiling", private: true, type: "module" }),
  // The same compiler settings and future flags as the app.
  "remix.config.js": `export default {
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
`,
  // Remix's own template entry (streaming, isbot), unchanged.
  "app/entry.server.tsx": `import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const callbackName = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [callbackName]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
`,
  "app/entry.client.tsx": `import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
`,
  "app/root.tsx": `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

export default function App() {
  return (
    <html lang="de">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
`,
  // 20 list items, like one page of /proposals: a loader, a title, a link and a text each.
  "app/routes/_index.tsx": `import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Bare Remix" }];

export async function loader() {
  return {
    items: Array.from({ length: 20 }, (_, i) => ({
      id: "item-" + i,
      title: "Initiative " + (i + 1) + ": Sitzbänke und Schatten am Platz",
      text: "Eine Idee aus der Nachbarschaft, die mehr Aufenthaltsqualität bringen soll. ".repeat(2),
    })),
  };
}

export default function Index() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Bare Remix</h1>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <h2>
              <Link to={"/items/" + item.id}>{item.title}</Link>
            </h2>
            <p>{item.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
`,
};

/**
 * Writes and builds the bare app; returns its directory, where `node server.mjs`
 * serves it.
 */
export function buildCeilingApp(repoRoot: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "quartiersstimme-ceiling-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  mkdirSync(path.join(dir, "public"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/@remix-run/dev/dist/cli.js"), "build"],
    {
      cwd: dir,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return dir;
}
