#!/usr/bin/env python3
"""Driver of pdf_compare.sh: times each renderer's whole command, interleaved so that load on the
machine hits all of them alike, and prints medians and ratios of wall and CPU time. Targets are
judged on wall time. Exits 1 when a target is missed. With --baseline, an earlier pdf-bench binary
runs in the same rounds and the ratio of the two is printed (#14: <= 0.25 s, reported, not gated).
The load average is printed before and after: on a shared machine the wall times follow it."""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

SWIFT_LIMIT = 0.5
ISSUE_14_TARGET = 0.25
TARGETS = {"ReportLab": 7.0, "WeasyPrint": 25.0}


def timed(command):
    """Wall time of the whole command, and its CPU time (user + system), which shared machines inflate less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages(path):
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def same_output(new, old):
    """Byte-identical PDFs, or else whether their text is: pdftotext -raw (content order) and -layout."""
    if open(new, "rb").read() == open(old, "rb").read():
        return "byte-identical"
    texts = {}
    for mode in ("-raw", "-layout"):
        texts[mode] = [subprocess.run(["pdftotext", mode, path, "-"], capture_output=True, check=True).stdout
                       for path in (new, old)]
    verdicts = [f"pdftotext {mode} {'identical' if a == b else 'DIFFERS'}" for mode, (a, b) in texts.items()]
    return "differ in bytes; " + ", ".join(verdicts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--scripts", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--swift-per-round", type=int, default=5)
    parser.add_argument("--baseline", help="an earlier pdf-bench binary, timed in the same rounds")
    parser.add_argument("--swift-only", action="store_true", help="leave out ReportLab and WeasyPrint")
    args = parser.parse_args()
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())

    rows = f"{args.workdir}/rows.json"
    commands = {
        "pdf-bench (Swift)": [args.bench, "--out", f"{args.workdir}/swift.pdf"],
        "ReportLab": [sys.executable, f"{args.scripts}/pdf_reportlab.py", rows, f"{args.workdir}/reportlab.pdf"],
        "WeasyPrint": [sys.executable, f"{args.scripts}/pdf_weasyprint.py", rows, f"{args.workdir}/weasyprint.pdf"],
    }
    if args.swift_only:
        del commands["ReportLab"], commands["WeasyPrint"]
    if args.baseline:
        commands["pdf-bench baseline"] = [args.baseline, "--out", f"{args.workdir}/baseline.pdf"]
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for command in commands.values():  # warm the page cache and Python's bytecode cache
        timed(command)
    for _ in range(args.rounds):
        for name, command in commands.items():
            repeat = args.swift_per_round if name.startswith("pdf-bench") else 1
            for _ in range(repeat):
                wall, used = timed(command)
                times[name].append(wall)
                cpu[name].append(used)

    swift = statistics.median(times["pdf-bench (Swift)"])
    swift_cpu = statistics.median(cpu["pdf-bench (Swift)"])
    print(f"{'renderer':<20} {'median s':>9} {'min s':>8} {'cpu s':>8} {'runs':>5} {'pages':>6} {'ratio':>8} {'cpu ratio':>10}")
    outputs = {"pdf-bench (Swift)": "swift", "ReportLab": "reportlab", "WeasyPrint": "weasyprint",
               "pdf-bench baseline": "baseline"}
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / swift
        used = statistics.median(cpu[name])
        print(f"{name:<20} {median:>9.3f} {min(samples):>8.3f} {used:>8.3f} {len(samples):>5} "
              f"{pages(f'{args.workdir}/{outputs[name]}.pdf'):>6} {ratio:>7.1f}x {used / swift_cpu:>9.1f}x")

    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    if args.baseline:
        base = statistics.median(times["pdf-bench baseline"])
        base_cpu = statistics.median(cpu["pdf-bench baseline"])
        print(f"pdf-bench against the baseline: wall {swift / base:.3f}x, CPU {swift_cpu / base_cpu:.3f}x; "
              f"PDFs {same_output(f'{args.workdir}/swift.pdf', f'{args.workdir}/baseline.pdf')}")
    print(f"pdf-bench: {swift:.3f} s median wall, {swift_cpu:.3f} s CPU (#14 target <= {ISSUE_14_TARGET} s: "
          f"{'met' if swift <= ISSUE_14_TARGET else 'not met'})")

    failures = []
    if swift > SWIFT_LIMIT:
        failures.append(f"pdf-bench took {swift:.3f} s (target <= {SWIFT_LIMIT} s)")
    for name, target in TARGETS.items():
        if name not in times:
            continue
        ratio = statistics.median(times[name]) / swift
        verdict = "ok" if ratio >= target else "MISSED"
        print(f"{name}: {ratio:.1f}x faster (target >= {target:.0f}x) {verdict}")
        if ratio < target:
            failures.append(f"{name} ratio {ratio:.1f}x below {target:.0f}x")
    print(f"pdf-bench: {swift:.3f} s (target <= {SWIFT_LIMIT} s) {'ok' if swift <= SWIFT_LIMIT else 'MISSED'}")
    if failures:
        print("targets missed: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
