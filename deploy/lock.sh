#!/usr/bin/env bash
# Regenerates deploy/requirements.lock, the hash-pinned requirements deploy/Dockerfile installs
# (`pip install --require-hashes`): pyproject.toml's [project].dependencies plus its
# [build-system].requires (the image builds the project without build isolation, so setuptools
# is pinned and hashed too), resolved with uv (`pip install uv`) for Linux and the Python of the
# Dockerfile's PYTHON_IMAGE. Keeps the current pins; pass --upgrade (or --upgrade-package NAME)
# to move them. tests/deploy/test_deploy_lock.py checks the result against pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
python_version=$(sed -n 's/^ARG PYTHON_IMAGE=python:\([0-9.]*\)-.*/\1/p' deploy/Dockerfile)
[[ -n "$python_version" ]] || { echo "lock.sh: no ARG PYTHON_IMAGE=python:X.Y.Z-... in deploy/Dockerfile" >&2; exit 1; }
python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']))" \
  | "${UV:-uv}" pip compile --quiet --no-config --generate-hashes \
      --python-version "$python_version" --python-platform linux \
      --custom-compile-command "deploy/lock.sh" \
      pyproject.toml - -o deploy/requirements.lock "$@"
