#!/usr/bin/env bash
# Noise-free figures for the 2,000-row pdf-bench (#14): instructions of the whole process (valgrind callgrind, every
# thread), threads started (strace), perf stat task-clock over RUNS runs, and checksums of each PDF and of its
# text (pdftotext -raw and -layout): PDFs may differ in bytes while their text must not.
# usage: Benchmarks/pdf_compare_callgrind.sh PATH/TO/pdf-bench [PATH/TO/baseline/pdf-bench]
# Takes about a minute per binary (callgrind runs ~50x slower than the program).
set -euo pipefail
RUNS=${RUNS:-10}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for bin in "$@"; do
    bin="$(realpath "$bin")"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" --out "$work/cg.pdf" 2>"$work/cg.log"
    instructions=$(grep -o 'refs: *[0-9,]*' "$work/cg.log" | tr -dc '0-9')
    strace -f -e trace=clone,clone3 -o "$work/strace.txt" "$bin" --out "$work/strace.pdf"
    threads=$(grep -c -E 'clone3?\(' "$work/strace.txt" || true)
    clock=$(perf stat -e task-clock -r "$RUNS" "$bin" --out "$work/perf.pdf" 2>&1 | awk '/task-clock/ {print $1}')
    text=$( (pdftotext -raw "$work/cg.pdf" -; pdftotext -layout "$work/cg.pdf" -) | sha1sum | cut -c1-12)
    printf '%s: %s instructions, %s threads started, task-clock %s ms (perf stat, %s runs), PDF sha1 %s, text sha1 %s\n' \
        "$bin" "$(printf "%'d" "$instructions")" "$threads" "$clock" "$RUNS" "$(sha1sum "$work/cg.pdf" | cut -c1-12)" "$text"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
