"""``make bench`` / ``python -m bench [NAME ...] [--quick]``: run the benchmarks, write JSON results.

Each benchmark is a module ``bench/bench_<name>.py`` with ``run(args) -> dict`` (figures) and
an optional ``add_arguments(parser)``. Results go to ``bench/results/<name>.json`` and are
printed; targets are reported with their figures, never asserted with timers in tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {available()})")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check that a benchmark works")
    modules = {name: importlib.import_module(f"bench.bench_{name}") for name in available()}
    for module in modules.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(modules)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; available: {available()}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    for name in args.names or list(modules):
        started = time.time()
        print(f"== {name}", flush=True)
        figures = modules[name].run(args)
        record = {
            "benchmark": name,
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "seconds": round(time.time() - started, 1),
            "machine": {"python": sys.version.split()[0], "cpus": os.cpu_count(), "platform": platform.platform()},
            "quick": args.quick,
            "figures": figures,
        }
        (results_dir / f"{name}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
        print(json.dumps(figures, indent=2, ensure_ascii=False), flush=True)
    if not modules:
        print("No benchmarks yet.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
