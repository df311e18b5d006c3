// MapLibre 6 runs its tile work in a separate ES-module worker file that the
// Remix classic compiler cannot bundle: copy it (and the map CSS) to
// public/vendor, where only pages with a map load them.
import { copyFileSync, mkdirSync } from "node:fs";

const dist = "node_modules/maplibre-gl/dist";
mkdirSync("public/vendor", { recursive: true });
copyFileSync(`${dist}/maplibre-gl-worker.mjs`, "public/vendor/maplibre-gl-worker.mjs");
copyFileSync(`${dist}/maplibre-gl.css`, "public/vendor/maplibre-gl.css");
