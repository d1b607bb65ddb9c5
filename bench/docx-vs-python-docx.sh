#!/usr/bin/env bash
# Compares writing the report of the seed record (corrected) as DOCX with jixiao (docx-rs)
# and with python-docx, from the same built report (its JSON form), in the same run, and
# prints the ratio. Both are timed in-process over RUNS documents, without charts (the
# charts are drawn once, before writing, in both). Also prints jixiao's HTML time.
#
# Usage: bench/docx-vs-python-docx.sh [RECORD.toml] [RUNS]
# Needs python-docx (pip install python-docx, or apt-get install python3-docx).
set -euo pipefail
cd "$(dirname "$0")/.."
record="${1:-examples/lechang-hrss-2024-corrected.toml}"
runs="${2:-50}"
python3 -c "import docx" 2>/dev/null || { echo "python-docx is needed: pip install python-docx" >&2; exit 2; }
cargo build -q --release -p jixiao-cli
cargo build -q --release -p jixiao-render --example write_speed
model="$(mktemp --suffix=.json)"
trap 'rm -f "$model"' EXIT
target/release/jixiao report "$record" -o "$model" --no-charts 2>/dev/null
rust=$(target/release/examples/write_speed "$model" "$runs")
py=$(python3 bench/python_docx_report.py "$model" "$runs")
t_rust=$(echo "$rust" | awk '$1=="docx"{print $2}')
t_html=$(echo "$rust" | awk '$1=="html"{print $2}')
t_py=$(echo "$py" | awk '$1=="docx"{print $2}')
echo "record: $record, $runs documents each"
echo "jixiao (docx-rs) DOCX: ${t_rust} ms per document"
echo "python-docx DOCX:      ${t_py} ms per document"
echo "jixiao HTML:           ${t_html} ms per document"
echo "ratio python-docx/jixiao: $(echo "scale=1; $t_py / $t_rust" | bc)× (jixiao is that many times faster)"
