"""The thresholds plugin against real Locust statistics: its values are Locust's own, its verdict as documented.

Run by ``tests/test_thresholds_plugin.py`` in a process of its own (``pytest --noconftest``):
importing Locust monkey-patches with gevent, which deadlocks in a process where jsii's threads
already run (the suite's conftest starts them).
"""

import ast
import io
import json
import sys
from typing import Any

import pytest
from locust.env import Environment
from locust.runners import WorkerRunner
from locust.stats import RequestStats

from constructs_locust.cli._verdict_log import scan
from constructs_locust.manifests import _thresholds_plugin as plugin  # after Locust: it registers its listener
from constructs_locust.manifests._thresholds import LIMITS, PLUGIN_KEY, plugin_source


def logged(stats: RequestStats, method: str, name: str, times: list[float], failures: int = 0) -> None:
    """Record requests as a Locust user does: each request timed, ``failures`` of them failed."""
    for index, time in enumerate(times):
        stats.log_request(method, name, time, 10)
        if index < failures:
            stats.log_error(method, name, "boom")


def sample_stats() -> RequestStats:
    stats = RequestStats()
    stats.total.start_time = 1000.0
    logged(stats, "GET", "/a", [float(t) for t in range(1, 101)], failures=3)
    logged(stats, "POST", "/a", [250.0, 300.0])
    logged(stats, "GET", "/b", [5.5, 7.25, 1200.0], failures=1)
    stats.total.last_request_timestamp = 1010.0
    return stats


def config(*thresholds: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "test": "shop", "thresholds": list(thresholds)}


def test_the_limits_are_the_options_limits() -> None:
    assert list(plugin.METRICS) == list(LIMITS)
    assert plugin.ENV_VAR == "CONSTRUCTS_LOCUST_THRESHOLDS"


def test_the_config_map_ships_this_very_module() -> None:
    with open(plugin.__file__, encoding="utf-8") as module:
        assert plugin_source() == module.read()
    assert PLUGIN_KEY.endswith(".py")
    tree = ast.parse(plugin_source())
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]  # no User class to spawn
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported - {"json", "math", "os", "sys", "collections", "typing"} == {"locust"}


def test_whole_run_values_are_locusts_own() -> None:
    stats = sample_stats()
    total = stats.total
    measured = {metric: plugin.measure(total, metric) for metric in LIMITS}
    assert measured == {
        "failure_ratio": total.fail_ratio,
        "max_failures": 4,
        "avg_response_time": total.avg_response_time,
        "p50_response_time": total.get_response_time_percentile(0.5),
        "p90_response_time": total.get_response_time_percentile(0.9),
        "p95_response_time": total.get_response_time_percentile(0.95),
        "p99_response_time": total.get_response_time_percentile(0.99),
        "max_response_time": 1200.0,
        "min_rps": total.total_rps,
    }
    assert measured["min_rps"] == 105 / 10


def test_a_name_and_method_is_locusts_entry() -> None:
    stats = sample_stats()
    entry = plugin.entry_for(stats, "/a", "GET")
    assert entry is stats.entries[("/a", "GET")]
    assert plugin.measure(entry, "max_failures") == 3


def test_a_name_without_method_merges_every_method_of_it() -> None:
    stats = sample_stats()
    merged = plugin.entry_for(stats, "/a", None)
    assert merged is not None
    assert merged.num_requests == 102
    assert plugin.measure(merged, "max_response_time") == 300.0
    assert plugin.measure(merged, "min_rps") == 102 / 10
    assert plugin.entry_for(stats, "/b", None) is stats.entries[("/b", "GET")]


def test_a_name_never_requested_measures_nothing_and_fails() -> None:
    stats = sample_stats()
    verdict = plugin.judge(stats, config({"metric": "max_failures", "limit": 0, "name": "/c", "method": None}))
    assert verdict["thresholds"][0]["measured"] is None
    assert verdict["result"] == "fail"


def test_no_requests_pass_no_response_time_limit() -> None:
    stats = RequestStats()
    verdict = plugin.judge(
        stats,
        config({"metric": "p95_response_time", "limit": 1000}, {"metric": "max_failures", "limit": 0}),
    )
    assert [item["measured"] for item in verdict["thresholds"]] == [None, 0]
    assert [item["result"] for item in verdict["thresholds"]] == ["fail", "pass"]


@pytest.mark.parametrize(
    ("metric", "limit", "result"),
    [
        ("max_failures", 4, "pass"),
        ("max_failures", 3, "fail"),
        ("max_response_time", 1200, "pass"),
        ("max_response_time", 1199.9, "fail"),
        ("min_rps", 10.5, "pass"),
        ("min_rps", 10.6, "fail"),
    ],
)
def test_a_limit_equal_to_the_measured_value_passes(metric: str, limit: float, result: str) -> None:
    verdict = plugin.judge(sample_stats(), config({"metric": metric, "limit": limit}))
    assert verdict["thresholds"][0]["result"] == result
    assert verdict["result"] == result


