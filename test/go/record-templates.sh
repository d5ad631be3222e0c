#!/usr/bin/env bash
# Re-records test/golden/templates/go.json: what Go's text/template with
# sprig v3's functions renders for each case of test/golden/templates/cases.json.
# Run after changing the cases, then review the diff and commit it. Works from
# any directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOLDEN="$(cd "$HERE/../golden/templates" && pwd)"

"$HERE/build.sh"
"$HERE/.build/bin/go-template" "$GOLDEN/cases.json" >"$GOLDEN/go.json.tmp"
mv "$GOLDEN/go.json.tmp" "$GOLDEN/go.json"
echo "recorded $(grep -c '"name"' "$GOLDEN/go.json") results in $GOLDEN/go.json" >&2
