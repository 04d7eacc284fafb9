#!/usr/bin/env bash
# Sustained mixed workload over a two-node cluster (issue 7, "Load"; figures in docs/BENCHMARKS.md).
#
#   docs/scripts/soak.sh                     10 minutes, windows of 30 s, first 60 s = warm-up
#   SOAK_SECONDS=60 docs/scripts/soak.sh     shorter
#
# Starts two nodes with `bin/pyrope node` (no sidecar) on ports from SOAK_PORT_BASE (default
# 46000: discovery +0..9, communication +10.., thin +20.., gRPC +30.., metrics +40..; node 2 at
# +1 each), runs `bin/pyrope bench --workload soak` against both (searches, upserts of new ids,
# deletes of the oldest, LLM-cache lookups and puts), samples each node's heap, live heap after
# GC and resident set every window, prints one line per window and a summary, writes the windows
# as JSON to SOAK_JSON (default soak-<time>.json in the current directory), then stops the nodes.
# Exit code: the bench's (1 if any request failed).
#
# Environment: SOAK_SECONDS (600), SOAK_WINDOW (30), SOAK_WARMUP (60), SOAK_THREADS (4),
# SOAK_BASE (20000 vectors), SOAK_DIM (64), SOAK_NODE_HEAP (1g), SOAK_NODE_MEMORY_MB (512),
# SOAK_PORT_BASE (46000), SOAK_JSON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE="${SOAK_PORT_BASE:-46000}"
KEY="soak-key-$(date +%s)-0123456789"
WORK="$(mktemp -d -t pyrope-soak.XXXXXX)"
JSON="${SOAK_JSON:-$PWD/soak-$(date -u +%Y%m%dT%H%M%SZ).json}"
pids=()

cleanup() {
    for p in "${pids[@]+"${pids[@]}"}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_node() {
    local offset="$1"
    env PYROPE_SIDECAR=off \
        PYROPE_DISCOVERY_PORT="$BASE" PYROPE_DISCOVERY_SEEDS="127.0.0.1:$BASE..$((BASE + 9))" \
        PYROPE_COMMUNICATION_PORT="$((BASE + 10))" PYROPE_THIN_PORT="$((BASE + 20))" \
        PYROPE_GRPC_PORT="$((BASE + 30))" PYROPE_METRICS_PORT="$((BASE + 40))" \
        PYROPE_NODE_WORK_DIR="$WORK" PYROPE_HEAP="${SOAK_NODE_HEAP:-1g}" \
        PYROPE_STORAGE_MEMORY_MB="${SOAK_NODE_MEMORY_MB:-512}" PYROPE_DEFAULT_API_KEY="$KEY" \
        "$ROOT/bin/pyrope" node --port-offset "$offset" >"$WORK/node$offset.log" 2>&1 &
    pids+=("$!")
}

# One after the other: the first start builds what is missing, and two builds must not run at once.
for i in 0 1; do
    start_node "$i"
    for _ in $(seq 1 600); do
        grep -q "node started" "$WORK/node$i.log" 2>/dev/null && break
        kill -0 "${pids[$i]}" 2>/dev/null || { cat "$WORK/node$i.log"; echo "soak: node $i exited" >&2; exit 1; }
        sleep 0.5
    done
    grep -q "node started" "$WORK/node$i.log" || { echo "soak: node $i did not start" >&2; exit 1; }
done
# With PYROPE_SIDECAR=off, bin/pyrope execs java: the background pid is the node's JVM.
echo "soak: nodes up (pids ${pids[*]}, logs in $WORK); load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

PYROPE_HEAP="${SOAK_BENCH_HEAP:-512m}" "$ROOT/bin/pyrope" bench --workload soak \
    --targets "127.0.0.1:$((BASE + 30)),127.0.0.1:$((BASE + 31))" \
    --metrics "http://127.0.0.1:$((BASE + 40))/metrics,http://127.0.0.1:$((BASE + 41))/metrics" \
    --pids "${pids[0]},${pids[1]}" --api-key "$KEY" \
    --seconds "${SOAK_SECONDS:-600}" --window "${SOAK_WINDOW:-30}" --warmup-seconds "${SOAK_WARMUP:-60}" \
    --threads "${SOAK_THREADS:-4}" --base "${SOAK_BASE:-20000}" --dim "${SOAK_DIM:-64}" --json "$JSON"