def test_the_verdict_has_the_documented_shape() -> None:
    verdict = plugin.judge(
        sample_stats(),
        config(
            {"metric": "p95_response_time", "limit": 500},
            {"metric": "failure_ratio", "limit": 0.01, "name": "/b", "method": "GET"},
        ),
    )
    line = plugin.verdict_line(verdict)
    assert line.startswith('{"kind": "constructs-locust/verdict", "version": 1, "result": "fail", ')
    assert "\n" not in line
    assert json.loads(line) == verdict
    assert verdict["totals"] == {
        "requests": 105,
        "failures": 4,
        "failure_ratio": 4 / 105,
        "rps": 10.5,
        "avg_response_time": sample_stats().total.avg_response_time,
        "max_response_time": 1200.0,
        "duration": 10.0,
    }
    assert verdict["thresholds"][1] == {
        "metric": "failure_ratio",
        "name": "/b",
        "method": "GET",
        "comparison": "<=",
        "limit": 0.01,
        "unit": "ratio",
        "measured": 1 / 3,
        "result": "fail",
    }
    found = scan(io.BytesIO((plugin.table(verdict) + "\n" + line + "\n").encode()))
    assert found.verdict == verdict


def environment(monkeypatch: pytest.MonkeyPatch, value: str | None) -> Environment:
    if value is None:
        monkeypatch.delenv(plugin.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(plugin.ENV_VAR, value)
    env = Environment()
    env.create_local_runner()
    env.stats.total.start_time = 1000.0
    logged(env.stats, "GET", "/a", [10.0, 20.0, 900.0])
    env.stats.total.last_request_timestamp = 1002.0
    return env


def quit_with(env: Environment) -> list[str]:
    written: list[str] = []
    plugin.on_quitting(env, write=written.append)
    return written


def test_a_breach_sets_the_exit_code_and_prints_table_then_line(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment(monkeypatch, json.dumps(config({"metric": "p95_response_time", "limit": 100})))
    (text,) = quit_with(env)
    assert env.process_exit_code == 1
    table, line, end = text.split("\n")[-3:]
    assert end == ""
    assert table.split() == ["p95_response_time", "(whole", "run)", "<=", "100", "ms", "900", "ms", "FAIL"]
    assert json.loads(line)["result"] == "fail"


def test_a_pass_leaves_the_exit_code_to_locust(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment(monkeypatch, json.dumps(config({"metric": "p95_response_time", "limit": 1000})))
    quit_with(env)
    assert env.process_exit_code is None


def test_a_breach_keeps_a_code_already_set(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment(monkeypatch, json.dumps(config({"metric": "max_failures", "limit": -1})))
    env.process_exit_code = 3
    quit_with(env)
    assert env.process_exit_code == 3


@pytest.mark.parametrize(
    "value",
    [None, "", "{", '{"version": 2, "thresholds": []}', '{"version": 1, "thresholds": [{"metric": "x", "limit": 1}]}'],
)
def test_missing_or_bad_limits_fail_the_run_with_no_verdict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str | None
) -> None:
    env = environment(monkeypatch, value)
    assert quit_with(env) == []
    assert env.process_exit_code == 1
    err = capsys.readouterr().err
    assert err.startswith("constructs-locust thresholds: ") and err.endswith("; the run is not judged\n")


def test_a_worker_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment(monkeypatch, json.dumps(config({"metric": "max_failures", "limit": -1})))
    env.runner = WorkerRunner.__new__(WorkerRunner)
    assert quit_with(env) == []
    assert env.process_exit_code is None


def test_it_writes_to_standard_output_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = environment(monkeypatch, json.dumps(config({"metric": "max_failures", "limit": 0})))
    plugin.on_quitting(env)
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith('{"kind": "constructs-locust/verdict"')
    assert sys.stdout is not None


def test_the_reference_page_documents_every_key_the_plugin_writes() -> None:
    """``docs/reference/verdict.md``: its example has the plugin's keys, in its order, and each key has a row."""
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "reference" / "verdict.md").read_text()
    example = json.loads(page.split("<!-- verdict-example -->\n```json\n", 1)[1].split("```", 1)[0])
    verdict = plugin.judge(
        sample_stats(),
        config({"metric": "p95_response_time", "limit": 200}, {"metric": "max_failures", "limit": 0, "name": "/a"}),
    )
    assert list(example) == list(verdict)
    assert list(example["totals"]) == list(verdict["totals"])
    assert [list(item) for item in example["thresholds"]] == [list(item) for item in verdict["thresholds"]]
    for key in [*verdict, *verdict["totals"], *verdict["thresholds"][0]]:
        assert f"| `{key}` |" in page, key
    for metric, (comparison, unit) in plugin.METRICS.items():
        assert f"`{metric}`" in page and f"`{comparison}`" in page and f"`{unit}`" in page


def test_imported_by_locust_it_listens_to_quitting() -> None:
    from locust import events

    assert plugin.on_quitting in [handler for handler in events.quitting._handlers]
