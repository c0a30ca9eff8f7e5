#!/usr/bin/env bash
# Grafana's plugin validator (plugincheck2) on the plugin zip; exits non-zero on any error.
#   bash scripts/validate-plugin.sh [zip]      default: the zip scripts/package.sh makes
# One analyzer at a time (scripts/validate-plugin.mjs says why). The validator is built from
# source once into .tools/ (Go; its modules come through the Go
# proxy, a few minutes the first time): PLUGIN_VALIDATOR_SRC, default ../shared/tools/plugin-validator
# beside this clone. Its full JSON report goes to artifacts/plugincheck2.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

src="${PLUGIN_VALIDATOR_SRC:-$ROOT/../shared/tools/plugin-validator}"
bin="$ROOT/.tools/plugincheck2"
if [ ! -x "$bin" ]; then
  [ -f "$src/go.mod" ] || { echo "validate-plugin: no validator source at $src (set PLUGIN_VALIDATOR_SRC)" >&2; exit 1; }
  go_bin="$(command -v go || true)"
  if [ -z "$go_bin" ]; then
    # No Go on this machine: the Go toolchain as a module from the Go proxy (the validator needs Go >= 1.24).
    go_version="${VALIDATOR_GO_VERSION:-1.24.0}"
    proxy="$(printf '%s' "${GOPROXY:-https://proxy.golang.org}" | cut -d, -f1)"
    if [ ! -x "$ROOT/.tools/go/bin/go" ]; then
      echo "validate-plugin: fetching Go $go_version from $proxy" >&2
      mkdir -p "$ROOT/.tools"
      tmp="$(mktemp -d)"
      curl -fsSL "$proxy/golang.org/toolchain/@v/v0.0.1-go$go_version.linux-amd64.zip" -o "$tmp/go.zip"
      unzip -q "$tmp/go.zip" -d "$tmp"
      rm -rf "$ROOT/.tools/go"
      mv "$tmp/golang.org/toolchain@v0.0.1-go$go_version.linux-amd64" "$ROOT/.tools/go"
      chmod +x "$ROOT/.tools/go/bin/"* "$ROOT/.tools/go/pkg/tool/"*/* 2>/dev/null || true
      rm -rf "$tmp"
    fi
    go_bin="$ROOT/.tools/go/bin/go"
  fi
  echo "validate-plugin: building plugincheck2 from $src" >&2
  mkdir -p "$ROOT/.tools"
  (cd "$src" && GOTOOLCHAIN=local "$go_bin" build -o "$bin" ./pkg/cmd/plugincheck2)
fi

version="$(node -p 'require("./package.json").version')"
zip="${1:-$ROOT/artifacts/runlens-scripts-app-$version.zip}"
[ -f "$zip" ] || { echo "validate-plugin: $zip is missing: run npm run package" >&2; exit 1; }
mkdir -p "$ROOT/artifacts"
# Source code: this checkout (the validator compares it with the bundle and reads package.json).
exec node scripts/validate-plugin.mjs "$bin" "$src" "$zip" "$ROOT" "$ROOT/artifacts/plugincheck2.json"
