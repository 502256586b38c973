#!/usr/bin/env bash
# Learner pages on a phone: page weight and Lighthouse (issue 11's measures).
#
#   1. weight (gzip -9) of the prompt page as a learner who has not answered gets it: the HTML,
#      every stylesheet and script it links (the recorder and tus-js-client included), no video;
#      target < 100 KB.
#   2. Lighthouse 12 (mobile form factor, its default simulated slow-4G throttling) performance
#      and accessibility of the prompt page and of a thread page; targets >= 95 and 100.
#
# It starts the real `crosstalk serve` with the demo course on a free port (tests/browser/lib/
# server.sh), signs a learner in with a sign-in link, and posts one answer over the API (a tus
# upload of fixtures/media/long_12s.mp4) so there is a thread to look at.
#
# Usage: bench/pages.sh            CROSSTALK_BIN=path to skip the build; CHROMIUM=path
#        LIGHTHOUSE=0 to skip Lighthouse (it is fetched with npx: lighthouse@12.2.3, Node 20).
# Exits non-zero only when something could not be measured, never on a missed target.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -z "${CROSSTALK_BIN:-}" ]; then
  cargo build -q -p crosstalk-api
  CROSSTALK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/crosstalk"
fi
out="$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-pages.XXXXXX")"
# shellcheck source=../tests/browser/lib/server.sh
. "$root/tests/browser/lib/server.sh"
trap 'stop_crosstalk; if [ "${KEEP_OUT:-0}" = 1 ]; then echo "kept: $out"; else rm -rf "$out"; fi' EXIT
cp "$CROSSTALK_BIN" "$out/crosstalk"
start_crosstalk "$out/crosstalk" "$out" 0 >/dev/null
base="$CT_BASE_URL"
team=(-H "Authorization: Bearer $CT_API_KEY" -H "Content-Type: application/json")

# A prompt of our own (post-moderated, so the answer is visible at once).
now=$(date -u +%FT%TZ)
module=$(curl -fs "${team[@]}" -X POST "$base/v1/courses/$CT_COURSE_ID/modules" -d '{"title":"Bench"}' | jq -r .id)
prompt=$(curl -fs "${team[@]}" -X POST "$base/v1/modules/$module/prompts" -d "{\"title\":\"Introduce yourself\",
  \"body\":\"Show one object from your everyday life and say why it matters to you.\",
  \"opens_at\":\"$now\",\"closes_at\":\"$(date -u -d '+7 days' +%FT%TZ)\",\"min_seconds\":10,
  \"max_seconds\":120,\"moderation\":\"post\",\"max_reply_depth\":2}" | jq -r .id)

# One answer by a learner (API + tus), then a session for a cohort-mate who has not answered.
token=$(curl -fs "${team[@]}" -X POST "$base/v1/courses/$CT_COURSE_ID/members/giulia-it/tokens" -d '{}' | jq -r .token)
clip="$root/fixtures/media/long_12s.mp4"
location=$(curl -fs -D - -o /dev/null -X POST "$base/v1/uploads" -H "Authorization: Bearer $token" \
  -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $(stat -c %s "$clip")" \
  -H 'Content-Type: application/offset+octet-stream' --data-binary @"$clip" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
post=$(curl -fs -X POST "$base/v1/prompts/$prompt/posts" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "{\"upload_id\":\"${location##*/}\"}" | jq -r .id)
for _ in $(seq 1 120); do
  st=$(curl -fs -H "Authorization: Bearer $token" "$base/v1/posts/$post" | jq -r .video.status)
  [ "$st" = ready ] && break
  sleep 0.5
done
[ "$st" = ready ] || { echo "FAIL: the answer is $st" >&2; exit 1; }
link=$(curl -fs "${team[@]}" -X POST "$base/v1/courses/$CT_COURSE_ID/members/mateus-pt/sign-in-links" -d '{}' | jq -r .url)
jar="$out/cookies"
curl -fs -o /dev/null -c "$jar" "$link"
cookie=$(awk '$6 == "ct_session" {print $6 "=" $7}' "$jar")
[ -n "$cookie" ] || { echo "FAIL: the sign-in link set no ct_session cookie" >&2; exit 1; }

# 1. Weight.
gz() { gzip -9 -c | wc -c; }
echo "== page weight (gzip -9), prompt page for a learner who has not answered"
html="$out/prompt.html"
curl -fs -b "$jar" "$base/prompts/$prompt" -o "$html"
total=$(gz <"$html")
printf '  %-48s %7d B\n' "/prompts/{id} (HTML)" "$total"
recorder=0
for asset in $(grep -oE '(src|href)="/assets/[^"]+"' "$html" | sed -E 's/^(src|href)="//; s/"$//' | sort -u); do
  n=$(curl -fs -b "$jar" "$base$asset" | gz)
  printf '  %-48s %7d B\n' "$asset" "$n"
  total=$((total + n))
  case "$asset" in */recorder.* | */vendor/tus.*) recorder=$((recorder + n)) ;; esac
done
printf '  %-48s %7d B (%.1f KB; target < 100 KB)\n' "total" "$total" "$(echo "$total/1024" | bc -l)"
printf '  %-48s %7d B\n' "of which the recorder (recorder.js + tus.min.js)" "$recorder"

# 2. Lighthouse.
if [ "${LIGHTHOUSE:-1}" = 1 ]; then
  flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
  flags="$flags --disable-component-update --disable-sync"
  echo "== Lighthouse 12 (mobile), targets: performance >= 95, accessibility 100"
  for page in "prompts/$prompt" "threads/$post"; do
    report="$out/lh-${page%%/*}.json"
    npx --yes lighthouse@12.2.3 "$base/$page" --quiet --chrome-path="$CHROMIUM" --chrome-flags="$flags" \
      --only-categories=performance,accessibility --extra-headers="{\"Cookie\":\"$cookie\"}" \
      --output=json --output-path="$report" >/dev/null 2>"$out/lh.err" \
      || { echo "FAIL: lighthouse on /$page" >&2; tail -5 "$out/lh.err" >&2; exit 1; }
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const c = r.categories, a = r.audits;
      const score = (x) => Math.round(x.score * 100);
      console.log(`  /${process.argv[2].split("/")[0]}/{id}: performance ${score(c.performance)}, accessibility ${score(c.accessibility)}`
        + ` (FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue},`
        + ` TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue})`);
      const failed = Object.values(a).filter((x) => x.score !== null && x.score < 1
        && r.categories.accessibility.auditRefs.some((ref) => ref.id === x.id && ref.weight > 0));
      for (const x of failed) console.log(`    accessibility: ${x.id}: ${x.title}`);
      const shifts = (a["layout-shifts"] && a["layout-shifts"].details && a["layout-shifts"].details.items) || [];
      for (const x of shifts.slice(0, 3)) {
        console.log(`    layout shift ${x.score.toFixed(3)}: ${(x.node && (x.node.selector || x.node.snippet)) || "?"}`);
      }
    ' "$report" "$page"
  done
fi
