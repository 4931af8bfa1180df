#!/usr/bin/env python
"""Example app: three distributed Locust tests, synthesized into ``dist/`` by ``python main.py``.

``checkout`` exports traces, metrics and logs over OTLP/gRPC to the OpenTelemetry collector
the app deploys too (``otel-collector`` in ``monitoring``; the image carries the OTel SDK);
``catalog`` is a plain test scraped by Prometheus through the operator's metrics-exporter
sidecar; ``storefront`` runs this repository's ``locust/`` folder (a locustfile and its
``lib/``) from ConfigMaps, its ten workers on spot nodes and its master on on-demand ones,
with the web UI on the master Service; ``search`` is judged by thresholds (its master Job fails
when a limit is breached, and its log ends with a JSON verdict) and keeps its HTML, CSV and JSON
reports in S3, copied by an upload container once its master has exited; it runs again on
every change. A Grafana dashboard of the tests' metrics goes to ``monitoring`` as a ConfigMap
the Grafana sidecar loads. ``cdk8s synth`` runs this file too (see cdk8s.yaml).
"""

import os
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import cdk8s
from constructs import Construct

from constructs_locust import (
    DebugExporter,
    EnvConfig,
    LocustDashboard,
    LocustTest,
    LocustTestFiles,
    LocustTestSpec,
    MasterSpec,
    ObjectStorage,
    OtelCollector,
    OtelOptions,
    OtlpEndpoint,
    PodOptions,
    Reports,
    RequestThresholds,
    ServiceOptions,
    TestFiles,
    Thresholds,
    WorkerSpec,
)

LOCUST_FOLDER = Path(__file__).resolve().parent / "locust"
"""This repository's load test: ``locustfile.py`` and its library folder ``lib/``."""
SPOT_TOLERATION = {"key": "cloud.example.com/spot", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
CAPACITY_LABEL = "cloud.example.com/capacity"


def checkout_spec(collector: OtlpEndpoint) -> LocustTestSpec:
    """An OTel-enabled test sending to ``collector``: 10 % of traces, metrics every 15 s."""
    spec = LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        master=MasterSpec(
            command="--locustfile /lotest/src/checkout.py --host https://shop.example.com",
            extra_args=("--users", "50", "--spawn-rate", "5", "--run-time", "10m"),
        ),
        worker=WorkerSpec(command="--locustfile /lotest/src/checkout.py --host https://shop.example.com", replicas=4),
        test_files=TestFiles(config_map_ref="checkout-locustfile"),
    )
    return OtelOptions(
        endpoint=collector,
        service_name="checkout-load-test",
        resource_attributes={"deployment.environment": "staging"},
        trace_sampling_ratio=0.1,
        metric_export_interval=timedelta(seconds=15),
    ).apply(spec)


def catalog_spec() -> LocustTestSpec:
    """A plain test: metrics through the prometheus exporter sidecar."""
    return LocustTestSpec.from_cr(
        {
            "image": "locustio/locust:2.43.4",
            "master": {
                "command": "--locustfile /lotest/src/catalog.py --host https://shop.example.com",
                "autoquit": {"enabled": True, "timeout": 120},
                "extraArgs": ["--users", "20", "--spawn-rate", "2", "--run-time", "10m"],
            },
            "worker": {"command": "--locustfile /lotest/src/catalog.py --host https://shop.example.com", "replicas": 2},
            "testFiles": {"configMapRef": "catalog-locustfile"},
        }
    )


def storefront(scope: Construct) -> LocustTest:
    """This repository's ``locust/`` folder as ConfigMaps; spot workers, an on-demand master, the web UI."""
    files = LocustTestFiles(
        scope, "storefront-files", name="storefront", src=LOCUST_FOLDER / "locustfile.py", lib=LOCUST_FOLDER / "lib"
    )
    command = f"--locustfile {files.src_path('locustfile.py')} --host https://shop.example.com"
    spec = LocustTestSpec(
        image="locustio/locust:2.43.4",
        master=MasterSpec(command=command, extra_args=("--users=200", "--spawn-rate=20", "--run-time=15m")),
        worker=WorkerSpec(command=command, replicas=10),
        test_files=files.test_files,
        env=EnvConfig(variables=(files.python_path,)),  # the locustfile imports from lib
    )
    on_demand = {
        "requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [
                {"matchExpressions": [{"key": CAPACITY_LABEL, "operator": "In", "values": ["on-demand"]}]}
            ]
        }
    }
    return LocustTest(
        scope,
        "storefront",
        spec=spec,
        master_pod=PodOptions(affinity={"nodeAffinity": on_demand}),
        worker_pod=PodOptions(tolerations=[SPOT_TOLERATION], node_selector={CAPACITY_LABEL: "spot"}),
        service=ServiceOptions(web_ui=True),
    )


def search(scope: Construct) -> LocustTest:
    """A gated test whose reports outlive its pod.

    Thresholds: p95 under 300 ms, at most 1 % failed, 50 requests/s, ``/search`` p99 under 1 s.
    Reports: S3, ``<bucket>/<prefix>/search/<run>/<start>/``.
    """
    command = "--locustfile /lotest/src/search.py --host https://shop.example.com"
    spec = LocustTestSpec(
        image="locustio/locust:2.47.0",
        # The thresholds allow some failures: Locust's own rule (exit 1 on any failure) would not.
        master=MasterSpec(
            command=command,
            extra_args=("--users=100", "--spawn-rate=10", "--run-time=10m", "--exit-code-on-error=0"),
        ),
        worker=WorkerSpec(command=command, replicas=4),
        test_files=TestFiles(config_map_ref="search-locustfile"),
    )
    thresholds = Thresholds(
        failure_ratio=0.01,
        p95_response_time=timedelta(milliseconds=300),
        min_rps=50,
        requests=[RequestThresholds(name="/search", method="GET", p99_response_time=timedelta(seconds=1))],
    )
    reports = Reports(
        storage=ObjectStorage.s3(secret_name="load-reports-s3", region="eu-west-1"),  # keys only from the Secret
        path="example-load-reports/nightly",
        csv_full_history=True,
    )
    return LocustTest(scope, "search", spec=spec, rerun_on_change=True, thresholds=thresholds, reports=reports)


def build_app(outdir: str | None = None) -> cdk8s.App:
    """Build the example app (one chart: a collector, three tests) without synthesizing it."""
    app = cdk8s.App(outdir=outdir) if outdir else cdk8s.App()
    chart = cdk8s.Chart(app, "load-tests", namespace="perf", disable_resource_name_hashes=True)
    collector = OtelCollector(
        chart, "otel-collector", namespace="monitoring", exporters=[DebugExporter(verbosity="basic")]
    )
    LocustTest(chart, "checkout", spec=checkout_spec(collector.endpoint()))
    LocustDashboard(chart, "locust-dashboard", namespace="monitoring")  # the Grafana sidecar loads it
    LocustTest(chart, "catalog", spec=catalog_spec())
    storefront(chart)
    search(chart)
    return app


if __name__ == "__main__":
    build_app().synth()
