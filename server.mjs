// Production server: Express in front of the Remix build, for compression,
// security headers, body limits and the client address that rate limits need.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import onHeaders from "on-headers";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const build = await import("./build/index.js");
// The rules (environment, body limits) live in the app: app/utils/server-config.server.ts.
const config = build.entry.module.getServerConfig();

const app = express();
app.disable("x-powered-by");
// TRUST_PROXY: a hop count or a list of proxy addresses (validated at boot), never "true".
app.set("trust proxy", config.trustProxy);

app.use((req, res, next) => {
  const https = req.secure || config.httpsByConfiguration;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // Safety net: staff and tracking answers are never stored, and an answer
  // that chose no cache policy (a redirect, a resource route) is not stored either.
  onHeaders(res, () => {
    if (/^\/(staff|track|unsubscribe)(\/|$)/.test(req.path) || !res.getHeader("Cache-Control")) {
      res.setHeader("Cache-Control", "no-store");
    }
  });
  if (https) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Every cookie of an https site gets the Secure flag, whichever module set it.
    onHeaders(res, () => {
      const cookies = res.getHeader("Set-Cookie");
      if (!cookies) return;
      const list = Array.isArray(cookies) ? cookies : [String(cookies)];
      res.setHeader(
        "Set-Cookie",
        list.map((cookie) => (/;\s*secure\b/i.test(cookie) ? cookie : `${cookie}; Secure`)),
      );
    });
  }
  next();
});

// Bodies over the route's limit are refused by the app (413, in the visitor's
// language) before anything is read; the connection is closed afterwards so
// that the rest of a huge upload is not read either.
app.use((req, res, next) => {
  const length = Number(req.get("content-length") ?? 0);
  if (length > config.bodyLimitFor(req.path)) res.setHeader("Connection", "close");
  next();
});

// Forms are posted from our own pages only. A browser sends Origin with every
// POST; a cross-site one is refused (staff forms also carry a CSRF token).
// The JSON API under /api/ is meant for other sites and apps, and uses no cookies.
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (req.method === "GET" || req.method === "HEAD" || !origin || req.path.startsWith("/api/")) {
    return next();
  }
  if (origin === `${req.protocol}://${req.get("host")}` || origin === config.publicOrigin) {
    return next();
  }
  res.status(403).type("text/plain").send("Cross-site form submission refused.");
});

// Ballots sent as JSON are answered straight from Node's request, ahead of the
// static files, compression and Remix (app/modules/votes/ballot-api.server.ts);
// anything it does not take (other body types, no length) goes on to the route.
app.post("/api/votes/:voteId/ballots", build.entry.module.ballotApi);

// public/: scripts, styles and map files compressed once at build time
// (scripts/precompress.mjs) and served from memory with their .br/.gz variants
// (app/utils/static-files.server.ts), ahead of `compression`, which would have
// nothing left to do for them. In development the build changes under the
// running server: files come from disk and are compressed per request.
const staticFromMemory = (process.env.NODE_ENV ?? "production") === "production";
if (staticFromMemory) {
  app.use(
    build.entry.module.staticFiles("public", {
      // Basemap tiles and glyphs change only when an office replaces them: 30 days.
      cacheControl: (path) =>
        path.startsWith("/build/")
          ? "public, max-age=31536000, immutable"
          : path.startsWith("/basemap/")
            ? "public, max-age=2592000"
            : "public, max-age=3600",
    }),
  );
}
// A meeting's live updates (server-sent events) are written straight to the
// socket, ahead of compression and Remix (app/modules/meetings/meeting-stream.server.ts).
app.get("/m/:code/events", build.entry.module.meetingEvents);
app.use(compression());
if (!staticFromMemory) {
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
}
// A phone's ballot asked for as JSON (the phone page's script, bench/meeting.ts) is
// answered by /m/CODE/ballot: a Remix page route answers a document POST with a page.
app.post(/^\/m\/[^/]+\/?$/, (req, _res, next) => {
  if (req.accepts(["html", "json"]) === "json") {
    req.url = req.originalUrl = req.originalUrl.replace(/^(\/m\/[^/?]+)\/?/, "$1/ballot");
  }
  next();
});
app.all(
  "*",
  // Public pages for anonymous visitors, rendered once and kept compressed for
  // a few seconds (app/utils/page-cache.server.ts); everything else goes to Remix.
  build.entry.module.pageCache.middleware,
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV ?? "production",
    getLoadContext: (req) => ({ clientAddress: req.ip ?? "unknown" }),
  }),
);

app.listen(port, host, () => {
  console.log(`Quartiersstimme listens on http://localhost:${port}`);
  // E-mail from the outbox (app/modules/mail/): sends after each commit that queued
  // mail and retries due ones. Does nothing without SMTP_URL.
  build.entry.module.startMailWorker();
});
