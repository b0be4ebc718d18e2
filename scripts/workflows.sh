#!/usr/bin/env bash
# Checks the CI workflows (.github/workflows/) here, offline (scripts/test.sh runs it):
# against GitHub's workflow schema (check-jsonschema's built-in copy) and with zizmor's
# offline audits (actions pinned to commits, no persisted credentials, no template injection,
# no excessive permissions), failing on any finding; the bundle configuration the workflows
# build installers from (src-tauri/tauri.conf.json) against the Tauri CLI's own schema; and the
# Windows installer's hooks compiled by makensis. Each check is first shown to fire on an input
# with a fault, so a check that silently passes everything cannot pass here.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ROLEHOP_VENV:-/var/tmp/rolehop-venv}"
export PATH="$venv/bin:$PATH"
workflows=(.github/workflows/*.yml)
[ -e "${workflows[0]}" ] || { echo "no workflow under .github/workflows" >&2; exit 1; }

bad="$(mktemp -d)"
trap 'rm -rf "$bad"' EXIT
mkdir -p "$bad/.github/workflows"
# A step with neither `run` nor `uses`, and a job without `runs-on`: not a workflow.
cat > "$bad/.github/workflows/schema.yml" <<'YAML'
on: push
jobs:
  build:
    steps:
      - name: nothing
        with: { x: 1 }
YAML
if check-jsonschema --builtin-schema vendor.github-workflows "$bad/.github/workflows/schema.yml" >/dev/null 2>&1; then
  echo "check-jsonschema accepted a workflow that breaks GitHub's schema" >&2; exit 1
fi
rm "$bad/.github/workflows/schema.yml"
# An action by tag (not a commit) whose checkout keeps its credentials.
cat > "$bad/.github/workflows/audit.yml" <<'YAML'
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - run: echo built
YAML
if zizmor --offline --quiet "$bad/.github/workflows" >/dev/null 2>&1; then
  echo "zizmor found nothing in a workflow with an unpinned action and persisted credentials" >&2; exit 1
fi

# A bundle configuration with an install mode the NSIS bundler does not know.
schema="ui/node_modules/@tauri-apps/cli/config.schema.json"
python3 - "$bad/tauri.conf.json" <<'PY'
import json, sys
config = json.load(open("src-tauri/tauri.conf.json"))
config["bundle"]["windows"]["nsis"]["installMode"] = "everyone"
json.dump(config, open(sys.argv[1], "w"))
PY
if python scripts/lib/tauri_config.py "$schema" "$bad/tauri.conf.json" 2>/dev/null; then
  echo "the Tauri schema check accepted a bundle configuration the bundler refuses" >&2; exit 1
fi

# Installer hooks with an ${If} never closed.
printf '!macro NSIS_HOOK_POSTINSTALL\n  ${If} 1 = 1\n!macroend\n!macro NSIS_HOOK_POSTUNINSTALL\n!macroend\n' > "$bad/hooks.nsh"
if makensis -V1 -WX -DHOOKS="$bad/hooks.nsh" -DOUT="$bad/hooks.exe" scripts/windows/hooks-check.nsi >/dev/null 2>&1; then
  echo "makensis compiled installer hooks with an unclosed \${If}" >&2; exit 1
fi

echo "== the CI workflows against GitHub's workflow schema (check-jsonschema)"
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"
echo "== the CI workflows audited by zizmor --offline (any finding fails)"
zizmor --offline .github/workflows/
echo "== src-tauri/tauri.conf.json against the Tauri CLI's schema (the installers' configuration)"
python scripts/lib/tauri_config.py "$schema" src-tauri/tauri.conf.json
echo "== the Windows installer's hooks compile (makensis -WX, scripts/windows/hooks-check.nsi)"
makensis -V2 -WX -DHOOKS="$PWD/src-tauri/windows/hooks.nsh" -DOUT="$bad/hooks.exe" scripts/windows/hooks-check.nsi
echo "workflows: schema and zizmor passed for ${workflows[*]}; tauri.conf.json matches the Tauri schema; the installer hooks compile"
