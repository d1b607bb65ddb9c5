#!/usr/bin/env bash
# The 复核 benchmark (docs/review.md): N reports (default 200) written by `jixiao report` from
# varied records (the corrected example with another unit's name and random actual values),
# a third each as DOCX, PDF and Markdown text, plus the seed report; then `jixiao review` of the
# whole folder at --jobs 1 and --jobs 2, as whole processes, with wall time and peak memory
# (GNU time). Not a test: run it on a quiet machine.
#
#   bench/review-batch.sh [path/to/jixiao] [N]     (default: target/release/jixiao, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/jixiao}
n=${2:-200}
command -v /usr/bin/time >/dev/null || { echo "需要 GNU time(Debian 包 time)" >&2; exit 3; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/records" "$tmp/reports"
python3 - "$n" "$tmp/records" <<'PY'
import json, random, sys, tomllib
n, out = int(sys.argv[1]), sys.argv[2]
base = tomllib.load(open("examples/lechang-hrss-2024-corrected.toml", "rb"))
towns = "东西南北中上下前后左右新老大小"
random.seed(2024)
for i in range(n):
    r = json.loads(json.dumps(base, default=str))
    r["header"]["department"] = f"示例县{towns[i % len(towns)]}{i}局"
    for t in r.get("targets", []):
        if "target" in t and "actual" in t:
            t["actual"] = str(round(float(t["target"]) * random.uniform(0.85, 1.3)))
            t.pop("completion_rate_stated", None)
    json.dump(r, open(f"{out}/r{i}.json", "w"), ensure_ascii=False)
PY
start=$(date +%s)
for ((i = 0; i < n; i++)); do
  case $((i % 3)) in 0) ext=docx ;; 1) ext=pdf ;; *) ext=md ;; esac
  "$bin" report "$tmp/records/r$i.json" -o "$tmp/reports/r$i.$ext" --force > /dev/null 2>&1
done
shared=${JIXIAO_SHARED:-../shared}
cp "$shared/seed/000_c570ee2c5f3014ba.txt" "$tmp/reports/seed.txt" 2>/dev/null || true
echo "jixiao: $bin"
echo "生成 $(ls "$tmp/reports" | wc -l) 份报告($(du -sh "$tmp/reports" | cut -f1)),用时 $(( $(date +%s) - start )) s"
for jobs in 1 2; do
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" review "$tmp/reports" -o "$tmp/out$jobs.xlsx" --jobs "$jobs" > /dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$tmp/time")
  printf 'review --jobs %s: %6.2f s, %5.1f 份/秒, 峰值内存 %6.1f MiB\n' "$jobs" "$secs" \
    "$(echo "$(ls "$tmp/reports" | wc -l) / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
done
