#!/usr/bin/env bash
# Renders the value-steering report in headless Chromium and writes a screenshot, to check by eye
# that the page draws (heatmaps, curves, bars, tables) without external resources.
#
# Usage: steering/scripts/render-report.sh [OUT_DIR] [REPORT_HTML]
#   OUT_DIR      where report.png goes (default /tmp/lancet-report); without REPORT_HTML a report
#                built from made-up numbers (SyntheticSweep, via ValueReportTest) is written there too
#   REPORT_HTML  an existing report.html to render instead (e.g. from `lancet values report`)
# Env: JAVA_HOME (JDK 25), LANCET_TARGET (Maven output folder name, default "target").
# Needs chromium (Debian: apt-get install -y chromium). Look at OUT_DIR/report.png afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mkdir -p "${1:-/tmp/lancet-report}" && cd "${1:-/tmp/lancet-report}" && pwd)
HTML=${2:-}

if [[ -z "$HTML" ]]; then
    (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" mvn -B -q -ntp \
        -Dlancet.target="${LANCET_TARGET:-target}" -pl steering -am test \
        -Dtest=ValueReportTest -Dsurefire.failIfNoSpecifiedTests=false -Dlancet.report.out="$OUT")
    HTML="$OUT/report.html"
fi
HTML=$(cd "$(dirname "$HTML")" && pwd)/$(basename "$HTML")

CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$CHROMIUM" ]]; then
    echo "render-report: no chromium found (apt-get install -y chromium); report is at $HTML" >&2
    exit 1
fi
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE" \
    --screenshot="$OUT/report.png" --window-size=1400,1800 "file://$HTML" 2>/dev/null
echo "$OUT/report.png"
