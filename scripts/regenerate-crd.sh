#!/usr/bin/env bash
# Regenerate the LocustTest CRD from the spec classes, then the typed cdk8s binding from the CRD:
#   crds/locust.io_locusttests.yaml  <- python -m constructs_locust crd
#   imports/io/locust/               <- cdk8s import (cdk8s-cli pinned in package-lock.json)
# Run it after changing constructs_locust/spec.py; tests/test_crd.py fails until both are current.
# PYTHON picks the interpreter (default: python3); it needs the requirements installed.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
crd=crds/locust.io_locusttests.yaml

"$python" -m constructs_locust crd -o "$crd"

if [ ! -x node_modules/.bin/cdk8s ]; then
  npm ci --no-audit --no-fund
fi

# Import into a scratch directory, then swap the module in whole: nothing stale is left behind.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
node_modules/.bin/cdk8s import "$crd" --language python --output "$scratch/imports" --no-check-upgrade
rm -rf imports/io/locust
mkdir -p imports/io
cp -R "$scratch/imports/io/locust" imports/io/locust
echo "regenerated $crd and imports/io/locust" >&2
