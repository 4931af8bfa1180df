#!/usr/bin/env python
"""Print what the spec classes cost per call on the every-field spec (tests/test_spec.py FULL_SPEC).

Usage: ``python benchmarks/spec_model.py [--number N] [--repeat R]``

Figures: ``from_cr`` (type checks, checks, read-only storage), ``render_manifests`` (pure
rendering, no cdk8s), ``to_cr`` (back to plain data) and ``hash``; the best of R runs of N
calls each, in microseconds per call. In-process, no Node. The script asserts nothing.
"""

import argparse
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from constructs_locust import LocustTestSpec, render_manifests
from tests.test_spec import FULL_SPEC


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    spec = LocustTestSpec.from_cr(FULL_SPEC)
    cases = {
        "from_cr": lambda: LocustTestSpec.from_cr(FULL_SPEC),
        "render_manifests": lambda: render_manifests(spec, "demo"),
        "to_cr": spec.to_cr,
        "hash (fresh spec)": lambda: hash(LocustTestSpec.from_cr(FULL_SPEC)),
    }
    for name, call in cases.items():
        best = min(timeit.repeat(call, number=args.number, repeat=args.repeat)) / args.number
        print(f"{name:<20} {best * 1e6:8.0f} us/call")


if __name__ == "__main__":
    main()
