"""Fixtures for the end-to-end tests: four real Locust runs, each with its own receiver and target.

A run takes several seconds (Locust start, a 3 s test, autoquit, OpenTelemetry flush), so each
is module-scoped and shared by the tests that read it.
"""

import os
from collections.abc import Iterator

import pytest

from .scenarios import HEADERS_SECRET, Run, locust_run, otel_grpc, otel_http, otel_off, otel_options

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``e2e`` marker (``-m "not e2e"`` skips the real-process tests)."""
    config.addinivalue_line("markers", "e2e: runs real Locust processes against a real OTLP receiver")


@pytest.fixture(scope="module")
def grpc_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Two workers, OTel over gRPC; the second worker joins late (``--expect-workers`` check)."""
    with locust_run("shop-grpc", tmp_path_factory.mktemp("grpc"), otel_grpc, workers=2, stagger=True) as run:
        yield run


@pytest.fixture(scope="module")
def http_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One worker, OTel over HTTP/protobuf."""
    with locust_run("shop-http", tmp_path_factory.mktemp("http"), otel_http, workers=1) as run:
        yield run


@pytest.fixture(scope="module")
def off_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One worker, OTel disabled in the spec while a receiver listens where it would have gone."""
    with locust_run("shop-off", tmp_path_factory.mktemp("off"), otel_off, workers=1) as run:
        yield run


@pytest.fixture(scope="module")
def options_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One worker, OTel from OtelOptions: headers from a Secret, sampling 0, logs off, attributes."""
    with locust_run(
        "shop-options", tmp_path_factory.mktemp("options"), otel_options, workers=1, secrets=HEADERS_SECRET
    ) as run:
        yield run
