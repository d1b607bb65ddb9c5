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
# Indicator tables of N rows written one cell per line (`cell |`, as text copied cell by cell
# arrives): the whole table is one line, one sentence, of the text.
for n in 200 2000 20000; do
  python3 - "$n" > "$tmp/cells$n.txt" <<'PY'
import sys
n = int(sys.argv[1])
cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
for i in range(n):
    cells += ["产出指标", "数量指标", f"培训{i}号班次", f"≥{i + 10}人", f"{i + 12}人", "5", "5"]
print("某局部门整体支出绩效自评报告\n")
print("".join(c + " |\n" for c in cells), end="")
PY
  measure audit-cells "$n" "$bin" audit "$tmp/cells$n.txt"
done
