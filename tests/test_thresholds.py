"""Thresholds (``thresholds=Thresholds(...)``): typed limits, lowered into CR fields, a fourth object."""

import json
from datetime import timedelta
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    RequestThresholds,
    SpecError,
    Thresholds,
    render_manifests,
)
from constructs_locust.manifests._thresholds import ENV_VAR, LIMITS, PLUGIN_KEY, plugin_source
from tests.support import minimal_cr_spec, synth_test
from tests.test_schema import KUBERNETES_VERSIONS

SPEC = LocustTestSpec.from_cr(minimal_cr_spec())
PLUGIN = "/opt/constructs-locust/thresholds/constructs_locust_thresholds.py"
MS = timedelta(milliseconds=1)

ONE_OF_EACH: dict[str, Any] = {
    "failure_ratio": 0.01,
    "max_failures": 3,
    "avg_response_time": 200 * MS,
    "p50_response_time": 150 * MS,
    "p90_response_time": timedelta(microseconds=300500),
    "p95_response_time": 500 * MS,
    "p99_response_time": timedelta(seconds=1),
    "max_response_time": timedelta(seconds=5),
    "min_rps": 12.5,
}
"""Every limit, set once: ``Thresholds(**{name: value})`` is one targeted case each."""


def master(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"].endswith("-master")]
    container: dict[str, Any] = job["spec"]["template"]["spec"]["containers"][0]
    return container


def env_config(container: dict[str, Any]) -> dict[str, Any]:
    (value,) = [entry["value"] for entry in container["env"] if entry["name"] == ENV_VAR]
    config: dict[str, Any] = json.loads(value)
    return config


def test_every_limit_has_a_case() -> None:
    assert list(ONE_OF_EACH) == list(LIMITS)


@pytest.mark.parametrize("limit", LIMITS)
def test_each_limit_reaches_the_master_as_json_in_milliseconds(limit: str, snapshot: SnapshotAssertion) -> None:
    thresholds = Thresholds(**{limit: ONE_OF_EACH[limit]})
    lowered = thresholds.apply(SPEC, "shop")
    manifests = render_manifests(lowered, "shop", "load")
    container = manifests.master_job["spec"]["template"]["spec"]["containers"][0]
    config = env_config(container)
    value = ONE_OF_EACH[limit]
    expected = value / MS if isinstance(value, timedelta) else value
    assert config == {"version": 1, "test": "shop", "thresholds": [{"metric": limit, "limit": expected}]}
    assert {"container_args": container["args"][:2], "thresholds": config} == snapshot


def test_request_thresholds_follow_the_whole_run_in_order(snapshot: SnapshotAssertion) -> None:
    thresholds = Thresholds(
        failure_ratio=0,
        requests=[
            RequestThresholds(name="/checkout", method="POST", p95_response_time=800 * MS, max_failures=0),
            RequestThresholds(name="/item/[id]", min_rps=1),
        ],
    )
    config = thresholds.config("shop")
    assert config["thresholds"] == [
        {"metric": "failure_ratio", "limit": 0},
        {"metric": "max_failures", "limit": 0, "name": "/checkout", "method": "POST"},
        {"metric": "p95_response_time", "limit": 800, "name": "/checkout", "method": "POST"},
        {"metric": "min_rps", "limit": 1, "name": "/item/[id]", "method": None},
    ]
    assert config == snapshot


@pytest.mark.parametrize(
    ("command", "extra_args", "expected_command", "expected_extra"),
    [
        ("--locustfile /lotest/src/a.py", None, f"--locustfile /lotest/src/a.py,{PLUGIN}", None),
        ("locust  -f   /lotest/src/a.py --host x", None, f"locust -f /lotest/src/a.py,{PLUGIN} --host x", None),
        ("--locustfile=/lotest/src/a.py", None, f"--locustfile=/lotest/src/a.py,{PLUGIN}", None),
        ("-f/lotest/src/a.py", None, f"-f/lotest/src/a.py,{PLUGIN}", None),
        ("-f a.py,b.py", None, f"-f a.py,b.py,{PLUGIN}", None),
        # Locust reads the last locustfile option: extraArgs come after the command.
        ("-f a.py", ("--locustfile", "b.py"), "-f a.py", ("--locustfile", f"b.py,{PLUGIN}")),
        ("-f a.py -f c.py", None, f"-f a.py -f c.py,{PLUGIN}", None),
    ],
)
def test_the_plugin_joins_the_locustfile_option_locust_reads(
    command: str, extra_args: tuple[str, ...] | None, expected_command: str, expected_extra: tuple[str, ...] | None
) -> None:
    spec = LocustTestSpec.from_cr(
        minimal_cr_spec(master={"command": command, **({"extraArgs": list(extra_args)} if extra_args else {})})
    )
    lowered = Thresholds(min_rps=1).apply(spec, "shop")
    assert lowered.master.command == expected_command
    assert lowered.master.extra_args == expected_extra
    assert lowered.worker == spec.worker


def test_the_spec_gains_a_master_mount_a_volume_and_a_variable_only() -> None:
    lowered = Thresholds(min_rps=1).apply(SPEC, "shop")
    assert lowered.to_cr() == {
        **SPEC.to_cr(),
        "master": {"command": f"--locustfile /lotest/src/locustfile.py,{PLUGIN}"},
        "env": {
            "variables": [
                {
                    "name": ENV_VAR,
                    "value": '{"version":1,"test":"shop","thresholds":[{"metric":"min_rps","limit":1}]}',
                }
            ]
        },
        "volumes": [{"name": "constructs-locust-thresholds", "configMap": {"name": "shop-thresholds"}}],
        "volumeMounts": [
            {
                "name": "constructs-locust-thresholds",
                "mountPath": "/opt/constructs-locust/thresholds",
                "target": "master",
            }
        ],
    }


def test_a_custom_mount_path_moves_the_plugin(snapshot: SnapshotAssertion) -> None:
    lowered = Thresholds(min_rps=1, mount_path="/etc/judge/").apply(SPEC, "shop")
    assert lowered.master.command.endswith(",/etc/judge/constructs_locust_thresholds.py")
    assert lowered.volume_mounts is not None
    assert lowered.volume_mounts[-1].mount_path == "/etc/judge/"
    assert master(synth_test(lowered, name="shop")) == snapshot


def test_the_worker_gets_no_mount_and_the_master_gets_it() -> None:
    manifests = synth_test(SPEC, name="shop", thresholds=Thresholds(min_rps=1))
    jobs = {m["metadata"]["name"]: m["spec"]["template"]["spec"] for m in manifests if m["kind"] == "Job"}
    assert {"name": "constructs-locust-thresholds", "configMap": {"name": "shop-thresholds"}} in jobs["shop-master"][
        "volumes"
    ]
    assert all(v["name"] != "constructs-locust-thresholds" for v in jobs["shop-worker"]["volumes"])
    assert all(PLUGIN not in arg for arg in jobs["shop-worker"]["containers"][0]["args"])


def test_the_construct_adds_the_plugin_config_map_last(snapshot: SnapshotAssertion) -> None:
    manifests = synth_test(
        SPEC,
        name="shop",
        thresholds=Thresholds(
            p95_response_time=500 * MS, failure_ratio=0.01, requests=[RequestThresholds(name="/cart", max_failures=0)]
        ),
    )
    assert [(m["kind"], m["metadata"]["name"]) for m in manifests] == [
        ("Service", "shop-master"),
        ("Job", "shop-master"),
        ("Job", "shop-worker"),
        ("ConfigMap", "shop-thresholds"),
    ]
    config_map = manifests[-1]
    assert config_map["metadata"] == {"name": "shop-thresholds", "namespace": "load"}
    assert config_map["data"] == {PLUGIN_KEY: plugin_source()}
    # The plugin's source is the plugin module: its own tests cover it; the snapshot shows the rest.
    assert [*manifests[:-1], {**config_map, "data": {PLUGIN_KEY: "<plugin_source()>"}}] == snapshot


def test_the_construct_exposes_the_lowered_spec_and_the_config_map() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    test = LocustTest(chart, "shop", spec=SPEC, thresholds=Thresholds(min_rps=1))
    assert test.spec == Thresholds(min_rps=1).apply(SPEC, "shop")
    assert test.thresholds_config_map is not None
    assert test.thresholds_config_map.manifest["metadata"]["name"] == "shop-thresholds"
    plain = LocustTest(chart, "plain", spec=SPEC)
    assert plain.thresholds_config_map is None


def test_without_thresholds_the_output_is_unchanged() -> None:
    assert synth_test(SPEC, name="shop", thresholds=None) == synth_test(SPEC, name="shop")


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_passes_strict_validation(version: str) -> None:
    thresholds = Thresholds(**ONE_OF_EACH, requests=[RequestThresholds(name="/a", method="GET", max_failures=0)])
    for manifest in synth_test(SPEC, name="shop", thresholds=thresholds):
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_resource_emits_the_lowered_cr_and_the_config_map(snapshot: SnapshotAssertion) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="load")
    thresholds = Thresholds(p99_response_time=timedelta(seconds=1))
    LocustTestResource(chart, "shop", spec=SPEC, thresholds=thresholds)
    cr, config_map = cdk8s.Testing.synth(chart)
    assert cr["spec"] == thresholds.apply(SPEC, "shop").to_cr()
    assert LocustTestSpec.from_cr(cr["spec"]) == thresholds.apply(SPEC, "shop")
    assert config_map["metadata"] == {"name": "shop-thresholds", "namespace": "load"}
    assert config_map["data"] == {PLUGIN_KEY: plugin_source()}
    assert cr == snapshot


