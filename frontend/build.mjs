// Builds the front-end assets into internal/web/static/dist, which the Go
// binary embeds. Only the files the pages use are copied.
import { compile } from "sass";
import { mkdirSync, rmSync, writeFileSync, readFileSync, copyFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const out = join(root, "internal", "web", "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "fonts"), { recursive: true });
mkdirSync(join(out, "leaflet", "images"), { recursive: true });
writeFileSync(join(out, ".gitkeep"), "");

const css = compile(join(root, "frontend", "app.scss"), {
  loadPaths: [nm],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "app.css"), css.css);

for (const subset of ["latin", "latin-ext"]) {
  for (const weight of [400, 700]) {
    const name = `atkinson-hyperlegible-${subset}-${weight}-normal.woff2`;
    copyFileSync(join(nm, "@fontsource", "atkinson-hyperlegible", "files", name), join(out, "fonts", name));
  }
}

// GOV.UK Frontend is an ES module; our init code is appended so the page loads one script.
const govuk = readFileSync(join(nm, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), "utf8")
  .replace(/\/\/# sourceMappingURL=.*$/m, "");
const app = readFileSync(join(root, "frontend", "app.js"), "utf8");
writeFileSync(join(out, "app.js"), govuk + "\n" + app);

const leaflet = join(nm, "leaflet", "dist");
copyFileSync(join(leaflet, "leaflet.js"), join(out, "leaflet", "leaflet.js"));
copyFileSync(join(leaflet, "leaflet.css"), join(out, "leaflet", "leaflet.css"));
for (const img of readdirSync(join(leaflet, "images"))) {
  copyFileSync(join(leaflet, "images", img), join(out, "leaflet", "images", img));
}

console.log(`assets built in ${out}`);
