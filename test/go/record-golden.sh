#!/usr/bin/env bash
# Re-records test/golden/go/*.json: what Go's encoding/json produces for each
# test/golden/input/*.json when decoded into Botkube's message model
# (event-*.json as source events). Run after changing an input, then review
# the diff and commit it. Works from any directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOLDEN="$(cd "$HERE/../golden" && pwd)"

"$HERE/build.sh"
mkdir -p "$GOLDEN/go"
# Start clean so outputs of deleted inputs do not linger.
rm -f "$GOLDEN/go/"*.json
"$HERE/.build/bin/go-golden" "$GOLDEN/input" "$GOLDEN/go"
echo "recorded $(ls "$GOLDEN/go" | wc -l) files in $GOLDEN/go" >&2
