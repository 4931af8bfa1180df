"""A real Prometheus server for the e2e tests: Debian's ``prometheus`` (2.42), on loopback, bounded.

A test harness. It scrapes its targets every second (``honor_labels: true``, so the ``job`` and
``instance`` the exposition carries are kept, as a scrape of the Collector's ``prometheus``
exporter should be configured), keeps its TSDB in a temporary folder, and is stopped (its own
process group) when the context ends. Queries go through the HTTP API.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from .harness import LOOPBACK, free_port

SCRAPE_INTERVAL_SECONDS = 1
READY_TIMEOUT = 20.0


def prometheus_binary() -> str | None:
    """The ``prometheus`` executable, or ``None`` where it is not installed."""
    return shutil.which("prometheus")


class PrometheusServer:
    """``prometheus --config.file ... --storage.tsdb.path ... --web.listen-address 127.0.0.1:PORT``."""

    def __init__(self, workdir: Path, targets: list[str]) -> None:
        self.port = free_port()
        self.workdir = workdir
        config = workdir / "prometheus.yml"
        config.write_text(
            "global:\n"
            f"  scrape_interval: {SCRAPE_INTERVAL_SECONDS}s\n"
            f"  scrape_timeout: {SCRAPE_INTERVAL_SECONDS}s\n"
            "scrape_configs:\n"
            "  - job_name: otel-collector\n"
            "    honor_labels: true\n"
            f"    static_configs: [{{targets: {targets!r}}}]\n"
        )
        binary = prometheus_binary()
        assert binary is not None, "prometheus is not installed"
        self._log = (workdir / "prometheus.log").open("wb")
        self.popen = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={workdir / 'tsdb'}",
                f"--web.listen-address={LOOPBACK}:{self.port}",
                "--storage.tsdb.retention.time=1h",
            ],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://{LOOPBACK}:{self.port}"

    def log(self) -> str:
        """What the server wrote so far."""
        return (self.workdir / "prometheus.log").read_text(errors="replace")

    def wait_ready(self) -> None:
        """Wait until ``/-/ready`` answers 200 (bounded)."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            assert self.popen.poll() is None, f"prometheus exited\n{self.log()}"
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as answer:
                if answer.status == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"prometheus not ready after {READY_TIMEOUT}s\n{self.log()}")

    def api(self, path: str, **params: Any) -> Any:
        """``GET /api/v1/<path>``: the ``data`` of a successful answer; any error fails the test."""
        query = urllib.parse.urlencode([(key, value) for key, value in params.items() if value is not None], doseq=True)
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}?{query}", timeout=10) as answer:
            body = json.loads(answer.read())
        assert body.get("status") == "success", body
        assert not body.get("warnings"), body
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        """An instant query's vector (``resultType`` must be ``vector``)."""
        data = self.api("query", query=expr, time=at)
        assert data["resultType"] == "vector", data
        return list(data["result"])

    def query_range(self, expr: str, start: float, end: float, step: float = 1.0) -> list[dict[str, Any]]:
        """A range query's matrix."""
        data = self.api("query_range", query=expr, start=start, end=end, step=step)
        assert data["resultType"] == "matrix", data
        return list(data["result"])

    def label_values(self, label: str, match: str) -> list[str]:
        """``/api/v1/label/<label>/values`` for series matching ``match`` (Grafana's ``label_values``)."""
        return list(self.api(f"label/{label}/values", **{"match[]": match}))

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s); idempotent."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        self._log.close()

    def __enter__(self) -> "PrometheusServer":
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
