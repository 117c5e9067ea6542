#!/usr/bin/env bash
# Times the whole pdf-bench process against ReportLab and WeasyPrint on the same 2,000 rows, in one run.
# usage: [BASE=PATH/TO/earlier/pdf-bench] [SWIFT_ONLY=1] Benchmarks/pdf_compare.sh PATH/TO/pdf-bench [rounds]
# BASE also times an earlier build in the same rounds and prints the ratio; SWIFT_ONLY=1 leaves out the Python ones.
# Targets (DESIGN.md): pdf-bench <= 0.5 s, >= 7x faster than ReportLab, >= 25x faster than WeasyPrint.
# Exits 1 when a target is missed.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 PATH/TO/pdf-bench [rounds]" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(realpath "$1")"
rounds="${2:-5}"

for module in $([[ -n "${SWIFT_ONLY:-}" ]] || echo reportlab weasyprint); do
    if ! python3 -c "import $module" 2>/dev/null; then
        echo "installing $module from PyPI" >&2
        python3 -m pip install --quiet "$module"
    fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bench" --dump-json "$work/rows.json"
extra=()
[[ -n "${BASE:-}" ]] && extra+=(--baseline "$(realpath "$BASE")")
[[ -n "${SWIFT_ONLY:-}" ]] && extra+=(--swift-only)
python3 "$here/pdf_compare.py" --bench "$bench" --scripts "$here" --workdir "$work" --rounds "$rounds" "${extra[@]}"
