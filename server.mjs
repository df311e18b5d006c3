// Production server: Express in front of the Remix build, for compression,
// security headers and the client address that rate limits need.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const build = await import("./build/index.js");

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, set TRUST_PROXY=1 so that req.ip is the visitor's address.
app.set("trust proxy", process.env.TRUST_PROXY ? Number(process.env.TRUST_PROXY) || true : false);
app.use(compression());
app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
  next();
});
// Forms are posted from our own pages only. A browser sends Origin with every
// POST; a cross-site one is refused (staff forms also carry a CSRF token).
// The JSON API under /api/ is meant for other sites and apps, and uses no cookies.
const publicOrigin = process.env.PUBLIC_BASE_URL
  ? new URL(process.env.PUBLIC_BASE_URL).origin
  : null;
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (req.method === "GET" || req.method === "HEAD" || !origin || req.path.startsWith("/api/")) {
    return next();
  }
  if (origin === `${req.protocol}://${req.get("host")}` || origin === publicOrigin) return next();
  res.status(403).type("text/plain").send("Cross-site form submission refused.");
});
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV ?? "production",
    getLoadContext: (req) => ({ clientAddress: req.ip ?? "unknown" }),
  }),
);

app.listen(port, host, () => {
  console.log(`Quartiersstimme listens on http://localhost:${port}`);
});
