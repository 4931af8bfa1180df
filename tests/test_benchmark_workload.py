"""The benchmark's workload is a correct app: no test of it draws a lint warning.

A warning costs a test its formatting and a write to stderr in every run, which the floor never
pays, so a workload that draws one measures the warning instead of the library (the
``UnboundedRunWarning`` that came with the traps did: every CR of the benchmark lacked a
``--run-time``).
"""

import importlib.util

from constructs_locust import LocustTestSpec
from constructs_locust.spec._lint import spec_warnings
from tests.support import ROOT


def test_every_shape_of_the_workload_is_free_of_lint_warnings() -> None:
    loader = importlib.util.spec_from_file_location("workload", ROOT / "benchmarks" / "workload.py")
    assert loader is not None and loader.loader is not None
    workload = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(workload)
    shapes = len(workload._SHAPES)
    crs = workload.locust_test_crs(shapes)
    assert len({cr["metadata"]["name"].rsplit("-", 1)[1] for cr in crs}) == shapes
    for cr in crs:
        spec = LocustTestSpec.from_cr(cr["spec"])
        assert spec_warnings(spec, name=cr["metadata"]["name"]) == ()
