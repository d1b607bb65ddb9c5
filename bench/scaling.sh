#!/usr/bin/env bash
# How jixiao's whole processes scale with the size of their input: check, score, import and
# audit at 1×, 10× and 100× sizes, and check, score, import also at 200× (from 100× to 200× tells
# linear growth apart from start-up cost and caches), with wall time and peak memory (GNU time).
# Anything that grows faster than its input is a bug (docs/limits.md).
#
#   bench/scaling.sh [path/to/jixiao]     (default: target/release/jixiao, else target/debug/jixiao)
#
# Inputs are generated into a temporary folder: records with N targets and N repeated figures,
# workbooks exported from them, and the seed report repeated N times (needs ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  if [ -x target/release/jixiao ]; then bin=target/release/jixiao; else bin=target/debug/jixiao; fi
fi
command -v /usr/bin/time >/dev/null || { echo "需要 GNU time(Debian 包 time)" >&2; exit 3; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shared=${JIXIAO_SHARED:-../shared}

record() { # record N FILE: N targets and N figures sharing labels
  python3 bench/record.py "$1" > "$2"
}

measure() { # measure LABEL SIZE COMMAND...
  local label=$1 size=$2
  shift 2
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$tmp/time")
  printf '%-10s %8s  %8.2f s  %8.1f MiB\n' "$label" "$size" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

echo "jixiao: $bin"
printf '%-10s %8s  %10s  %12s\n' 命令 条目数 时间 峰值内存
for n in 250 2500 25000 50000; do
  record "$n" "$tmp/r$n.toml"
  measure check "$n" "$bin" check "$tmp/r$n.toml"
  measure score "$n" "$bin" score "$tmp/r$n.toml" --system gd-dept-2024
  "$bin" export "$tmp/r$n.toml" -o "$tmp/r$n.xlsx" > /dev/null 2>&1
  measure import "$n" "$bin" import "$tmp/r$n.xlsx" -o "$tmp/back$n.toml"
done
seed="$shared/seed/000_c570ee2c5f3014ba.txt"
if [ -f "$seed" ]; then
  for n in 1 10 100; do
    for _ in $(seq "$n"); do cat "$seed"; done > "$tmp/seed$n.txt"
    measure audit "${n}×" "$bin" audit "$tmp/seed$n.txt"
  done
fi
