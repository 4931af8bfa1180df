#!/usr/bin/env bash
# Lock every installed package, direct and indirect, with hashes:
#   requirements.in      -> requirements.txt      (runtime: the library and the example app)
#   requirements-dev.in  -> requirements-dev.txt  (runtime + test and lint tools; resolved with
#                                                   requirements.txt as constraints, so they agree)
# Edit the .in files (exact pins of the direct dependencies), then run this script. It is
# idempotent: packages already locked keep their versions unless a .in file asks otherwise
# (UPGRADE=1 re-resolves everything to the newest allowed versions).
#
# The tool is uv, pinned with hashes in scripts/lock-tool.txt and installed once into
# LOCK_TOOL_DIR (default: a cache folder outside the work tree). The locks are universal
# (every OS and CPU, Python >= 3.11) and list a hash for every published file of each version.
set -euo pipefail
cd "$(dirname "$0")/.."

tool_dir="${LOCK_TOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/constructs-locust/lock-tool}"
tool_lock=scripts/lock-tool.txt
uv="$tool_dir/bin/uv"

if ! { [ -x "$uv" ] && cmp -s "$tool_lock" "$tool_dir/lock-tool.txt"; }; then
  rm -rf "$tool_dir"
  python3 -m venv "$tool_dir"
  "$tool_dir/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$tool_lock"
  cp "$tool_lock" "$tool_dir/lock-tool.txt"
fi

upgrade=()
if [ "${UPGRADE:-0}" = 1 ]; then
  upgrade=(--upgrade)
fi

compile() {
  "$uv" pip compile "$1" --output-file "$2" "${upgrade[@]}" \
    --generate-hashes --universal --python-version 3.11 \
    --custom-compile-command scripts/lock-requirements.sh \
    --no-config --quiet
}

compile requirements.in requirements.txt
compile requirements-dev.in requirements-dev.txt
echo "locked requirements.txt and requirements-dev.txt" >&2
