// Builds the front-end assets into internal/web/static/dist, which the Go
// binary embeds. Only the files the pages use are copied.
import { compile } from "sass";
import subsetFont from "subset-font";
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

// Fonts: French pages load only a subset of Atkinson Hyperlegible holding
// the characters French uses (about 8 KB a weight instead of 17 KB, hinting
// dropped: today's screens ignore it). The full latin file still serves the
// rest of its range, and latin-ext its own: a browser downloads a file only
// when the page holds a character of its unicode-range (_fonts.scss).
const frenchChars = [[0x00, 0x7f], [0xa0], [0xa7], [0xa9], [0xab], [0xb0], [0xb2, 0xb3], [0xb7], [0xbb],
  [0xc0], [0xc2], [0xc6, 0xcb], [0xce, 0xcf], [0xd4], [0xd7], [0xd9], [0xdb, 0xdc],
  [0xe0], [0xe2], [0xe6, 0xeb], [0xee, 0xef], [0xf4], [0xf9], [0xfb, 0xfc], [0xff],
  [0x152, 0x153], [0x178], [0x2009], [0x2013, 0x2014], [0x2018, 0x2019], [0x201c, 0x201d], [0x2022], [0x2026],
  [0x202f], [0x2039, 0x203a], [0x20ac]];
const latinRange = [[0x00, 0xff], [0x131], [0x152, 0x153], [0x2bb, 0x2bc], [0x2c6], [0x2da], [0x2dc], [0x304], [0x308],
  [0x329], [0x2000, 0x206f], [0x20ac], [0x2122], [0x2191], [0x2193], [0x2212], [0x2215], [0xfeff], [0xfffd]];
const codePoints = (ranges) => new Set(ranges.flatMap(([a, b = a]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)));
const unicodeRange = (set) => {
  const cps = [...set].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    const hex = (c) => c.toString(16).toUpperCase().padStart(4, "0");
    parts.push(i === j ? `U+${hex(cps[i])}` : `U+${hex(cps[i])}-${hex(cps[j])}`);
    i = j + 1;
  }
  return parts.join(", ");
};
const french = codePoints(frenchChars);
const latinRest = new Set([...codePoints(latinRange)].filter((c) => !french.has(c)));
const fontRanges = {
  canonicalize: (url) => (url === "font-ranges" ? new URL("parcours:font-ranges") : null),
  load: () => ({
    contents: `$french: ${unicodeRange(french)};\n$latin-rest: ${unicodeRange(latinRest)};\n`,
    syntax: "scss",
  }),
};

const css = compile(join(root, "frontend", "app.scss"), {
  loadPaths: [nm],
  importers: [fontRanges],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "app.css"), css.css);
const fonts = compile(join(root, "frontend", "_fonts.scss"), { importers: [fontRanges], style: "compressed" });
writeFileSync(join(out, "fonts.css"), fonts.css);

const fontFiles = join(nm, "@fontsource", "atkinson-hyperlegible", "files");
for (const weight of [400, 700]) {
  const latin = readFileSync(join(fontFiles, `atkinson-hyperlegible-latin-${weight}-normal.woff2`));
  const text = String.fromCodePoint(...[...french].filter((c) => c >= 0x20 && (c < 0x7f || c > 0x9f)));
  const fr = await subsetFont(latin, text, { targetFormat: "woff2", noHinting: true });
  writeFileSync(join(out, "fonts", `atkinson-hyperlegible-fr-${weight}-normal.woff2`), fr);
  for (const subset of ["latin", "latin-ext"]) {
    const name = `atkinson-hyperlegible-${subset}-${weight}-normal.woff2`;
    copyFileSync(join(fontFiles, name), join(out, "fonts", name));
  }
}

// GOV.UK Frontend is an ES module; our init code is appended so the page loads one script.
const govuk = readFileSync(join(nm, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), "utf8")
  .replace(/\/\/# sourceMappingURL=.*$/m, "");
const app = readFileSync(join(root, "frontend", "app.js"), "utf8");
const readAloud = readFileSync(join(root, "frontend", "readaloud.js"), "utf8");
writeFileSync(join(out, "app.js"), govuk + "\n" + app + "\n" + readAloud);
copyFileSync(join(root, "frontend", "placesearch.js"), join(out, "placesearch.js"));
writeFileSync(join(out, "public.js"), readFileSync(join(root, "frontend", "public.js"), "utf8") + "\n" + readAloud);

const leaflet = join(nm, "leaflet", "dist");
copyFileSync(join(leaflet, "leaflet.js"), join(out, "leaflet", "leaflet.js"));
copyFileSync(join(leaflet, "leaflet.css"), join(out, "leaflet", "leaflet.css"));
for (const img of readdirSync(join(leaflet, "images"))) {
  copyFileSync(join(leaflet, "images", img), join(out, "leaflet", "images", img));
}

console.log(`assets built in ${out}`);
