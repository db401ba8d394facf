#!/usr/bin/env bash
# `npm run test:package` (and .ci/run): the published package works on a clean machine. Packs the built tree
# (npm ci built it through `prepare`), checks what the tarball ships (the CLI build, the signature packs, the
# renderer, the schema, docs; no tests or samples), installs it globally into a temp prefix, and runs the
# installed `meshlens` on a sample. Everything goes to a temp dir that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d "${TMPDIR:-/tmp}/meshlens-package-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

npm pack --ignore-scripts --pack-destination "$tmp" --silent >/dev/null
tgz="$(ls "$tmp"/meshlens-*.tgz)"
tar -tzf "$tgz" > "$tmp/files"
echo "package: $(basename "$tgz"), $(wc -l < "$tmp/files") files, $(du -k "$tgz" | cut -f1) KiB"
for need in package/bin/meshlens.mjs package/out/cli/meshlens.mjs package/out/signatures/packs.json package/renderer/dist/index.html package/schema/report.schema.json; do
  grep -qx "$need" "$tmp/files" || { echo "package: $need is missing from the tarball" >&2; exit 1; }
done
if grep -E '^package/(test|samples|analyzers|bench|scripts|electron|\.ci)/' "$tmp/files"; then
  echo "package: ships sources, tests or samples it does not need (above)" >&2; exit 1
fi

npm install --global --prefix "$tmp/prefix" --no-audit --no-fund --loglevel=error "$tgz"
bin="$tmp/prefix/bin/meshlens"
"$bin" --version
(cd "$tmp" && "$bin" analyze "$OLDPWD/samples/ca-overload" --format json --out report.json)
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (r.rootCauses[0]?.id !== "external-ca-overload") { console.error("package: the installed meshlens did not name the sample root cause"); process.exit(1); }
  console.log(`package: the installed meshlens analyze named ${r.rootCauses[0].id} (${r.findings.length} findings)`);
' "$tmp/report.json"
"$bin" analyze --bogus >/dev/null 2>&1 && { echo "package: a bogus flag did not fail" >&2; exit 1; } || true
echo "package: ok"
