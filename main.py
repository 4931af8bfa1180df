#!/usr/bin/env python
"""Example app: two distributed Locust tests, synthesized into ``dist/`` by ``python main.py``.

``checkout`` exports traces, metrics and logs over OTLP/gRPC to the OpenTelemetry collector
the app deploys too (``otel-collector`` in ``monitoring``; the image carries the OTel SDK);
``catalog`` is a plain test scraped by Prometheus through the operator's metrics-exporter
sidecar. ``cdk8s synth`` runs this file too (see cdk8s.yaml).
"""

import os
from datetime import timedelta

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import cdk8s

from constructs_locust import (
    DebugExporter,
    LocustTest,
    LocustTestSpec,
    MasterSpec,
    OtelCollector,
    OtelOptions,
    OtlpEndpoint,
    TestFiles,
    WorkerSpec,
)


def checkout_spec(collector: OtlpEndpoint) -> LocustTestSpec:
    """An OTel-enabled test sending to ``collector``: 10 % of traces, metrics every 15 s."""
    spec = LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        master=MasterSpec(command="--locustfile /lotest/src/checkout.py --host https://shop.example.com"),
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
            },
            "worker": {"command": "--locustfile /lotest/src/catalog.py --host https://shop.example.com", "replicas": 2},
            "testFiles": {"configMapRef": "catalog-locustfile"},
        }
    )


def build_app(outdir: str | None = None) -> cdk8s.App:
    """Build the example app (one chart: a collector, two tests) without synthesizing it."""
    app = cdk8s.App(outdir=outdir) if outdir else cdk8s.App()
    chart = cdk8s.Chart(app, "load-tests", namespace="perf", disable_resource_name_hashes=True)
    collector = OtelCollector(
        chart, "otel-collector", namespace="monitoring", exporters=[DebugExporter(verbosity="basic")]
    )
    LocustTest(chart, "checkout", spec=checkout_spec(collector.endpoint()))
    LocustTest(chart, "catalog", spec=catalog_spec())
    return app


if __name__ == "__main__":
    build_app().synth()
