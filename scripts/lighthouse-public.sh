#!/usr/bin/env bash
# Lighthouse (mobile, simulated slow 4G) on every public page of a running
# Parcours, printed as the README's table. The pages to book and register
# are found from the demo's links; Marseille needs the national place file
# imported (parcours import lieux ../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json).
# Usage: scripts/lighthouse-public.sh [BASE]   (BASE: http://127.0.0.1:8080)
# Needs npm's lighthouse (LIGHTHOUSE=path/to/lighthouse, or `npx lighthouse`) and Debian's chromium.
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
lh=${LIGHTHOUSE:-npx --yes lighthouse@13.5.0}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
first() { curl -fsS "$base$1" | grep -o "$2" | head -1; }
pages=(/ /lieux "/lieux?commune=Marseille")
pages+=("$(first "/lieux?commune=Marseille" 'href="/lieux/[0-9]*"' | cut -d'"' -f2)")
pages+=(/ateliers "$(first /ateliers 'href="/ateliers/[0-9]*"' | cut -d'"' -f2)")
pages+=(/rendez-vous "$(first /rendez-vous/motifs/1 '/rendez-vous/motifs/1/reserver?creneau=[^"]*')")
echo "| page | performance | accessibility | best practices | FCP | LCP | CLS | weight |"
echo "|---|---|---|---|---|---|---|---|"
for p in "${pages[@]}"; do
  [ -n "$p" ] || continue
  $lh "$base$p" --quiet --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage" --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices --output=json --output-path="$out/r.json" >/dev/null 2>&1
  node -e 'const r = require(process.argv[1]), c = r.categories, a = r.audits, s = (k) => Math.round(c[k].score * 100);
    console.log(`| \`${process.argv[2]}\` | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${a["first-contentful-paint"].displayValue} | ${a["largest-contentful-paint"].displayValue} | ${a["cumulative-layout-shift"].displayValue} | ${Math.round(a["total-byte-weight"].numericValue / 1024)} KiB |`)' "$out/r.json" "$p"
done
