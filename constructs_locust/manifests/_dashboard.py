"""A Grafana dashboard for Locust's OpenTelemetry metrics, as code (Grafana's foundation SDK).

Built with ``grafana-foundation-sdk`` (Grafana Labs' own builders and models, Apache-2.0, pure
Python, no network), so the JSON is what Grafana's schema describes. Every query is written
against the names the OpenTelemetry-to-Prometheus translation gives Locust's instruments:

========================================  ==========================================================
``locust.client.duration`` (histogram,    ``locust_client_duration_seconds_bucket{le}``, ``_sum``,
unit ``s``, attributes ``name``,          ``_count``; labels ``name`` and ``error_type`` (failures
``error.type``)                           only)
``locust.users.count`` (gauge,            ``locust_users_count`` (a ``{...}`` unit is an annotation
unit ``{user}``, ``user_class``)          and adds no suffix); label ``user_class``
========================================  ==========================================================

and against the identity :class:`~constructs_locust.OtelOptions` gives every process, made
labels by the exporter's ``resource_to_telemetry_conversion`` (``locust_test_name``,
``locust_test_run``, ``locust_role``, ``instance`` from ``service.instance.id``). Pure data:
:func:`locust_dashboard` is the JSON mapping (:func:`locust_dashboard_json` its file),
:func:`dashboard_config_map` the ConfigMap the Grafana sidecar loads; the ``LocustDashboard``
construct adds the latter to a chart.
"""

import json
import re
import warnings
from collections.abc import Mapping
from typing import Any, NamedTuple

with warnings.catch_warnings():
    # The SDK marks its classic (v1) dashboard model deprecated in favour of the v2 schema, which
    # only Grafana 12's new dashboard API reads; the sidecar, file provisioning, the import page
    # and Grafana 10 to 12 all load the classic JSON model built here.
    warnings.simplefilter("ignore", DeprecationWarning)
    from grafana_foundation_sdk.builders import dashboard as gd
    from grafana_foundation_sdk.builders import prometheus, stat, timeseries
    from grafana_foundation_sdk.cog.encoder import JSONEncoder
    from grafana_foundation_sdk.models import dashboard as dm
    from grafana_foundation_sdk.models.common import DataSourceRef

from .. import kube
from .._core.errors import SpecError
from .._core.field_errors import invalid
from .._core.names import check_namespace

__all__ = [
    "CLIENT_DURATION",
    "DASHBOARD_FILE",
    "DEFAULT_DASHBOARD_LABELS",
    "DEFAULT_DASHBOARD_UID",
    "USERS_COUNT",
    "PanelQuery",
    "dashboard_config_map",
    "dashboard_queries",
    "locust_dashboard",
    "locust_dashboard_json",
]

CLIENT_DURATION = "locust_client_duration_seconds"
"""``locust.client.duration`` (unit ``s``, a histogram) in Prometheus: ``_bucket``, ``_sum``, ``_count``."""
USERS_COUNT = "locust_users_count"
"""``locust.users.count`` (unit ``{user}``, a gauge) in Prometheus: no unit suffix."""
DEFAULT_DASHBOARD_UID = "constructs-locust"
DEFAULT_DASHBOARD_TITLE = "Locust load tests"
DEFAULT_DASHBOARD_LABELS: Mapping[str, str] = {"grafana_dashboard": "1"}
"""The label the Grafana Helm chart's dashboard sidecar looks for (``sidecar.dashboards.label``)."""
DASHBOARD_FILE = "locust-dashboard.json"
"""The ConfigMap key, and the file name the sidecar writes."""

_SELECTOR = 'locust_test_name=~"$test", locust_test_run=~"$run"'
_FAILED = f'{_SELECTOR}, error_type!=""'
_USERS = f"sum({USERS_COUNT}{{{_SELECTOR}}})"
"""Users of every process of the run (the master reports 0): the stat and the time series show it."""
_WORKERS = f'count(count by (instance) ({CLIENT_DURATION}_count{{{_SELECTOR}, locust_role="worker"}}))'
"""Workers whose request series exist in the run: the stat and the time series show it."""
_DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
_UID = re.compile(r"[a-zA-Z0-9_-]{1,40}")


