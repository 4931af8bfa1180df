"""constructs-locust thresholds: judge a Locust run on its master, from Locust's own statistics.

This file is a Locust plugin, not a module of the library: ``Thresholds`` ships it in a
ConfigMap, the master mounts it and loads it next to the user's locustfile
(``-f locustfile.py,/opt/constructs-locust/thresholds/constructs_locust_thresholds.py``). It
defines no User class and imports nothing but the standard library and Locust.

At the end of the run (Locust's ``quitting`` event) the master reads the limits from the
``CONSTRUCTS_LOCUST_THRESHOLDS`` environment variable (JSON, written by the library), measures
each one from ``environment.stats`` (the numbers Locust prints, writes to ``--csv`` and
``--json``), prints a short table and one JSON line, the verdict, and on a breach sets
``environment.process_exit_code`` to 1 (unless something already set a non-zero code), so the
master exits non-zero and its Job fails. A passing verdict never lowers the exit code: Locust's
own rule (``--exit-code-on-error``, 1 by default when any request failed) still applies.
Workers load it harmlessly: it does nothing there.
"""

import json
import math
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Locust is imported by Locust: importing it here would monkey-patch (gevent) any process
    from locust.env import Environment
    from locust.stats import RequestStats, StatsEntry

ENV_VAR = "CONSTRUCTS_LOCUST_THRESHOLDS"
"""The environment variable holding the limits (JSON, ``{"version": 1, "thresholds": [...]}``)."""
KIND = "constructs-locust/verdict"
VERSION = 1
CONFIG_VERSION = 1

_PERCENTILES = {
    "p50_response_time": 0.5,
    "p90_response_time": 0.9,
    "p95_response_time": 0.95,
    "p99_response_time": 0.99,
}

METRICS: dict[str, tuple[str, str]] = {
    "failure_ratio": ("<=", "ratio"),
    "max_failures": ("<=", "requests"),
    "avg_response_time": ("<=", "ms"),
    **{metric: ("<=", "ms") for metric in _PERCENTILES},
    "max_response_time": ("<=", "ms"),
    "min_rps": (">=", "requests/s"),
}
"""Each limit: how the measured value must compare to it, and the unit of both."""


def measure(entry: "StatsEntry | None", metric: str) -> float | int | None:
    """The value of ``metric`` in ``entry``, as Locust computes it; ``None``: nothing to measure.

    Response times need at least one request; a request name that was never requested has
    no entry at all.
    """
    if entry is None:
        return None
    if metric == "failure_ratio":
        return entry.fail_ratio
    if metric == "max_failures":
        return entry.num_failures
    if metric == "min_rps":
        return float(entry.total_rps)
    if entry.num_requests - entry.num_none_requests <= 0:
        return None
    if metric == "avg_response_time":
        return entry.avg_response_time
    if metric == "max_response_time":
        return entry.max_response_time
    return entry.get_response_time_percentile(_PERCENTILES[metric])


def entry_for(stats: "RequestStats", name: str | None, method: str | None) -> "StatsEntry | None":
    """The stats entry a threshold is about: the whole run, ``(name, method)``, or ``name`` over every method."""
    if name is None:
        return stats.total
    if method is not None:
        return stats.entries.get((name, method))
    matching = [entry for (entry_name, _), entry in stats.entries.items() if entry_name == name]
    if not matching:
        return None
    if len(matching) == 1:
        return matching[0]
    from locust.stats import StatsEntry  # loaded: Locust is running this file

    merged = StatsEntry(stats, name, "", use_response_times_cache=False)
    for entry in matching:
        merged.extend(entry)
    return merged


def passes(metric: str, limit: float, measured: float | None) -> bool:
    """Whether ``measured`` keeps within ``limit``; nothing measured never passes."""
    if measured is None or (isinstance(measured, float) and math.isnan(measured)):
        return False
    return measured >= limit if METRICS[metric][0] == ">=" else measured <= limit


