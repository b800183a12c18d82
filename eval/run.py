#!/usr/bin/env python3
"""policylint evaluation harness. See eval/README.md.

    python3 eval/run.py all                  build, judging sheets, report (with injections)
    python3 eval/run.py build                cargo build --release
    python3 eval/run.py inject               injected defects and controls only
    python3 eval/run.py sheets [--out DIR]   judging sheets for an independent judge
    python3 eval/run.py report               write eval/RESULTS.md
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from policylint_eval import common, inject, report, sheets  # noqa: E402

DEFAULT_SEED = 20261202


def main():
    p = argparse.ArgumentParser(description="policylint evaluation harness")
    p.add_argument("command", choices=["all", "build", "inject", "sheets", "report"])
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--per-rule", type=int, default=300, help="injected defects per rule")
    p.add_argument("--controls", type=int, default=200, help="negative controls per rule")
    p.add_argument("--out", default=os.path.join("/tmp", "policylint-eval"),
                   help="where copies and outputs go (never the repository)")
    p.add_argument("--sheets", default=os.path.join("/tmp", "policylint-judging"),
                   help="where judging sheets go")
    p.add_argument("--rules", help="comma-separated rules to inject (default: all)")
    p.add_argument("--no-build", action="store_true", help="use the existing release binary")
    a = p.parse_args()
    out = os.path.abspath(a.out)
    if out == common.REPO or out.startswith(common.REPO + os.sep):
        common.die("--out must be outside the repository")
    started = time.time()
    if a.command in ("all", "build") or (a.command in ("report", "inject") and not a.no_build):
        common.build()
    common.require_binary()
    if a.command in ("all", "sheets"):
        for rule, n, total in sheets.write(a.sheets, a.seed):
            print(f"sheet {rule}: {n} of {total} findings -> {a.sheets}/{rule}.md")
    if a.command == "inject":
        rules = a.rules.split(",") if a.rules else None
        summary = inject.summarize(inject.run(a.seed, a.per_rule, a.controls, out, rules))
        for rule, s in summary.items():
            print(f"{rule:28} recall {s['d'][0]:4}/{s['d'][1]:<4} controls clean {s['c'][0]:4}/{s['c'][1]}")
        print(f"records: {out}/injections.json")
    if a.command in ("all", "report"):
        report.write(a.seed, a.per_rule, a.controls, out)
        print(f"wrote {os.path.relpath(os.path.join(common.EVAL_DIR, 'RESULTS.md'))}")
    print(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
