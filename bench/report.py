"""Writes docs/benchmarks.md (to stdout) and docs/benchmarks.svg from bench/run.sh's results.

Usage: python3 bench/report.py results.tsv rss.tsv SECONDS ROUNDS > docs/benchmarks.md
"""

import csv
import os
import platform
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timezone


def read(path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def revision():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def main():
    results, rss_rows, seconds, rounds = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3], sys.argv[4]
    runs = defaultdict(list)
    for row in results:
        runs[(row["server"], row["operation"], int(row["concurrency"]))].append(row)
    # The first run of each operation is a warm-up at 64 connections; keep the rest.
    figures = {}
    for key, rows in runs.items():
        kept = rows if len(rows) <= int(rounds) else rows[len(rows) - int(rounds):]
        rps = [float(r["rps"]) for r in kept]
        figures[key] = {
            "rps_min": min(rps),
            "rps_max": max(rps),
            "rps": statistics.median(rps),
            "p50": statistics.median(float(r["p50_ms"]) for r in kept),
            "p99": statistics.median(float(r["p99_ms"]) for r in kept),
            "errors": sum(int(r["errors"]) for r in kept),
            "statements": max((float(r["statements_per_request"]) for r in kept if r["statements_per_request"]), default=None),
        }
    peak = defaultdict(int)
    for row in rss_rows:
        peak[row["server"]] = max(peak[row["server"]], int(row["peak_rss_kb"]))

    def fig(server, op, c=64):
        return figures.get((server, op, c))

    base = fig("baseline", "typename")
    print("# Benchmarks\n")
    print(f"Measured {datetime.now(timezone.utc):%Y-%m-%d} at revision `{revision()}` on {machine()}.")
    print(f"Each server in turn pinned to core 0, wrk pinned to core 1, loopback, {seconds} s per figure,")
    print(f"{rounds} round(s) (requests per second as the range over rounds; latencies the median).\n")
    print("Rerun: `bash bench/run.sh` (or `SECONDS_PER_RUN=6 ROUNDS=2 CONCURRENCY=\"1 16 64\" bash bench/run.sh`).")
    print("The machine is shared and noisy: compare the ratios of one run, not numbers across runs.\n")
    print("| server | operation | connections | req/s | p50 ms | p99 ms | errors | SQL statements / request |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (server, op, c), f in sorted(figures.items()):
        rps = f"{f['rps_min']:,.0f}–{f['rps_max']:,.0f}" if f["rps_min"] != f["rps_max"] else f"{f['rps']:,.0f}"
        statements = "" if f["statements"] is None else f"{f['statements']:g}"
        print(f"| {server} | {op} | {c} | {rps} | {f['p50']:.2f} | {f['p99']:.2f} | {f['errors']} | {statements} |")
    print("\nPeak RSS (VmHWM) per server:\n")
    print("| server | peak RSS |")
    print("| --- | ---: |")
    for server, kb in sorted(peak.items()):
        print(f"| {server} | {kb / 1024:.1f} MB |")
    print("\nRatios at 64 connections (this run):\n")
    print("| ratio | value |")
    print("| --- | ---: |")
    def ratio(label, top, bottom):
        if top and bottom:
            print(f"| {label} | {top['rps'] / bottom['rps']:.2f}× |")
    ratio("`{ __typename }`: cities-api (cache off) / bare async-graphql-axum", fig("cities-api/no-cache", "typename"), base)
    ratio("`{ __typename }`: cities-api (cache on) / bare async-graphql-axum", fig("cities-api/cache", "typename"), base)
    ratio("programme page, cache on / bare `{ __typename }`", fig("cities-api/cache", "programme"), base)
    ratio("programme page, cache on / cache off", fig("cities-api/cache", "programme"), fig("cities-api/no-cache", "programme"))
    ratio("speakers of a country, cache on / cache off", fig("cities-api/cache", "speakers-of-country"), fig("cities-api/no-cache", "speakers-of-country"))
    ratio("pairings, cache on / cache off", fig("cities-api/cache", "pairings"), fig("cities-api/no-cache", "pairings"))
    print("\nWith the cache on, every request first reads the data's revision (one statement, a")
    print("round trip to SQLite's worker thread) to build its key: that, not the cache, bounds the hits,")
    print("below the cache-off `{ __typename }`. Not in this harness yet: the Seaography peer and the")
    print("300× cost-growth run (issue 12).")
    chart(figures, "docs/benchmarks.svg")
    print("\n![Requests per second at 64 connections](benchmarks.svg)")


def chart(figures, path):
    """A horizontal bar chart of requests per second at 64 connections, written as SVG."""
    bars = sorted(((s, o, f["rps"]) for (s, o, c), f in figures.items() if c == 64), key=lambda b: (b[1], b[0]))
    width, left, row = 800, 330, 24
    height = 60 + row * len(bars) + 30
    top = max((b[2] for b in bars), default=1)
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(width), height=str(height),
                     viewBox=f"0 0 {width} {height}", **{"font-family": "Noto Sans, Arial, sans-serif", "font-size": "12"})
    ET.SubElement(svg, "rect", width=str(width), height=str(height), fill="#ffffff")
    title = ET.SubElement(svg, "text", x="20", y="30", **{"font-size": "16", "font-weight": "700"})
    title.text = "Requests per second at 64 connections (higher is better)"
    colours = {"cities-api/cache": "#0072B2", "cities-api/no-cache": "#E69F00", "baseline": "#7F7F7F"}
    for index, (server, op, rps) in enumerate(bars):
        y = 50 + index * row
        label = ET.SubElement(svg, "text", x=str(left - 8), y=str(y + 15), **{"text-anchor": "end"})
        label.text = f"{op} · {server}"
        length = (width - left - 90) * rps / top
        ET.SubElement(svg, "rect", x=str(left), y=str(y + 3), width=f"{length:.1f}", height=str(row - 8),
                      fill=colours.get(server, "#009E73"))
        value = ET.SubElement(svg, "text", x=f"{left + length + 6:.1f}", y=str(y + 15))
        value.text = f"{rps:,.0f}"
    ET.ElementTree(svg).write(path, encoding="unicode")


main()
