#!/usr/bin/env bash
# The plugin zip as Grafana installs it (npm run package builds dist/ first, then runs this):
#   artifacts/runlens-scripts-app-<version>.zip   one folder runlens-scripts-app/ = dist/, with
#                                                 the nested datasource/ and panels/record/
#   artifacts/runlens-scripts-app-<version>.zip.sha1   its SHA-1, as `sha1sum` writes it
# Prints the zip's path on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

[ -f dist/plugin.json ] || { echo "package: dist/ is missing: run npm run build first" >&2; exit 1; }
id="$(node -p 'require("./dist/plugin.json").id')"
version="$(node -p 'require("./dist/plugin.json").info.version')"
[ "$version" = "$(node -p 'require("./package.json").version')" ] || {
  echo "package: dist/plugin.json is version $version, package.json another: rebuild (npm run build)" >&2; exit 1; }

out="${PACKAGE_DIR:-$ROOT/artifacts}"
zip_name="$id-$version.zip"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# Grafana reads the plugin from a folder named after its id; nothing but dist/ goes in.
cp -r dist "$stage/$id"
mkdir -p "$out"
rm -f "$out/$zip_name" "$out/$zip_name.sha1"
(cd "$stage" && zip -qr -X "$out/$zip_name" "$id")
(cd "$out" && sha1sum "$zip_name" > "$zip_name.sha1")
echo "$out/$zip_name"
