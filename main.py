#!/usr/bin/env python
"""Example app: two distributed Locust tests, synthesized into ``dist/`` by ``python main.py``.

``checkout`` exports traces and metrics to an OpenTelemetry collector over OTLP/gRPC (the
image carries the OTel SDK); ``catalog`` is a plain test scraped by Prometheus through the
operator's metrics-exporter sidecar. ``cdk8s synth`` runs this file too (see cdk8s.yaml).
"""

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import cdk8s

from constructs_locust import (
    LocustTest,
    LocustTestSpec,
    MasterSpec,
    Observability,
    OpenTelemetry,
    OtlpProtocol,
    TestFiles,
    WorkerSpec,
)


def checkout_spec() -> LocustTestSpec:
    """An OTel-enabled test, as in the operator's OpenTelemetry design document."""
    return LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        master=MasterSpec(command="--locustfile /lotest/src/checkout.py --host https://shop.example.com"),
        worker=WorkerSpec(command="--locustfile /lotest/src/checkout.py --host https://shop.example.com", replicas=4),
        test_files=TestFiles(config_map_ref="checkout-locustfile"),
        observability=Observability(
            open_telemetry=OpenTelemetry(
                enabled=True,
                endpoint="otel-collector.monitoring:4317",
                protocol=OtlpProtocol.GRPC,
                insecure=True,
                extra_env_vars={
                    "OTEL_TRACES_SAMPLER_ARG": "0.1",
                    "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                    "OTEL_SERVICE_NAME": "checkout-load-test",
                },
            )
        ),
    )


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
    """Build the example app (one chart, two tests) without synthesizing it."""
    app = cdk8s.App(outdir=outdir) if outdir else cdk8s.App()
    chart = cdk8s.Chart(app, "load-tests", namespace="perf", disable_resource_name_hashes=True)
    LocustTest(chart, "checkout", spec=checkout_spec())
    LocustTest(chart, "catalog", spec=catalog_spec())
    return app


if __name__ == "__main__":
    build_app().synth()
