#!/usr/bin/env bash
# run.sh - the fuzz targets of make test, at once, FUZZ_SECONDS each (12):
# frames and bodies from the network (fuzz-frame), CSV files (fuzz-csv) and
# Excel workbooks (fuzz-xlsx) from offices.  Seeds: make_seeds (frames),
# tests/fuzz/seeds/csv (also in GB18030, and each as a workbook by mkxlsx).
# Any crash, sanitizer report or leak fails the run with its log.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
B=${BUILD:-build}
secs=${FUZZ_SECONDS:-12}
for k in frame csv xlsx; do rm -rf "$B/fuzz-corpus-$k"; mkdir -p "$B/fuzz-corpus-$k"; done
"$B/fuzz-seeds" "$B/fuzz-corpus-frame" || exit 1
for f in tests/fuzz/seeds/csv/*.csv; do
  n=$(basename "$f" .csv)
  cp "$f" "$B/fuzz-corpus-csv/$n.csv"
  iconv -f UTF-8 -t GB18030 "$f" >"$B/fuzz-corpus-csv/$n.gb.csv" 2>/dev/null || true
  "$B/mkxlsx" "$f" "$B/fuzz-corpus-xlsx/$n.xlsx" >/dev/null 2>&1 || true
done
ls "$B"/fuzz-corpus-xlsx/*.xlsx >/dev/null 2>&1 || { echo "fuzz: no workbook seeds were made"; exit 1; }
pids=()
for k in frame csv xlsx; do
  max=70000; [ "$k" = frame ] || max=200000
  "$B/fuzz-$k" -max_total_time="$secs" -max_len=$max -print_final_stats=1 -rss_limit_mb=1024 \
    "$B/fuzz-corpus-$k" >"$B/fuzz-$k.log" 2>&1 &
  pids+=($!)
done
rc=0; i=0
for k in frame csv xlsx; do
  if ! wait "${pids[$i]}" || grep -qE "runtime error:|ERROR: (Address|Leak)Sanitizer" "$B/fuzz-$k.log"; then
    echo "fuzz-$k: failed (log: $B/fuzz-$k.log)"; tail -n 40 "$B/fuzz-$k.log"; rc=1
  else
    echo "fuzz-$k: no crash; $(grep -E '^stat::number_of_executed_units' "$B/fuzz-$k.log" | awk '{print $2}') runs," \
         "$(grep -E '^stat::new_units_added' "$B/fuzz-$k.log" | awk '{print $2}') new inputs"
  fi
  i=$((i + 1))
done
[ -n "${PBC:-}" ] || echo "fuzz-frame: WARNING: system protobuf-c, the decoder was not instrumented"
exit $rc
