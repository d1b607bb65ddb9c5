#!/usr/bin/env bash
# Compares the time `jixiao audit FILE.pdf` takes with the time `pdftotext FILE.pdf` (poppler)
# takes on the same file, in the same run, and prints the ratio. Target: at most 1.5.
#
# Usage: bench/pdf-vs-pdftotext.sh [FILE.pdf] [RUNS]
# Without a file, builds one from the seed report (../shared) with LibreOffice. JIXIAO names the
# binary to time (default: target/release/jixiao, built first). Both run on one core (taskset).
# The 200-page files of docs/audit.md: the seed text repeated 26 times and printed by
# LibreOffice (`soffice --headless --convert-to pdf`), and `jixiao report` of
# `python3 bench/record.py 2400 --no-facts` written as PDF (198 pages).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${2:-20}"
pdf="${1:-}"
if [ -z "$pdf" ]; then
  # The fixture the tests build: the seed report as DOCX, converted by LibreOffice.
  cargo test -q -p jixiao-pipeline --test formats seed_as_pdf >/dev/null
  pdf="target/tmp/seed-pdf/seed.pdf"
fi
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is needed" >&2; exit 2; }
jx=${JIXIAO:-}
if [ -z "$jx" ]; then
  cargo build -q --release -p jixiao-cli
  jx=target/release/jixiao
fi

time_runs() { # prints seconds for $runs runs of "$@"
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do taskset -c 0 "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo "scale=4; ($end - $start) / 1000000000" | bc
}

# Warm both up once (page cache, dynamic linking).
"$jx" audit "$pdf" >/dev/null 2>&1 || true
pdftotext "$pdf" - >/dev/null
t_pdftotext=$(time_runs pdftotext "$pdf" -)
t_jixiao=$(time_runs "$jx" audit "$pdf")
ratio=$(echo "scale=2; $t_jixiao / $t_pdftotext" | bc)
echo "file: $pdf ($(stat -c %s "$pdf") bytes), $runs runs each"
echo "pdftotext:    ${t_pdftotext} s"
echo "jixiao audit: ${t_jixiao} s"
echo "ratio jixiao/pdftotext: $ratio (target ≤ 1.5)"
