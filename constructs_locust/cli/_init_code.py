"""The Python files of a new load-test repository: ``main.py``, the locustfile and its ``lib/``, the tests.

Each function returns one file's text for the choices in :class:`~._init_options.InitOptions`.
The code is what a user would write by hand with this library (the README's own patterns):
one test with a bounded run and a real user count, its locustfile and ``lib/`` from the
repository as ConfigMaps (``LocustTestFiles``), restricted pods in a restricted Namespace.
"""

from ._init_options import CLOUD_PRESETS, LOCUST_IMAGE, LOCUST_OTEL_IMAGE, InitOptions

__all__ = ["LIB_MODULE", "SNAPSHOT_TEST", "lib_module", "locustfile", "main_py", "test_main_py"]

LIB_MODULE = "pages"
"""The module of ``locust/lib/`` that the locustfile imports."""

SNAPSHOT_TEST = "test_the_chart_matches_its_snapshot"
"""The snapshot test's name: its snapshot is ``tests/__snapshots__/test_main/<name>.yaml``."""


def main_py(options: InitOptions) -> str:
    """``main.py``: the app, synthesized into ``dist/`` by ``python main.py`` (and ``cdk8s synth``)."""
    names = ["EnvConfig", "LocustNamespace", "LocustTest", "LocustTestFiles", "LocustTestSpec", "MasterSpec"]
    names += ["OtelCollector", "OtelOptions"] if options.otel else []
    names += ["PodOptions"] if options.cloud else []
    names += ["Security", "ServiceOptions", "WorkerSpec"]
    imports = "".join(f"    {name},\n" for name in names)
    gitops_import = "from constructs_locust.gitops import argo_cd_waves\n" if options.gitops == "argocd" else ""
    return f'''#!/usr/bin/env python
"""This repository's load test: ``python main.py`` synthesizes it into ``dist/`` (so does ``cdk8s synth``).

{_description(options)}
"""

import os
from pathlib import Path

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # before cdk8s starts Node

import cdk8s

from constructs_locust import (
{imports})
{gitops_import}
NAME = "{options.name}"
"""The LocustTest's name: its Jobs are ``{options.name}-master`` and ``{options.name}-worker``{_hash_note(options)}."""
NAMESPACE = "{options.namespace}"
"""The Namespace of every object (the chart creates it, with Pod Security level ``restricted``)."""
IMAGE = "{LOCUST_OTEL_IMAGE if options.otel else LOCUST_IMAGE}"
HOST = "https://example.com"
"""The system under test: change it."""
USERS = 50
SPAWN_RATE = 5
RUN_TIME = "5m"
"""How long the test runs; the master then stops it and the Jobs complete."""
WORKERS = 5
LOCUST_FOLDER = Path(__file__).resolve().parent / "locust"
"""The locustfile and its ``lib/`` folder, mounted from ConfigMaps."""


def load_test(chart: cdk8s.Chart{", collector: OtelCollector" if options.otel else ""}) -> LocustTest:
    """The test: ``USERS`` users from ``WORKERS`` workers for ``RUN_TIME``, then the Jobs complete."""
    files = LocustTestFiles(
        chart, f"{{NAME}}-files", name=NAME, src=LOCUST_FOLDER / "locustfile.py", lib=LOCUST_FOLDER / "lib"
    )
    command = f"--locustfile {{files.src_path('locustfile.py')}} --host {{HOST}}"
    spec = LocustTestSpec(
        image=IMAGE,
        master=MasterSpec(
            command=command,
            extra_args=(f"--users={{USERS}}", f"--spawn-rate={{SPAWN_RATE}}", f"--run-time={{RUN_TIME}}"),
        ),
        worker=WorkerSpec(command=command, replicas=WORKERS),
        test_files=files.test_files,
        env=EnvConfig(variables=(files.python_path,)),  # the locustfile imports from lib/
        security=Security.restricted(),
    )
{_otel_apply(options)}    test = LocustTest(
        chart,
        NAME,
        spec=spec,
{_placement(options)}        service=ServiceOptions(web_ui=True),{_rerun(options)}
    )
{_gitops_apply(options)}    return test


def build_app(outdir: str | None = None) -> cdk8s.App:
    """The app: one chart holding the Namespace{", the collector" if options.otel else ""} and the test."""
    app = cdk8s.App(outdir=outdir) if outdir else cdk8s.App()
    chart = cdk8s.Chart(app, "load-tests", namespace=NAMESPACE, disable_resource_name_hashes=True)
    LocustNamespace(chart, "namespace", pod_security="restricted")
{_collector(options)}    return app


if __name__ == "__main__":
    build_app().synth()
'''