class PanelQuery(NamedTuple):
    """One query of the dashboard: its panel, its PromQL, and whether Grafana runs it as an instant query."""

    panel: str
    expr: str
    instant: bool


def _requests(selector: str) -> str:
    return f"sum by (name) (rate({CLIENT_DURATION}_count{{{selector}}}[$__rate_interval]))"


def _quantile(q: str) -> str:
    return (
        f"histogram_quantile({q}, sum by (le, name) (rate({CLIENT_DURATION}_bucket{{{_SELECTOR}}}[$__rate_interval])))"
    )


def _panels() -> list[tuple[str, str, str, list[tuple[str, str]], bool]]:
    """(kind, title, unit, [(expr, legend)], instant) for every panel, in layout order."""
    return [
        (
            "stat",
            "Requests",
            "short",
            [(f"sum(max_over_time({CLIENT_DURATION}_count{{{_SELECTOR}}}[$__range]))", "")],
            True,
        ),
        (
            "stat",
            "Failures",
            "short",
            [(f"sum(max_over_time({CLIENT_DURATION}_count{{{_FAILED}}}[$__range]))", "")],
            True,
        ),
        ("stat", "Users", "short", [(_USERS, "")], True),
        (
            "stat",
            "Workers reporting",
            "short",
            [(_WORKERS, "")],
            True,
        ),
        ("timeseries", "Requests/s by name", "reqps", [(_requests(_SELECTOR), "{{name}}")], False),
        ("timeseries", "Failures/s by name", "reqps", [(_requests(_FAILED), "{{name}}")], False),
        (
            "timeseries",
            "Failures/s by error type",
            "reqps",
            [(f"sum by (error_type) (rate({CLIENT_DURATION}_count{{{_FAILED}}}[$__rate_interval]))", "{{error_type}}")],
            False,
        ),
        (
            "timeseries",
            "Response time p50 / p95 / p99 by name",
            "s",
            [(_quantile(q), f"p{q[2:].ljust(2, '0')} {{{{name}}}}") for q in ("0.5", "0.95", "0.99")],
            False,
        ),
        ("timeseries", "Users (all workers)", "short", [(_USERS, "users")], False),
        (
            "timeseries",
            "Workers reporting",
            "short",
            [(_WORKERS, "workers")],
            False,
        ),
    ]


def dashboard_queries() -> list[PanelQuery]:
    """Every panel query, Grafana's variables still in (``$test``, ``$run``, ``$__rate_interval``, ``$__range``)."""
    return [PanelQuery(title, expr, instant) for _, title, _, targets, instant in _panels() for expr, _ in targets]


