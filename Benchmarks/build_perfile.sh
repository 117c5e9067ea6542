#!/usr/bin/env bash
# CPU time of each source file of one module compiled with -O (non-WMO, one frontend per file), to find the files
# (and then, by bisecting, the functions) that make a release build slow (docs/notes-build6.md).
#   bash Benchmarks/build_perfile.sh MODULE [TOP]
# Needs a debug build (`swift build`): it compiles against .build/debug's modules and the plugin-generated sources the
# debug build used. Prints the TOP (default 15) files by user+sys CPU seconds and the total, with the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=${1:?usage: build_perfile.sh MODULE [TOP]}
TOP=${2:-15}
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
FRONTEND=$(dirname "$(readlink -f "$SWIFTC")")/swift-frontend
DEBUG=${DEBUG:-$PWD/.build/debug}
[ -f "$DEBUG/$MODULE.build/sources" ] || { echo "no $DEBUG/$MODULE.build/sources: run swift build first" >&2; exit 1; }
# `package` declarations are visible only under the package name the debug build used (the folder's name).
PACKAGE_NAME=$(grep "\"-module-name\",\"$MODULE\"" "$(dirname "$DEBUG")/debug.yaml" | grep -o -m1 '"-package-name","[^"]*"' | head -1 | cut -d'"' -f4)
WORK=$(mktemp -d /tmp/build-perfile.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The frontend wrapper logs each job's CPU and primary file.
cat >"$WORK/frontend.sh" <<EOF
#!/usr/bin/env bash
prim=""; prev=""
for a in "\$@"; do [ "\$prev" = "-primary-file" ] && prim=\$a; prev=\$a; done
exec /usr/bin/time -a -o "$WORK/times" -f "%U %S \${prim:-none}" "$FRONTEND" "\$@"
EOF
chmod +x "$WORK/frontend.sh"
flags=()
for map in Sources/C*/module.modulemap; do flags+=(-Xcc "-fmodule-map-file=$PWD/$map"); done
for package in libpq pangocairo libcurl libical libstrophe libmicrohttpd sqlite3 libsodium zlib; do
    for include in $(pkg-config --cflags-only-I "$package" 2>/dev/null); do flags+=("$include"); done
done
before=$(cut -d' ' -f1-3 /proc/loadavg)
(cd "$WORK" && "$SWIFTC" -module-name "$MODULE" -parse-as-library -c "@$DEBUG/$MODULE.build/sources" -I "$DEBUG/Modules" \
    -O -g -disable-batch-mode -j2 -swift-version 6 -package-name "$PACKAGE_NAME" -DSWIFT_PACKAGE \
    -module-cache-path "$WORK/module-cache" -driver-use-frontend-path "$WORK/frontend.sh" "${flags[@]}" >"$WORK/log" 2>&1) \
    || { tail -20 "$WORK/log"; exit 1; }
after=$(cut -d' ' -f1-3 /proc/loadavg)
sort -rn "$WORK/times" | awk -v top="$TOP" '{ cpu = $1 + $2; total += cpu; n += 1; if (n <= top) printf "%7.2f s  %s\n", cpu, $3 } END { printf "%7.2f s  total of %d files\n", total, n }'
echo "(-O per file, user+sys CPU; load average before: $before, after: $after)"
