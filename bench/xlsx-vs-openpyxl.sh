#!/usr/bin/env bash
# Compares reading the seed workbook with jixiao (calamine, into a checked record) and with
# openpyxl (cell values and number formats only), in the same run, and prints the ratio.
# Both are timed in-process over RUNS reads. Target for jixiao: import and check under 100 ms.
#
# Usage: bench/xlsx-vs-openpyxl.sh [FILE.xlsx] [RUNS]
# Needs openpyxl (pip install openpyxl, or apt-get install python3-openpyxl).
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-examples/lechang-hrss-2024.xlsx}"
runs="${2:-50}"
python3 -c "import openpyxl" 2>/dev/null || { echo "openpyxl is needed: pip install openpyxl" >&2; exit 2; }
cargo build -q --release -p jixiao-excel --example read_speed
rust=$(target/release/examples/read_speed "$file" "$runs")
py=$(python3 bench/openpyxl_read.py "$file" "$runs")
t_import=$(echo "$rust" | awk '$1=="import"{print $2}')
t_check=$(echo "$rust" | awk '$1=="import+check"{print $2}')
t_py=$(echo "$py" | awk '$1=="read"{print $2}')
echo "file: $file ($(stat -c %s "$file") bytes), $runs reads each"
echo "jixiao import:         ${t_import} ms (into a record, every figure with its cell)"
echo "jixiao import + check: ${t_check} ms (target < 100 ms)"
echo "openpyxl read:         ${t_py} ms (values and formats only)"
echo "ratio openpyxl/jixiao import: $(echo "scale=1; $t_py / $t_import" | bc)× (jixiao is that many times faster)"
