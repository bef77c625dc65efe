"""Benchmark of the reference matcher (`coopwatch.reference.matcher().find`), which every parse,
link and import runs over whole documents.

    .venv/bin/python benchmarks/bench_matcher.py [--quick]

Time of `find` over seed 002 repeated 40 times (~600k characters; quick: 10 times), against a
baseline measured in the same run: one regular-expression pass over the same text that finds
every CJK character (the least any scanner of the text must do). Printed as seconds, characters
per second and the ratio to the baseline. Goal: under 3 s for the 600k characters.
"""

from __future__ import annotations

import argparse
import re

from timing import median_of, shared


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    from coopwatch.reference import matcher

    copies = 10 if args.quick else 40
    text = shared("seeds", "002_5a42f45549d458c8.txt").read_text(encoding="utf-8") * copies
    m = matcher()
    m.find("青海")  # build the automaton before timing
    cjk = re.compile(r"[\u4e00-\u9fff]")
    spans = len(m.find(text))
    found = median_of(lambda: m.find(text), 3)
    baseline = median_of(lambda: cjk.findall(text), 3)
    print(f"matcher.find: {len(text):,} characters, {spans:,} spans in {found:.2f} s "
          f"({len(text) / found / 1e3:,.0f} k chars/s); baseline regex pass {baseline:.3f} s; "
          f"ratio {found / baseline:.1f}x the baseline; goal < 3 s for 600k characters: "
          f"{'met' if found * 40 / copies < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
