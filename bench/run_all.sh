#!/usr/bin/env bash
# Every benchmark except the soak, one after the other, printing every table (Markdown).
#
#   bash bench/run_all.sh                 # about 4 minutes on the 2-core machine
#   BENCH_DURATION=10 bash bench/run_all.sh
#
# Needs Redis on 127.0.0.1:6379 for the store bench (database 14/15, keys under a unique bench:
# prefix, deleted after; load.py starts a private redis-server) and the venv with the package.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
REDIS_URL=${ADVISOR_BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
DURATION=${BENCH_DURATION:-20}
export PYTHONPATH=.

section() { printf '\n\n# %s\n\n' "$1"; }

echo "# Engagement Advisor benchmarks"
echo
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $($PY -V), $(uname -sr), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bot dialogs knowledge || echo ' (product code has uncommitted changes)')"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every number)"

section "Retrieval (bench/bench_retrieval.py)"
if [[ -f bench/bench_retrieval.py ]]; then
  $PY bench/bench_retrieval.py
else
  echo "bench/bench_retrieval.py is not in this checkout: retrieval not measured here."
fi

section "Session store (bench/bench_store.py)"
$PY bench/bench_store.py --redis-url "$REDIS_URL"

section "Engine (bench/bench_engine.py)"
$PY bench/bench_engine.py

section "Start-up (bench/bench_startup.py)"
$PY bench/bench_startup.py

section "Load: the mixed load, one process (bench/load.py)"
$PY bench/load.py --duration "$DURATION" "$@"
