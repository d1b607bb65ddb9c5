#!/usr/bin/env bash
# Regenerates the page images of the README and docs/report.md: the report of the corrected
# example, written as PDF by jixiao, pages 1 and 5 rendered by poppler's pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run -q -- report examples/lechang-hrss-2024-corrected.toml -o "$tmp/report.pdf" 2>/dev/null
for page in 1 5; do
  pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$tmp/report.pdf" "docs/images/report-page$page"
done
ls -l docs/images/*.png
