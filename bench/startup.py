"""Start-up cost of the everyday commands, against ``scrapy version`` in the same run.

    python bench/startup.py [--runs 15]

Runs ``scrapy version``, ``scrapy list`` and a one-page ``scrapy extract`` (a masress
fixture story) from the project directory, each ``--runs`` times as a fresh process, in
turn (so a busy machine slows all three alike), and prints the median wall time of each
and its ratio to ``scrapy version`` (target: at most 1.5 for ``list`` and ``extract``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "masress" / "stories" / "ahram-172573.html"
URL = "https://www.masress.com/ahram/172573"
COMMANDS = {
    "scrapy version": ["version"],
    "scrapy list": ["list"],
    "scrapy extract (1 page)": ["extract", "masress", str(PAGE), "--url", URL],
}
TARGET = 1.5


def run_once(arguments: list[str]) -> float:
    """Wall seconds of one ``scrapy`` process; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", *arguments], cwd=ROOT, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"scrapy {' '.join(arguments)} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for arguments in COMMANDS.values():
        run_once(arguments)  # warm the file cache once
    for _ in range(args.runs):
        for name, arguments in COMMANDS.items():
            times[name].append(run_once(arguments))
    base = statistics.median(times["scrapy version"])
    out = sys.stdout
    out.write(f"{'command':<26}{'median s':>10}{'min s':>8}{'x version':>11}{'target':>8}\n")
    for name, values in times.items():
        ratio = statistics.median(values) / base
        verdict = "" if name == "scrapy version" else ("ok" if ratio <= TARGET else "over")
        out.write(
            f"{name:<26}{statistics.median(values):>10.2f}{min(values):>8.2f}"
            f"{ratio:>11.2f}{verdict:>8}\n"
        )


if __name__ == "__main__":
    main()
