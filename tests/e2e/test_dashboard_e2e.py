"""End to end: identity from the pod, a real Prometheus, and the dashboard's numbers against Locust's.

Two runs of one test (one master, two worker pods each) go at the same time, each to its own
OTLP receiver, whose metrics are served in the Prometheus text format
(:mod:`.prometheus_exposition`, the collector's ``prometheus`` exporter's translation) to one
real Prometheus server (Debian's 2.42) scraping both every second:

- identity on (``OtelOptions`` default), resource attributes promoted to labels
  (``resource_to_telemetry_conversion``): every dashboard query runs and returns series, and
  its totals equal Locust's own;
- identity off, with the resource an OpenTelemetry SDK before 1.43 gives (no
  ``service.instance.id``; Locust allows such SDKs), and the exporter's default settings: the
  two workers write the same series and overwrite each other.
"""

import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from constructs_locust import locust_dashboard
from constructs_locust.manifests._dashboard import dashboard_queries
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .prometheus_server import SCRAPE_INTERVAL_SECONDS, PrometheusServer, prometheus_binary
from .watch_scenarios import EXPORT_INTERVAL, NAMESPACE, USERS, WatchedRun, prepare_test, run_test, stage

pytestmark = [
    pytest.mark.e2e,
    LINT_WARNINGS_BESIDE_THE_POINT,
    pytest.mark.skipif(prometheus_binary() is None, reason="prometheus is not installed (.ci/run installs it)"),
]

RATE_INTERVAL = "5s"
"""``$__rate_interval`` as Grafana computes it for a 1 s scrape interval (4 x scrape, at least)."""


class Watched:
    """Both runs, their Prometheus, and the time the last scrape after them was taken."""

    def __init__(self, on: WatchedRun, off: WatchedRun, prometheus: PrometheusServer, at: float) -> None:
        self.on = on
        self.off = off
        self.prometheus = prometheus
        self.at = at


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    """Start both stages and Prometheus, run both tests at once, wait for two more scrapes."""
    on_dir, off_dir, prom_dir = (tmp_path_factory.mktemp(name) for name in ("on", "off", "prometheus"))
    with ExitStack() as stack:
        staged_on = stack.enter_context(stage(on_dir, identity=True))
        staged_off = stack.enter_context(stage(off_dir, identity=False))
        prometheus = stack.enter_context(PrometheusServer(prom_dir, [staged_on[2].address, staged_off[2].address]))
        prepared = {
            "on": prepare_test(on_dir, "shop", staged_on, identity=True),
            "off": prepare_test(off_dir, "shop", staged_off, identity=False, pre_143_sdk=True),
        }
        results: dict[str, WatchedRun] = {}
        errors: list[BaseException] = []

        def run(key: str) -> None:
            try:
                results[key] = run_test(prepared[key])
            except BaseException as error:  # re-raised below, in the test's thread
                errors.append(error)

        threads = [threading.Thread(target=run, args=(key,)) for key in prepared]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        if errors:
            raise errors[0]
        time.sleep(3 * SCRAPE_INTERVAL_SECONDS)  # the last exports are scraped
        yield Watched(results["on"], results["off"], prometheus, time.time())


def substituted(expr: str, watched: Watched) -> str:
    """A dashboard query with Grafana's variables as a user looking at this run would have them."""
    run_range = math.ceil(watched.at - watched.on.started) + 2
    return (
        expr.replace("$test", watched.on.name)
        .replace("$run", watched.on.run_hash)
        .replace("$__rate_interval", RATE_INTERVAL)
        .replace("$__range", f"{run_range}s")
    )


def resource_of(watched_run: WatchedRun) -> list[dict[str, Any]]:
    """The resource attributes of every metrics export of a run."""
    return [resource for export in watched_run.receiver.recorder.exports("metrics") for resource in _resources(export)]


def _resources(export: Any) -> Iterator[dict[str, Any]]:
    from .otlp_receiver import key_values

    for block in export.request.resource_metrics:
        yield key_values(block.resource.attributes)


def test_each_process_says_which_pod_test_run_and_role_it_is(watched: Watched) -> None:
    """Three distinct ``service.instance.id`` s, each ``<namespace>.<pod>``, with the test, the run and the role."""
    run = watched.on
    resources = resource_of(run)
    ids = {resource["service.instance.id"] for resource in resources}
    assert len(ids) == 3, (ids, run.outputs())
    master_job = f"{run.name}-master-{run.run_hash}"
    worker_job = f"{run.name}-worker-{run.run_hash}"
    assert ids == {
        f"{NAMESPACE}.{master_job}-00000",
        f"{NAMESPACE}.{worker_job}-00000",
        f"{NAMESPACE}.{worker_job}-00001",
    }
    for resource in resources:
        assert resource["locust.test.name"] == run.name
        assert resource["locust.test.run"] == run.run_hash
        assert resource["k8s.namespace.name"] == NAMESPACE
        assert resource["service.instance.id"] == f"{NAMESPACE}.{resource['k8s.pod.name']}"
        role = "master" if resource["k8s.job.name"] == master_job else "worker"
        assert resource["locust.role"] == role
        assert resource["k8s.pod.name"].startswith(resource["k8s.job.name"])


