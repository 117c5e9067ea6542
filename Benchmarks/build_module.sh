#!/usr/bin/env bash
# One module's release compile, exactly as `swift build -c release` runs it (the module's `swiftc` command from
# release.yaml: whole-module, -num-threads 2, -O -g …), with extra flags appended at the end (the driver takes the last
# -O*), into a temporary folder, against the release build's modules. Prints CPU (user+sys), wall, peak RSS, the
# objects' .text size and the load average, so two variants can be compared side by side (docs/notes-build7.md).
#   bash Benchmarks/build_module.sh MODULE [FLAG...]      e.g.  build_module.sh PortalApp      build_module.sh PortalApp -Osize
# Needs a release build: SCRATCH (default .build) must hold release.yaml and release/Modules (`swift build -c release`).
# MODULES=path compiles against other modules (e.g. a copy rebuilt with other flags).
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=${1:?usage: build_module.sh MODULE [FLAG...]}
shift
SCRATCH=$(cd "${SCRATCH:-.build}" && pwd)
[ -f "$SCRATCH/release.yaml" ] || { echo "no $SCRATCH/release.yaml: run swift build -c release first" >&2; exit 1; }
WORK=$(mktemp -d /tmp/build-module.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 - "$MODULE" "$SCRATCH" "$WORK" "${MODULES:-}" "$@" >"$WORK/args" <<'PY'
import json, os, re, sys
module, scratch, work, modules, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
plan = open(os.path.join(scratch, "release.yaml")).read()
start = re.search(r'"C\.%s-[^"]*-release\.module":' % re.escape(module), plan).start()
line = next(l for l in plan[start:].split("\n") if l.strip().startswith("args:"))
args = json.loads(line.strip()[len("args: "):])
release = os.path.dirname(next(a for a in args if a.endswith("/Modules") and os.path.isdir(a)))
folder = os.path.join(release, module + ".build")
os.makedirs(os.path.join(work, "build")); os.makedirs(os.path.join(work, "Modules"))
with open(os.path.join(work, "ofm.json"), "w") as f:
    f.write(open(os.path.join(folder, "output-file-map.json")).read().replace(folder, os.path.join(work, "build")))
out, skip = [], False
for a in args:
    if skip:
        skip = False
        continue
    if a == "-output-file-map":
        out += [a, os.path.join(work, "ofm.json")]; skip = True
        continue
    if a == "-parseable-output":
        continue
    if a == os.path.join(release, "Modules") and modules:
        a = modules
    elif not a.startswith("@"):
        a = a.replace(os.path.join(release, "Modules", module + "."), os.path.join(work, "Modules", module + "."))
        a = a.replace(folder, os.path.join(work, "build"))
    out.append(a)
print("\n".join(out + extra))
PY
mapfile -t ARGS <"$WORK/args"
before=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "${ARGS[@]}" >"$WORK/log" 2>&1 || { tail -20 "$WORK/log"; exit 1; }
after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r wall user sys rss <"$WORK/time"
text=$(size -t "$WORK"/build/*.o | tail -1 | awk '{print $1}')
python3 -c "import sys; w, u, s, r, t = sys.argv[1:6]; print(f'$MODULE ${*:-(release flags)}: CPU {float(u) + float(s):.1f} s, wall {float(w):.1f} s, peak RSS {int(r) // 1024} MB, .text {int(t):,} bytes')" "$wall" "$user" "$sys" "$rss" "$text"
echo "(load average before: $before, after: $after)"
