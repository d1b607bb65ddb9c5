#!/usr/bin/env bash
# Regenerates the images of the README and the docs: the report of the corrected
# example written as PDF (pages 1 and 5), and its workbook as LibreOffice shows it.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run -q -- report examples/lechang-hrss-2024-corrected.toml -o "$tmp/report.pdf" 2>/dev/null
for page in 1 5; do
  pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$tmp/report.pdf" "docs/images/report-page$page"
done

# The workbook: the corrected example exported, opened by LibreOffice (formulas recalculated),
# the page of the 收支预决算 sheet.
cargo run -q -- export examples/lechang-hrss-2024-corrected.toml -o "$tmp/workbook.xlsx" 2>/dev/null
mkdir -p "$tmp/profile/user"
cat > "$tmp/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
soffice --headless "-env:UserInstallation=file://$tmp/profile" --convert-to pdf --outdir "$tmp" "$tmp/workbook.xlsx" >/dev/null
pages=$(pdfinfo "$tmp/workbook.pdf" | awk '/^Pages:/{print $2}')
for p in $(seq 1 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$tmp/workbook.pdf" - | grep -q "^收支预决算(金额单位"; then
    pdftoppm -png -r 80 -f "$p" -l "$p" -singlefile "$tmp/workbook.pdf" docs/images/workbook-budget
    break
  fi
done
ls -l docs/images/*.png