def _variables() -> list[Any]:
    datasource = gd.DatasourceVariable("datasource").label("Data source").type("prometheus")
    test = (
        gd.QueryVariable("test")
        .label("Test")
        .datasource(_DATASOURCE)
        .query(f"label_values({CLIENT_DURATION}_count, locust_test_name)")
        .refresh(dm.VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(dm.VariableSort.ALPHABETICAL_ASC)
        .include_all(True)
        .all_value(".*")
    )
    run = (
        gd.QueryVariable("run")
        .label("Run")
        .datasource(_DATASOURCE)
        .query(f'label_values({CLIENT_DURATION}_count{{locust_test_name=~"$test"}}, locust_test_run)')
        .refresh(dm.VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(dm.VariableSort.ALPHABETICAL_DESC)
        .include_all(True)
        .all_value(".*")
    )
    return [datasource, test, run]


def _panel(kind: str, title: str, unit: str, targets: list[tuple[str, str]], instant: bool) -> Any:
    builder: Any = stat.Panel() if kind == "stat" else timeseries.Panel()
    builder = builder.title(title).unit(unit).datasource(_DATASOURCE).height(4 if kind == "stat" else 8)
    builder = builder.span(6 if kind == "stat" else 12)
    for number, (expr, legend) in enumerate(targets):
        query = prometheus.Dataquery().expr(expr).ref_id(chr(ord("A") + number))
        query = query.instant() if instant else query.range()
        if legend:
            query = query.legend_format(legend)
        builder = builder.with_target(query)
    return builder


def _check_uid(uid: object) -> str:
    if not isinstance(uid, str) or not _UID.fullmatch(uid):
        raise invalid("uid", uid, "a Grafana dashboard uid is 1 to 40 letters, digits, '-' or '_'")
    return uid


def _check_title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        raise invalid("title", title, "must be a non-empty string")
    return title


def locust_dashboard(*, title: str = DEFAULT_DASHBOARD_TITLE, uid: str = DEFAULT_DASHBOARD_UID) -> dict[str, Any]:
    """The dashboard as Grafana's JSON model (a plain mapping, keys in the SDK's order)."""
    builder = (
        gd.Dashboard(_check_title(title))
        .uid(_check_uid(uid))
        .tags(["locust", "load-test", "opentelemetry"])
        .time("now-1h", "now")
        .refresh("30s")
        .editable()
    )
    for variable in _variables():
        builder = builder.with_variable(variable)
    next_id = 1  # every panel and row its own id (Grafana's links, e.g. viewPanel=<id>, use them)
    for index, (kind, name, unit, targets, instant) in enumerate(_panels()):
        if index in (0, 4):
            builder = builder.with_row(gd.Row("Run totals" if index == 0 else "Over time").id(next_id))
            next_id += 1
        builder = builder.with_panel(_panel(kind, name, unit, targets, instant).id(next_id))
        next_id += 1
    encoded = JSONEncoder(sort_keys=False).encode(builder.build())
    result: dict[str, Any] = json.loads(encoded)
    return result


def locust_dashboard_json(*, title: str = DEFAULT_DASHBOARD_TITLE, uid: str = DEFAULT_DASHBOARD_UID) -> str:
    """The dashboard as a JSON file's text (two-space indent, sorted keys, a final newline): import it in Grafana."""
    return json.dumps(locust_dashboard(title=title, uid=uid), indent=2, sort_keys=True) + "\n"


def _check_labels(labels: object) -> dict[str, str]:
    if not isinstance(labels, Mapping):
        raise invalid("labels", labels, "must be a mapping of label names to values")
    kube.check_labels("labels", labels)
    return dict(labels)


def dashboard_config_map(
    name: str,
    namespace: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    title: str = DEFAULT_DASHBOARD_TITLE,
    uid: str = DEFAULT_DASHBOARD_UID,
) -> dict[str, Any]:
    """The ConfigMap the Grafana sidecar loads: ``locust-dashboard.json``, labelled ``grafana_dashboard: "1"``.

    ``labels`` replaces the default label (give the sidecar's ``sidecar.dashboards.label`` and
    ``labelValue`` if yours differ). Raises ``SpecError`` naming the argument: a ``name``
    that is no DNS-1123 subdomain, a bad ``namespace`` or label, an empty ``title``, a ``uid``
    Grafana would refuse.
    """
    if (
        not isinstance(name, str)
        or not name
        or len(name) > 253
        or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", name)
    ):
        raise invalid("name", name, "a ConfigMap name must be a DNS-1123 subdomain")
    if namespace is not None:
        try:
            check_namespace(namespace)
        except SpecError as error:
            raise error.at("namespace") from None
    chosen = _check_labels(DEFAULT_DASHBOARD_LABELS if labels is None else labels)
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    metadata["labels"] = chosen
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata,
        "data": {DASHBOARD_FILE: locust_dashboard_json(title=title, uid=uid)},
    }