def _description(options: InitOptions) -> str:
    lines = [
        f"One distributed Locust test, ``{options.name}`` in the namespace ``{options.namespace}``: the locustfile",
        f"in ``locust/`` (it imports ``locust/lib/{LIB_MODULE}.py``), 50 users for 5 minutes, restricted pods",
        "(``Security.restricted()``), the web UI on the master Service.",
    ]
    if options.cloud:
        lines.append(f"Spot workers, an on-demand master (the {options.cloud} presets of PodOptions).")
    if options.otel:
        lines.append("Traces, metrics and logs go over OTLP to the OpenTelemetry collector that the chart deploys.")
    if options.gitops:
        tool = "Argo CD" if options.gitops == "argocd" else "Flux"
        lines.append(f"{tool} applies ``dist/`` from Git; every change is a new run (``rerun_on_change``).")
    return "\n".join(lines)


def _hash_note(options: InitOptions) -> str:
    return " plus a hash of what runs (``rerun_on_change``)" if options.gitops else ""


def _otel_apply(options: InitOptions) -> str:
    if not options.otel:
        return ""
    return "    spec = OtelOptions(endpoint=collector.endpoint(), service_name=NAME).apply(spec)\n"


def _placement(options: InitOptions) -> str:
    if options.cloud is None:
        return ""
    spot, on_demand = CLOUD_PRESETS[options.cloud]
    return (
        f"        master_pod=PodOptions.{on_demand}(),  # a master lost to a spot reclaim ends the run\n"
        f"        worker_pod=PodOptions.{spot}(),\n"
    )


def _rerun(options: InitOptions) -> str:
    if not options.gitops:
        return ""
    return "\n        rerun_on_change=True,  # new names for every change: a GitOps sync never patches a Job"


def _gitops_apply(options: InitOptions) -> str:
    if options.gitops == "argocd":
        return "    argo_cd_waves().apply(test, files)  # the ConfigMaps first, then the Jobs; old runs pruned\n"
    return ""


def _collector(options: InitOptions) -> str:
    if not options.otel:
        return "    load_test(chart)\n"
    return '    collector = OtelCollector(chart, "otel-collector")\n    load_test(chart, collector)\n'


def locustfile(options: InitOptions) -> str:
    """``locust/locustfile.py``: one user class that imports its paths from ``lib/``."""
    return f'''"""The load test: visitors open the home page and a few product pages.

``{LIB_MODULE}`` is ``locust/lib/{LIB_MODULE}.py``: in the pods, the lib ConfigMap is mounted and
``PYTHONPATH`` points there (``files.python_path`` in main.py); locally, run Locust from
``locust/`` with ``PYTHONPATH=lib``.
"""

from locust import HttpUser, between, task
from {LIB_MODULE} import HOME_PATH, PRODUCT_NAME, product_path, pick_product


class Visitor(HttpUser):
    """A visitor who opens a product three times as often as the home page."""

    wait_time = between(1, 3)

    @task
    def home(self) -> None:
        """Open the home page."""
        self.client.get(HOME_PATH)

    @task(3)
    def product(self) -> None:
        """Open one product, reported under one name for all products."""
        self.client.get(product_path(pick_product()), name=PRODUCT_NAME)
'''


def lib_module(options: InitOptions) -> str:
    """``locust/lib/pages.py``: the paths the locustfile requests."""
    return '''"""The pages of the system under test, shared by the locustfiles (mounted from the lib ConfigMap)."""

import random

HOME_PATH = "/"
PRODUCT_NAME = "/products/[id]"
PRODUCT_IDS = (1, 2, 3, 5, 8)


def product_path(product_id: int) -> str:
    """The page of one product."""
    return f"/products/{product_id}"


def pick_product() -> int:
    """A product a visitor opens."""
    return random.choice(PRODUCT_IDS)
'''


def test_main_py(options: InitOptions) -> str:
    """``tests/test_main.py``: the chart's snapshot, and that the test ends on its own."""
    return f'''"""The synthesized chart, compared with its committed snapshot (``tests/__snapshots__/``).

``python -m pytest --snapshot-update`` writes the snapshot: run it after a change you mean,
review the difference and commit it. Plain ``python -m pytest`` (CI) fails on any difference,
and when the snapshot is missing.
"""

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

import main
from constructs_locust.testing import YamlSnapshotExtension, synth_manifests


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots as readable YAML files, one per test."""
    return snapshot.use_extension(YamlSnapshotExtension)


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The app's one chart, built once (``outdir``: nothing is written into ``dist/``)."""
    (chart,) = main.build_app(outdir=str(tmp_path_factory.mktemp("dist"))).charts
    return chart


def {SNAPSHOT_TEST}(chart: Any, snapshot: SnapshotAssertion) -> None:
    assert chart == snapshot


def test_the_load_test_ends_on_its_own(chart: Any) -> None:
    """A bounded run: the master stops after --run-time, so the Jobs complete."""
    jobs = [manifest for manifest in synth_manifests(chart) if manifest["kind"] == "Job"]
    master_args = [
        job["spec"]["template"]["spec"]["containers"][0]["args"]
        for job in jobs
        if "--master" in job["spec"]["template"]["spec"]["containers"][0]["args"]
    ]
    assert len(master_args) == 1
    assert f"--run-time={{main.RUN_TIME}}" in master_args[0]
    assert f"--users={{main.USERS}}" in master_args[0]
'''