def test_every_dashboard_query_runs_and_returns_series(watched: Watched) -> None:
    """Each panel's PromQL, variables substituted, is valid and finds data; so do the variables."""
    prometheus = watched.prometheus
    for query in dashboard_queries():
        expr = substituted(query.expr, watched)
        if query.instant:
            result = prometheus.query(expr, at=watched.at)
        else:
            series = prometheus.query_range(expr, watched.on.started, watched.at)
            result = [point for found in series for point in found["values"] if point[1] not in ("NaN",)]
        assert result, f"{query.panel}: no series for {expr}"
    assert watched.on.name in prometheus.label_values("locust_test_name", "locust_client_duration_seconds_count")
    runs = prometheus.label_values(
        "locust_test_run", f'locust_client_duration_seconds_count{{locust_test_name=~"{watched.on.name}"}}'
    )
    assert runs == [watched.on.run_hash]


def _instant(watched: Watched, panel: str) -> float:
    (query,) = [query for query in dashboard_queries() if query.panel == panel and query.instant]
    (sample,) = watched.prometheus.query(substituted(query.expr, watched), at=watched.at)
    return float(sample["value"][1])


def test_the_dashboard_totals_equal_locusts(watched: Watched) -> None:
    """Requests and failures on the dashboard equal Locust's statistics (within one export interval)."""
    totals = watched.on.totals
    duration = watched.on.ended - watched.on.started
    slack = math.ceil(totals.total_requests / duration * EXPORT_INTERVAL.total_seconds())
    requests, failures = _instant(watched, "Requests"), _instant(watched, "Failures")
    assert totals.total_failures > 0
    assert abs(requests - totals.total_requests) <= slack, (requests, totals, slack)
    assert abs(failures - totals.total_failures) <= slack, (failures, totals, slack)
    selector = f'locust_client_duration_seconds_count{{locust_test_run="{watched.on.run_hash}"}}'
    by_name = watched.prometheus.query(f"sum by (name) (max_over_time({selector}[1h]))", at=watched.at)
    seen = {sample["metric"]["name"]: float(sample["value"][1]) for sample in by_name}
    assert seen.keys() == totals.requests.keys()
    for name, count in totals.requests.items():
        assert abs(seen[name] - count) <= slack, (name, seen, totals)


def test_the_users_panel_shows_the_users_started(watched: Watched) -> None:
    """``sum(locust_users_count)`` over the run peaks at the users Locust started; workers reporting at two."""
    prometheus = watched.prometheus
    (users,) = [q for q in dashboard_queries() if q.panel == "Users (all workers)"]
    series = prometheus.query_range(substituted(users.expr, watched), watched.on.started, watched.at)
    assert max(float(value) for found in series for _, value in found["values"]) == USERS
    (workers,) = [q for q in dashboard_queries() if q.panel == "Workers reporting" and not q.instant]
    series = prometheus.query_range(substituted(workers.expr, watched), watched.on.started, watched.at)
    assert max(float(value) for found in series for _, value in found["values"]) == 2


def test_without_identity_the_workers_series_collide(watched: Watched) -> None:
    """Identity off (an SDK before 1.43, the exporter's defaults): the two workers write one series.

    Every process is ``job="locust", instance=""``; the series of each request name is one
    where there should be two, and what Prometheus holds is the last export of whichever worker
    wrote last, short of Locust's total.
    """
    off = watched.off
    assert {resource.get("service.instance.id") for resource in resource_of(off)} == {None}
    prometheus = watched.prometheus
    for name, count in off.totals.requests.items():
        selector = f'locust_client_duration_seconds_count{{instance="", name="{name}", error_type=""}}'
        series = prometheus.query(selector, at=watched.at)
        if off.totals.failures[name] == count:  # every request of this name failed: its series has error_type
            series = prometheus.query(selector.replace('error_type=""', 'error_type!=""'), at=watched.at)
        assert len(series) == 1, series
        assert float(series[0]["value"][1]) < count, (name, series, off.totals)


def test_the_dashboard_validates_with_the_sdks_model() -> None:
    """Grafana's foundation SDK decodes the JSON into its dashboard model and encodes it back unchanged."""
    from grafana_foundation_sdk.cog.encoder import JSONEncoder
    from grafana_foundation_sdk.cog.plugins import register_default_plugins
    from grafana_foundation_sdk.models.dashboard import Dashboard

    register_default_plugins()
    data = locust_dashboard()
    model = Dashboard.from_json(data)
    import json

    assert json.loads(JSONEncoder(sort_keys=False).encode(model)) == data
    assert re.fullmatch(r"[a-z-]+", model.uid or "")
