// Regenerates internal/account/common-passwords.txt.gz, the list of common
// passwords shipped in the binary (from @zxcvbn-ts/language-common, MIT,
// itself built from public leak frequency lists), plus French favourites.
// Run: node scripts/common-passwords.mjs
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ranked = require("@zxcvbn-ts/language-common/dist/passwords.json.js");

// Ordered by frequency; the first 30,000 of at least 6 characters are kept:
// shorter ones cannot be a password here, but they still serve as stems
// ("soleil" refuses "soleil123456").
const french = [
  "azerty", "azertyuiop", "azerty123", "motdepasse", "bonjour", "soleil", "doudou", "chouchou",
  "loulou", "marseille", "nicolas", "camille", "chocolat", "coucou", "jetaime", "nounours",
  "princesse", "parcours", "france", "paris", "toulouse", "bordeaux", "lyon", "nantes",
  "liberte", "vacances", "poupette", "caramel", "papillon", "amandine", "doudoune", "bisous",
];
const seen = new Set();
const out = [];
for (const w of [...french, ...ranked]) {
  const k = String(w).toLowerCase();
  if (k.length < 4 || seen.has(k)) continue;
  if (k.length < 6 && !french.includes(k)) continue;
  seen.add(k);
  out.push(k);
  if (out.length >= 30000) break;
}
writeFileSync("internal/account/common-passwords.txt.gz", gzipSync(out.join("\n") + "\n", { level: 9, mtime: 0 }));
console.log(`${out.length} common passwords written`);
