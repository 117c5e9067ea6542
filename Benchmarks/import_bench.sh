#!/usr/bin/env bash
# CSV import at scale: `forewarn import --kind servers` of 100,000 rows into the demo inventory, create-only (the
# baseline, measured in the same run) against --upsert with every row unchanged and with every row changed, and a
# dry run. Fixed seed and size; BENCH_SERVERS changes the size, FOREWARN the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
BIN=${FOREWARN:-.build/release/forewarn}
SERVERS=${BENCH_SERVERS:-100000}
DB="$OUT/import-bench.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" demo-data --db "$DB" --servers "$SERVERS" --seed 42 >/dev/null
"$BIN" export --db "$DB" --kind servers --output "$OUT/import-same.csv"
python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
lines = open(f"{out}/import-same.csv", newline="").read().split("\r\n")
header, rows = lines[0], [l for l in lines[1:] if l]
with open(f"{out}/import-changed.csv", "w", newline="") as f:
    f.write(header + "\r\n" + "".join(r.rsplit(",", 1)[0] + ",changed by the bench\r\n" for r in rows))
with open(f"{out}/import-new.csv", "w", newline="") as f:
    f.write(header + "\r\n" + "".join("x-" + r + "\r\n" for r in rows))
PY
seconds() { # command... : wall time in seconds of one run
  local start end
  start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}
DRY=$(seconds "$BIN" import --db "$DB" --kind servers "$OUT/import-new.csv" --dry-run)
CREATE=$(seconds "$BIN" import --db "$DB" --kind servers "$OUT/import-new.csv")
SAME=$(seconds "$BIN" import --db "$DB" --kind servers "$OUT/import-same.csv" --upsert)
CHANGED=$(seconds "$BIN" import --db "$DB" --kind servers "$OUT/import-changed.csv" --upsert)
python3 - "$SERVERS" "$CREATE" "$DRY" "$SAME" "$CHANGED" <<'PY'
import sys
n, create, dry, same, changed = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"import of {n:,} servers, create-only (baseline)   {create:6.2f} s  {n / create:9,.0f} rows/s")
for label, t in (("dry run of the same file", dry), ("--upsert, every row unchanged", same), ("--upsert, every row changed", changed)):
    print(f"{label:40s} {t:6.2f} s  {n / t:9,.0f} rows/s  {t / create:5.2f}x the baseline")
PY
