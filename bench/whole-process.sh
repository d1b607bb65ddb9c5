#!/usr/bin/env bash
# Whole processes, as a user meets them, against the peer tools in the same run: writing the
# Word report (`jixiao report X -o r.docx --no-charts` against python-docx writing the same
# report from its JSON form, interpreter start and imports included) and importing a workbook
# of N target rows (`jixiao import` against openpyxl reading every cell's value and number
# format). Each command runs RUNS times; the median wall time and the largest peak memory
# (GNU time) are printed. The in-process figures are bench/docx-vs-python-docx.sh and
# bench/xlsx-vs-openpyxl.sh.
#
#   bench/whole-process.sh [path/to/jixiao] [ROWS=10500] [RUNS=11]
#
# Needs python-docx and openpyxl (apt-get install python3-docx python3-openpyxl); PYTHON names
# the interpreter that has them (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/jixiao}
rows=${2:-10500}
runs=${3:-11}
py=${PYTHON:-python3}
"$py" -c "import docx, openpyxl" 2>/dev/null || { echo "需要 python-docx 和 openpyxl" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median wall seconds and max peak KiB of RUNS runs of a command. The wall time is taken with
# bash's microsecond clock around the run (GNU time's %e counts in hundredths of a second, too
# coarse for a run of a few milliseconds); GNU time gives the peak memory.
measure() {
  local label=$1
  shift
  local t0 t1
  for _ in $(seq "$runs"); do
    t0=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$tmp/t" "$@" > /dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    echo "$t0 $t1 $(tail -n 1 "$tmp/t")"
  done | awk '{printf "%.6f %s\n", $2 - $1, $3}' | sort -n |
    awk -v l="$label" '{t[NR]=$1; if ($2>m) m=$2} END {printf "%-34s %8.4f s  %7.1f MiB\n", l, t[int((NR+1)/2)], m/1024}'
}

record=examples/lechang-hrss-2024-corrected.toml
"$bin" report "$record" -o "$tmp/model.json" --no-charts > /dev/null 2>&1
measure "jixiao report -o .docx (无图表)" "$bin" report "$record" -o "$tmp/r.docx" --no-charts
measure "python-docx(同一份报告)" "$py" bench/python_docx_report.py "$tmp/model.json" 1

python3 bench/record.py "$rows" --no-facts > "$tmp/big.toml"
"$bin" export "$tmp/big.toml" -o "$tmp/big.xlsx" > /dev/null 2>&1
measure "jixiao import($rows 行目标)" "$bin" import "$tmp/big.xlsx" -o "$tmp/back.toml"
measure "openpyxl(同一工作簿)" "$py" bench/openpyxl_read.py "$tmp/big.xlsx" 1
