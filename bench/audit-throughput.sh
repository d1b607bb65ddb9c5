#!/usr/bin/env bash
# Whole-process audit throughput, as a reviewer meets it: `jixiao audit` of the seed report
# repeated to 1, 10, 20 and 40 MB, on one core (taskset -c 0), with the terminal output and
# with --format json, each the median of RUNS runs (bash's microsecond clock around the
# process); MB/s is decimal megabytes of input per second. The goal (issue 12) is at least
# 20 MB/s at 20 MB, and time linear in size from 1 to 40 MB.
#
#   bench/audit-throughput.sh [path/to/jixiao] [RUNS=5]
#
# Needs ../shared (the seed report) or JIXIAO_SHARED; taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/jixiao}
runs=${2:-5}
shared=${JIXIAO_SHARED:-../shared}
seed="$shared/seed/000_c570ee2c5f3014ba.txt"
[ -f "$seed" ] || { echo "找不到种子报告 $seed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median seconds of RUNS runs of a command (output discarded; exit 1 = findings, expected)
median() {
  local t0 t1
  for _ in $(seq "$runs"); do
    t0=$EPOCHREALTIME
    taskset -c 0 "$@" > /dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    echo "$t0 $t1"
  done | awk '{printf "%.6f\n", $2 - $1}' | sort -n | awk '{t[NR]=$1} END {print t[int((NR+1)/2)]}'
}

printf '%-8s %12s %10s %10s %10s %10s\n' 大小 字节 终端 MB/s JSON MB/s
for mb in 1 10 20 40; do
  f="$tmp/seed$mb.txt"
  python3 - "$seed" "$f" "$mb" <<'PY'
import sys
seed, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = open(seed, encoding="utf-8").read() + "\n"
n = mb * 1_000_000 // len(s.encode()) + 1
open(out, "w", encoding="utf-8").write(s * n)
PY
  bytes=$(stat -c %s "$f")
  term=$(median "$bin" audit "$f")
  json=$(median "$bin" audit "$f" --format json)
  awk -v mb="$mb" -v b="$bytes" -v t="$term" -v j="$json" \
    'BEGIN {printf "%-8s %12d %9.3fs %10.1f %9.3fs %10.1f\n", mb " MB", b, t, b / t / 1e6, j, b / j / 1e6}'
done
