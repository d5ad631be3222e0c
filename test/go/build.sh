#!/usr/bin/env bash
# Builds the Go side of chatkube's interop tests into test/go/.build/bin:
#   go-echo-executor  go-plugin executor that behaves like Botkube's echo
#   go-source         go-plugin source that emits numbered events
#   go-host           go-plugin host (Botkube's handshake) with test subcommands
#   go-golden         records Go's encoding/json output for test/golden
#   go-template       records Go text/template + sprig output for test/golden/templates
#
# test/go/.build is a GOPATH (GOPATH mode, no module proxy needed): the stubs
# generated from proto/*.proto go to .build/src/chatkube/proto/<pkg>, and
# .build/src/chatkube/interop links to test/go/src/chatkube/interop.
# Dependencies (go-plugin, grpc, protobuf APIv1, yaml.v3, sprig v3 and what it
# imports) come from Debian's /usr/share/gocode. Debian installs sprig v3 at
# github.com/Masterminds/sprig (no /v3 in the GOPATH path), so go-template
# imports it by that path.
#
# Does nothing when the binaries are newer than every input; pass --force (or
# set FORCE=1) to rebuild anyway. Works from any directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROTO="$ROOT/proto"
BUILD="$HERE/.build"
BIN="$BUILD/bin"
STAMP="$BUILD/.stamp"
SYSTEM_GOPATH=/usr/share/gocode
PROGRAMS=(go-echo-executor go-source go-host go-golden go-template)

force="${FORCE:-}"
[[ "${1:-}" == "--force" ]] && force=1

# Up to date when the stamp exists, every binary exists and no input (the
# protos, the Go sources, this script) is newer than the stamp.
up_to_date() {
  [[ -z "$force" && -f "$STAMP" ]] || return 1
  local p newer
  for p in "${PROGRAMS[@]}"; do [[ -x "$BIN/$p" ]] || return 1; done
  newer="$(find "$PROTO/executor.proto" "$PROTO/source.proto" "$PROTO/stream.proto" \
    "$HERE/build.sh" "$HERE/src" -newer "$STAMP" -print -quit)"
  [[ -z "$newer" ]]
}

if up_to_date; then
  echo "test/go: up to date ($BIN)" >&2
  exit 0
fi

for tool in go protoc protoc-gen-go; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (apt: golang-go, protobuf-compiler, golang-goprotobuf-dev)" >&2; exit 1; }
done
[[ -d "$SYSTEM_GOPATH/src/github.com/hashicorp/go-plugin" ]] || {
  echo "build.sh: $SYSTEM_GOPATH lacks go-plugin (apt: golang-github-hashicorp-go-plugin-dev golang-google-grpc-dev golang-gopkg-yaml.v3-dev)" >&2
  exit 1
}
[[ -d "$SYSTEM_GOPATH/src/github.com/Masterminds/sprig" ]] || {
  echo "build.sh: $SYSTEM_GOPATH lacks sprig (apt: golang-github-masterminds-sprig-dev)" >&2
  exit 1
}

mkdir -p "$BIN" "$BUILD/src/chatkube/proto"

# Go stubs, one protoc run per file: go_package gives the output directory
# (chatkube/proto/<pkg>). protoc 3.21's empty.proto names the APIv2 package
# emptypb, which Debian's APIv1 stack lacks, so map it to ptypes/empty.
for name in executor source stream; do
  rm -rf "$BUILD/src/chatkube/proto/$name"
  protoc -I "$PROTO" -I /usr/include \
    --go_out="plugins=grpc,Mgoogle/protobuf/empty.proto=github.com/golang/protobuf/ptypes/empty:$BUILD/src" \
    "$PROTO/$name.proto"
done

# The program sources stay in test/go/src; the GOPATH sees them via a link.
ln -sfn ../../../src/chatkube/interop "$BUILD/src/chatkube/interop"

export GO111MODULE=off
export GOPATH="$BUILD:$SYSTEM_GOPATH"
export CGO_ENABLED=0 # static binaries; no C toolchain needed
unset GOFLAGS
# Go's default cache (~/.cache/go-build) makes rebuilds in other clones fast;
# without a HOME, keep the cache inside the build dir.
if [[ -z "${GOCACHE:-}" && -z "${HOME:-}" && -z "${XDG_CACHE_HOME:-}" ]]; then
  export GOCACHE="$BUILD/gocache"
fi

pkgs=()
for p in "${PROGRAMS[@]}"; do pkgs+=("chatkube/interop/cmd/$p"); done
# chatkube/proto/stream is not used by any program; building it checks that
# the generated stub compiles.
(cd "$BUILD" && go build -o "$BIN/" "${pkgs[@]}" chatkube/proto/stream)

touch "$STAMP"
echo "test/go: built ${PROGRAMS[*]} in $BIN" >&2