def test_the_operator_would_render_what_the_construct_renders() -> None:
    """The CR the resource emits renders (as the operator does) exactly the construct's Jobs."""
    thresholds = Thresholds(min_rps=2)
    construct = synth_test(SPEC, name="shop", thresholds=thresholds)[:3]
    operator = render_manifests(LocustTestSpec.from_cr(thresholds.apply(SPEC, "shop").to_cr()), "shop", "load")
    assert construct == list(operator)


# ---------------------------------------------------------------------------------------------
# Refused


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"failure_ratio": 1.5}, "Thresholds.failure_ratio: Invalid value: 1.5: must be between 0 and 1"),
        ({"failure_ratio": "1%"}, 'Thresholds.failure_ratio: Invalid value: "1%": must be of type number'),
        ({"failure_ratio": True}, "Thresholds.failure_ratio: Invalid value: true: must be of type number"),
        ({"failure_ratio": float("nan")}, "Thresholds.failure_ratio: Invalid value: nan: must be between 0 and 1"),
        ({"max_failures": -1}, "Thresholds.max_failures: Invalid value: -1: must not be negative"),
        ({"max_failures": 1.0}, "Thresholds.max_failures: Invalid value: 1.0: must be of type integer"),
        ({"avg_response_time": 200}, "Thresholds.avg_response_time: Invalid value: 200: must be a datetime.timedelta"),
        (
            {"p50_response_time": -MS},
            "Thresholds.p50_response_time: Invalid value: -1 day, 23:59:59.999000: must not be negative",
        ),
        ({"p90_response_time": "1s"}, 'Thresholds.p90_response_time: Invalid value: "1s": must be a datetime'),
        ({"p95_response_time": 0.5}, "Thresholds.p95_response_time: Invalid value: 0.5: must be a datetime.timedelta"),
        ({"p99_response_time": None, "min_rps": 0}, "Thresholds.min_rps: Invalid value: 0: must be a positive number"),
        ({"max_response_time": 5}, "Thresholds.max_response_time: Invalid value: 5: must be a datetime.timedelta"),
        ({"min_rps": float("inf")}, "Thresholds.min_rps: Invalid value: inf: must be a positive number"),
        ({"requests": "x"}, 'Thresholds.requests: Invalid value: "x": must be of type array'),
        ({"requests": [{"name": "/a"}]}, "must be a RequestThresholds"),
        ({"min_rps": 1, "mount_path": "relative"}, 'Thresholds.mount_path: Invalid value: "relative": must be an'),
        ({"min_rps": 1, "mount_path": "/a/../b"}, 'Thresholds.mount_path: Invalid value: "/a/../b": must be an'),
        ({"min_rps": 1, "mount_path": "/a,b"}, 'Thresholds.mount_path: Invalid value: "/a,b": must be an'),
        ({"min_rps": 1, "mount_path": "/a b"}, 'Thresholds.mount_path: Invalid value: "/a b": must be an'),
        ({}, "Thresholds: Required value: set at least one limit"),
    ],
)
def test_each_bad_argument_is_refused_naming_it(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        Thresholds(**arguments)
    assert message in str(caught.value)


def test_every_bad_argument_is_reported_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        Thresholds(failure_ratio=2, max_failures="3", min_rps=-1)  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == [
        "Thresholds.failure_ratio",
        "Thresholds.max_failures",
        "Thresholds.min_rps",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "", "min_rps": 1}, "RequestThresholds.name: Required value"),
        ({"name": 3, "min_rps": 1}, "RequestThresholds.name: Invalid value: 3: must be of type string"),
        ({"name": "/a\n/b", "min_rps": 1}, 'RequestThresholds.name: Invalid value: "/a\\n/b": must be one line'),
        ({"name": "/a", "method": "", "min_rps": 1}, "RequestThresholds.method: Required value"),
        ({"name": "/a"}, "RequestThresholds: Required value: set at least one limit"),
        ({"name": "/a", "p95_response_time": 1}, "RequestThresholds.p95_response_time: Invalid value: 1"),
    ],
)
def test_request_thresholds_are_checked(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        RequestThresholds(**arguments)
    assert message in str(caught.value)


def test_the_same_request_twice_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        Thresholds(
            requests=[
                RequestThresholds(name="/a", method="GET", min_rps=1),
                RequestThresholds(name="/a", min_rps=1),
                RequestThresholds(name="/a", method="GET", max_failures=0),
            ]
        )
    assert str(caught.value) == (
        'Thresholds.requests[2]: Duplicate value: "/a": the same request as Thresholds.requests[0]'
    )


def test_thresholds_of_another_type_are_refused() -> None:
    with pytest.raises(SpecError, match=r"^thresholds: Invalid value: .*must be a Thresholds"):
        synth_test(SPEC, thresholds={"min_rps": 1})


@pytest.mark.parametrize(
    ("cr", "path"),
    [
        (minimal_cr_spec(master={"command": "--host http://x"}), "spec.master.command"),
        (
            minimal_cr_spec(volumes=[{"name": "constructs-locust-thresholds", "emptyDir": {}}]),
            "spec.volumes[0].name",
        ),
        (
            minimal_cr_spec(
                volumes=[{"name": "v", "emptyDir": {}}],
                volumeMounts=[{"name": "v", "mountPath": "/opt/constructs-locust", "target": "master"}],
            ),
            "spec.volumeMounts[0].mountPath",
        ),
        (minimal_cr_spec(env={"variables": [{"name": ENV_VAR, "value": "{}"}]}), "spec.env.variables[0].name"),
    ],
)
def test_a_spec_without_room_for_the_plugin_is_refused(cr: dict[str, Any], path: str) -> None:
    with pytest.raises(SpecError) as caught:
        Thresholds(min_rps=1).apply(LocustTestSpec.from_cr(cr), "shop")
    assert str(caught.value).startswith(f"{path}: ")


def test_a_worker_only_mount_at_the_same_path_is_no_conflict() -> None:
    cr = minimal_cr_spec(
        volumes=[{"name": "v", "emptyDir": {}}],
        volumeMounts=[{"name": "v", "mountPath": "/opt/constructs-locust/thresholds", "target": "worker"}],
    )
    Thresholds(min_rps=1).apply(LocustTestSpec.from_cr(cr), "shop")


@pytest.mark.parametrize("cls", [Thresholds, RequestThresholds], ids=lambda cls: cls.__name__)
def test_each_field_declares_its_rule_with_the_options_machinery(cls: type) -> None:
    import attrs

    for field in attrs.fields(cls):
        assert field.validator is None, field.name
        assert field.metadata.get("check") or field.metadata.get("convert"), field.name


def test_the_plugin_imports_no_locust_outside_locust() -> None:
    """Walkers of the package (and this suite) import the plugin module: it must not pull Locust in."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from constructs_locust.manifests import _thresholds_plugin as plugin\n"
        "assert plugin.register() is False and 'locust' not in sys.modules and 'gevent' not in sys.modules\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
