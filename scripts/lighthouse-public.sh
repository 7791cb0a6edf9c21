#!/usr/bin/env bash
# Lighthouse (mobile, simulated slow 4G) on every public page of a running
# Parcours, printed as the README's table. The pages to book and register
# are found from the demo's links; Marseille needs the national place file
# imported (parcours import lieux ../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json).
# Usage: scripts/lighthouse-public.sh [BASE]   (BASE: http://127.0.0.1:8080)
#        MATRIX=1 scripts/lighthouse-public.sh [BASE]
# MATRIX=1: every public page (the display settings page too) in every
# language, the display setting turning as in TestPublicMatrixInChromium
# (settings[(page + language) mod 6]): every page × language, page ×
# setting and language × setting pair, 12 runs per page. The language and the
# setting go as the site's cookies, in a Cookie header on every request.
# The matrix adds « Affichage » and the place's « Signaler une erreur » form
# and its thanks page. FROM=N starts at the Nth page (0 first), to run again
# only the pages added since a run.
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

# run PAGE [COOKIE]: Lighthouse's report in $out/r.json; a second try when
# Lighthouse fails (Chromium slow to start on a loaded machine), its error
# on standard error when the second fails too.
run() {
  local headers=()
  [ -z "${2:-}" ] || headers=(--extra-headers "{\"Cookie\": \"$2\"}")
  for try in 1 2; do
    if $lh "$base$1" --quiet --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage" --form-factor=mobile \
      "${headers[@]}" --only-categories=performance,accessibility,best-practices --output=json --output-path="$out/r.json" >"$out/log" 2>&1; then
      return 0
    fi
  done
  echo "$1 ${2:-}: lighthouse failed twice: $(tail -3 "$out/log")" >&2
  return 1
}

if [ -z "${MATRIX:-}" ]; then
  echo "| page | performance | accessibility | best practices | FCP | LCP | CLS | weight |"
  echo "|---|---|---|---|---|---|---|---|"
  for p in "${pages[@]}"; do
    [ -n "$p" ] || continue
    run "$p" || { echo "| \`$p\` | failed | | | | | | |"; continue; }
    node -e 'const r = require(process.argv[1]), c = r.categories, a = r.audits, s = (k) => Math.round(c[k].score * 100);
      console.log(`| \`${process.argv[2]}\` | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${a["first-contentful-paint"].displayValue} | ${a["largest-contentful-paint"].displayValue} | ${a["cumulative-layout-shift"].displayValue} | ${Math.round(a["total-byte-weight"].numericValue / 1024)} KiB |`)' "$out/r.json" "$p"
  done
  exit 0
fi

# The languages in internal/i18n's order (i18n.Langs; a test keeps this
# line in step) and the display settings (ui.DisplayCookie's values; "" is
# the default, no cookie).
langs=(fr fr-x-falc ar en es ru ps fa uk ca ka ro)
settings=("" 200 100.c 100.e 100.m 200.c.e.m)
pages+=(/affichage "${pages[3]}/signaler" "${pages[3]}/signaler/merci")
echo "| page | language | display | performance | accessibility | best practices |"
echo "|---|---|---|---|---|---|"
for i in "${!pages[@]}"; do
  [ "$i" -ge "${FROM:-0}" ] || continue
  p=${pages[$i]}
  [ -n "$p" ] || continue
  for j in "${!langs[@]}"; do
    setting=${settings[$(((i + j) % ${#settings[@]}))]}
    cookie="parcours_langue=${langs[$j]}"
    [ -z "$setting" ] || cookie+="; parcours_affichage=$setting"
    run "$p" "$cookie" || { echo "| \`$p\` | ${langs[$j]} | ${setting:-default} | failed | failed | failed |"; continue; }
    # The table's row; on standard error, the accessibility audits failed.
    node -e 'const r = require(process.argv[1]), c = r.categories, a = r.audits, s = (k) => Math.round(c[k].score * 100);
      const failed = c.accessibility.auditRefs.filter((x) => x.weight > 0 && a[x.id].score !== null && a[x.id].score < 1).map((x) => x.id);
      console.log(`| \`${process.argv[2]}\` | ${process.argv[3]} | ${process.argv[4] || "default"} | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} |`);
      if (failed.length) console.error(`${process.argv[2]} ${process.argv[3]} ${process.argv[4]}: ${failed.join(", ")}`)' "$out/r.json" "$p" "${langs[$j]}" "$setting"
  done
done