def judge(stats: "RequestStats", config: Mapping[str, Any]) -> dict[str, Any]:
    """The verdict for ``stats`` against the limits of ``config`` (the environment variable's JSON)."""
    results = []
    for threshold in config["thresholds"]:
        metric, limit = threshold["metric"], threshold["limit"]
        name, method = threshold.get("name"), threshold.get("method")
        measured = measure(entry_for(stats, name, method), metric)
        comparison, unit = METRICS[metric]
        results.append(
            {
                "metric": metric,
                "name": name,
                "method": method,
                "comparison": comparison,
                "limit": limit,
                "unit": unit,
                "measured": measured,
                "result": "pass" if passes(metric, limit, measured) else "fail",
            }
        )
    total = stats.total
    duration = (stats.last_request_timestamp or 0.0) - (stats.start_time or 0.0)
    return {
        "kind": KIND,
        "version": VERSION,
        "result": "fail" if any(item["result"] == "fail" for item in results) else "pass",
        "test": config.get("test"),
        "totals": {
            "requests": total.num_requests,
            "failures": total.num_failures,
            "failure_ratio": total.fail_ratio,
            "rps": float(total.total_rps),
            "avg_response_time": measure(total, "avg_response_time"),
            "max_response_time": measure(total, "max_response_time"),
            "duration": max(duration, 0.0) if stats.start_time else 0.0,
        },
        "thresholds": results,
    }


def load_config(text: str | None) -> dict[str, Any]:
    """The limits from the environment variable's text; ``ValueError`` if absent or not this version."""
    if not text:
        raise ValueError(f"{ENV_VAR} is not set")
    config = json.loads(text)
    if not isinstance(config, dict) or config.get("version") != CONFIG_VERSION:
        raise ValueError(f"{ENV_VAR} is not a version {CONFIG_VERSION} thresholds object")
    for threshold in config.get("thresholds", ()):
        if threshold.get("metric") not in METRICS or not isinstance(threshold.get("limit"), int | float):
            raise ValueError(f"{ENV_VAR}: unknown threshold {threshold!r}")
    return config


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "none"
    if unit == "ratio":
        return f"{value:.4f}"
    text = str(int(value)) if float(value).is_integer() else f"{value:.2f}"
    return text if unit == "requests" else f"{text} {unit}"


def table(verdict: Mapping[str, Any]) -> str:
    """The verdict as a short table for people reading the log."""
    rows = [("threshold", "request", "limit", "measured", "result")]
    for item in verdict["thresholds"]:
        request = "(whole run)" if item["name"] is None else " ".join(filter(None, (item["method"], item["name"])))
        rows.append(
            (
                item["metric"],
                request,
                f"{item['comparison']} {_shown(item['limit'], item['unit'])}",
                _shown(item["measured"], item["unit"]),
                item["result"].upper(),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    lines = [f"Thresholds: {verdict['result'].upper()}"]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def verdict_line(verdict: Mapping[str, Any]) -> str:
    """The verdict as the one JSON line the log carries (``kind`` and ``version`` first)."""
    return json.dumps(verdict, separators=(", ", ": "), allow_nan=False)


def on_quitting(environment: "Environment", write: Callable[[str], object] | None = None, **_: Any) -> None:
    """Judge the run, print the table and the verdict line, and fail the process on a breach.

    ``write`` takes the text (default: standard output, flushed).
    """
    from locust.runners import WorkerRunner  # loaded: Locust is running this file

    if isinstance(environment.runner, WorkerRunner):
        return
    try:
        config = load_config(os.environ.get(ENV_VAR))
    except ValueError as error:
        # Standard error, as Locust's own log lines go (the library itself never uses logging).
        sys.stderr.write(f"constructs-locust thresholds: {error}; the run is not judged\n")
        sys.stderr.flush()
        if not environment.process_exit_code:
            environment.process_exit_code = 1
        return
    verdict = judge(environment.stats, config)
    (write or sys.stdout.write)(table(verdict) + "\n" + verdict_line(verdict) + "\n")
    sys.stdout.flush()
    if verdict["result"] == "fail" and not environment.process_exit_code:
        environment.process_exit_code = 1


def register() -> bool:
    """Listen to Locust's ``quitting`` event, if Locust is what loaded this file; whether it did.

    Read as a module elsewhere (the library ships this file as text, its tests import it), it
    imports no Locust: Locust's import monkey-patches the whole process with gevent.
    """
    if "locust" not in sys.modules:
        return False
    from locust import events

    events.quitting.add_listener(on_quitting)  # type: ignore[no-untyped-call]
    return True


register()
