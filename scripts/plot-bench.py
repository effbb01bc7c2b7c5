#!/usr/bin/env python3
"""Plots the scaling series of drs-bench from its --json output.

    build/tests/benchmarks/drs-bench/drs-bench --scaling --json > bench.jsonl
    scripts/plot-bench.py bench.jsonl [-o docs/images/performance-scaling.png]

One panel per workload that was run at several client (or connection) counts: W1, W3, W4
(rates, log scale) and W5 (server memory per idle connection). Colour: transport; solid line:
qtdrs, dotted: the raw Qt baseline; circle: JSON, square: CBOR.

Needs matplotlib: on Debian, `apt-get install python3-matplotlib` (or `pip install matplotlib`).
"""
import argparse
import json
import sys
from collections import defaultdict

PANELS = [
    ("W1", "rate", "W1 fire: msg/s", True),
    ("W3", "rate", "W3 pipelined calls: calls/s", True),
    ("W4", "rate", "W4 broadcast: deliveries/s", True),
    ("W5", "rss-per-conn", "W5 idle: server KiB per connection", False),
]
COLOURS = {"tcp": "tab:blue", "local": "tab:green", "ws": "tab:red"}
MARKERS = {"json": "o", "cbor": "s"}
STYLES = {"qtdrs": "-", "raw": ":"}


def read_lines(path):
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        for number, line in enumerate(stream, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue  # drs-bench's progress lines, if stderr was captured too
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{number}: not JSON: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="drs-bench --json output ('-' for stdin)")
    parser.add_argument("-o", "--output", default="docs/images/performance-scaling.png")
    args = parser.parse_args()

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("matplotlib is missing: apt-get install python3-matplotlib "
                 "(or pip install matplotlib)")

    # (workload, metric) -> (system, transport, encoding) -> {clients: value}
    series = defaultdict(lambda: defaultdict(dict))
    for row in read_lines(args.input):
        key = (row["system"], row["transport"], row["encoding"])
        series[(row["workload"], row["metric"])][key][row["clients"]] = row["value"]

    panels = [p for p in PANELS
              if any(len(points) > 1 for points in series[(p[0], p[1])].values())]
    if not panels:
        sys.exit("no scaling series in the input: run drs-bench --scaling --json")

    columns = 2 if len(panels) > 2 else len(panels)
    rows = (len(panels) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(6.5 * columns, 4.5 * rows),
                                squeeze=False)
    for axis in axes.flat[len(panels):]:
        axis.set_visible(False)
    for axis, (workload, metric, title, log_y) in zip(axes.flat, panels):
        for (system, transport, encoding), points in sorted(series[(workload, metric)].items()):
            if len(points) < 2:
                continue
            xs = sorted(points)
            axis.plot(xs, [points[x] for x in xs], linestyle=STYLES.get(system, "--"),
                      marker=MARKERS.get(encoding, "x"), color=COLOURS.get(transport, "black"),
                      label=f"{system} {transport} {encoding}")
        axis.set_title(title, fontsize=10)
        axis.set_xscale("log")
        if log_y:
            axis.set_yscale("log")
        axis.set_xlabel("connections" if workload == "W5" else "clients")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=7)
    figure.suptitle("drs-bench scaling: qtdrs (solid) against raw Qt sockets (dotted)")
    figure.tight_layout()
    figure.savefig(args.output, dpi=110)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
