"""OtelOptions: typed OpenTelemetry settings lower into the CR's own fields, one rule per test."""

import math
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import cdk8s
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    OpenTelemetry,
    OtelOptions,
    OtlpEndpoint,
    OtlpProtocol,
    SecretKeyRef,
    SpecError,
)
from constructs_locust.otel._options import escape_resource_attributes
from tests.support import minimal_cr_spec

ENDPOINT = "otel-collector.monitoring:4317"

SCENARIOS: dict[str, dict[str, Any]] = {
    "endpoint-only": {},
    "service-name": {"service_name": "checkout-load"},
    "resource-attributes": {"resource_attributes": {"deployment.environment": "staging", "team": "a,b=c d"}},
    "sampling-ratio": {"trace_sampling_ratio": 0.1},
    "metric-export-interval": {"metric_export_interval": timedelta(seconds=5)},
    "exporter-timeout": {"exporter_timeout": timedelta(milliseconds=1500)},
    "logs-off": {"logs": False},
    "logs-on": {"logs": True},
    "headers-secret": {"headers_secret": SecretKeyRef(name="otlp-auth", key="headers")},
    "collector-endpoint-http": {
        "endpoint": OtlpEndpoint(endpoint="http://otel-collector:4318", protocol=OtlpProtocol.HTTP_PROTOBUF)
    },
}


def options(**kwargs: Any) -> OtelOptions:
    """OtelOptions to ``ENDPOINT`` over plaintext gRPC unless another endpoint is given.

    Identity off unless asked for: these tests pin the lowering of each other option alone
    (the identity, on by default, has its own tests in ``test_otel_identity.py``).
    """
    defaults: dict[str, Any] = {} if "endpoint" in kwargs else {"endpoint": ENDPOINT, "insecure": True}
    return OtelOptions(**{"identity": False, **defaults, **kwargs})


def base_spec(**overrides: Any) -> LocustTestSpec:
    return LocustTestSpec.from_cr(minimal_cr_spec(**overrides))


def applied(**kwargs: Any) -> LocustTestSpec:
    return options(**kwargs).apply(base_spec())


def extra(**kwargs: Any) -> dict[str, str]:
    otel = applied(**kwargs).open_telemetry
    assert otel is not None
    return dict(otel.extra_env_vars or {})


def containers(spec: LocustTestSpec) -> dict[str, dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "options", namespace="load")
    test = LocustTest(chart, "checkout", spec=spec)
    return {
        "master": test.manifests.master_job["spec"]["template"]["spec"]["containers"][0],
        "worker": test.manifests.worker_job["spec"]["template"]["spec"]["containers"][0],
    }


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_matches_its_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    spec = applied(**SCENARIOS[scenario])
    cr = spec.to_cr()
    worker_env = [entry for entry in containers(spec)["worker"]["env"] if not entry["name"].startswith("KAFKA_")]
    record = {"cr": {key: cr[key] for key in ("observability", "env") if key in cr}, "workerEnv": worker_env}
    assert yaml.safe_dump(record, sort_keys=False, width=1000) == snapshot


def test_endpoint_only_equals_the_plain_open_telemetry_block() -> None:
    assert options().open_telemetry() == OpenTelemetry(enabled=True, endpoint=ENDPOINT, insecure=True)


def test_service_name_sets_otel_service_name() -> None:
    assert extra(service_name="checkout-load") == {"OTEL_SERVICE_NAME": "checkout-load"}


def test_resource_attributes_are_percent_encoded_as_the_spec_requires() -> None:
    value = extra(resource_attributes={"deployment.environment": 'a b,c=d%é;"\\', "team": "perf"})
    assert value == {"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=a%20b%2Cc%3Dd%25%C3%A9%3B%22%5C,team=perf"}


@pytest.mark.parametrize("text", ["plain", "a b", "x,y=z", "100%", "ünïcode ✓", "semi;colon", 'quote"back\\slash', ""])
def test_resource_attributes_decode_back_in_the_python_sdk(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from opentelemetry.sdk.resources import OTELResourceDetector

    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", escape_resource_attributes({"k.one": text, "k.two": "x"}))
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    detected = OTELResourceDetector().detect().attributes
    assert detected["k.one"] == text
    assert detected["k.two"] == "x"
    assert unquote(escape_resource_attributes({"k": text}).split("=", 1)[1]) == text


@pytest.mark.parametrize("key", ["has space", "a,b", "a=b", "", "é"])
def test_resource_attribute_keys_that_need_escaping_are_refused(key: str) -> None:
    with pytest.raises(SpecError) as caught:
        options(resource_attributes={key: "v"})
    assert caught.value.path == "OtelOptions.resource_attributes"
    assert "a resource attribute key must be printable ASCII" in caught.value.reason


def test_service_name_in_resource_attributes_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        options(resource_attributes={"service.name": "x"})
    assert str(caught.value) == (
        "OtelOptions.resource_attributes: service.name is set by Locust from OTEL_SERVICE_NAME "
        "and would be ignored here; use service_name"
    )


@pytest.mark.parametrize(("ratio", "arg"), [(0, "0.0"), (0.1, "0.1"), (1, "1.0"), (0.25, "0.25")])
def test_sampling_ratio_selects_parent_based_trace_id_ratio(ratio: float, arg: str) -> None:
    assert extra(trace_sampling_ratio=ratio) == {
        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG": arg,
    }


@pytest.mark.parametrize("ratio", [-0.1, 1.5, math.nan, math.inf, 10**400, -(10**400)])
def test_sampling_ratio_outside_zero_to_one_is_refused(ratio: Any) -> None:
    with pytest.raises(SpecError) as caught:
        options(trace_sampling_ratio=ratio)
    assert str(caught.value).startswith("OtelOptions.trace_sampling_ratio: ")
    assert caught.value.reason.endswith(": must be between 0 and 1")


@pytest.mark.parametrize(("ratio", "shown"), [(True, "true"), ("0.1", '"0.1"'), (None, None), ([0.1], "[0.1]")])
def test_a_sampling_ratio_that_is_not_a_number_is_refused_as_such(ratio: Any, shown: str | None) -> None:
    if ratio is None:
        assert extra(trace_sampling_ratio=None) == {}
        return
    with pytest.raises(SpecError) as caught:
        options(trace_sampling_ratio=ratio)
    assert str(caught.value) == f"OtelOptions.trace_sampling_ratio: Invalid value: {shown}: must be of type number"


@pytest.mark.parametrize(
    ("interval", "millis"),
    [(timedelta(seconds=5), "5000"), (timedelta(milliseconds=250), "250"), (timedelta(minutes=2), "120000")],
)
def test_metric_export_interval_is_written_in_milliseconds(interval: timedelta, millis: str) -> None:
    assert extra(metric_export_interval=interval) == {"OTEL_METRIC_EXPORT_INTERVAL": millis}


@pytest.mark.parametrize(
    ("timeout", "seconds"),
    [
        (timedelta(seconds=2), "2"),
        (timedelta(milliseconds=1500), "1.5"),
        (timedelta(milliseconds=250), "0.25"),
        (timedelta(milliseconds=1), "0.001"),
    ],
)
def test_exporter_timeout_is_written_in_seconds_for_the_python_sdk(timeout: timedelta, seconds: str) -> None:
    value = extra(exporter_timeout=timeout)["OTEL_EXPORTER_OTLP_TIMEOUT"]
    assert value == seconds
    assert timedelta(seconds=float(value)) == timeout


def test_the_pinned_python_sdk_reads_the_exporter_timeout_in_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    monkeypatch.setenv(
        "OTEL_EXPORTER_OTLP_TIMEOUT", extra(exporter_timeout=timedelta(milliseconds=1500))["OTEL_EXPORTER_OTLP_TIMEOUT"]
    )
    exporter = OTLPSpanExporter(endpoint="127.0.0.1:1", insecure=True)
    try:
        assert exporter._timeout == 1.5
    finally:
        exporter.shutdown()


@pytest.mark.parametrize("field", ["metric_export_interval", "exporter_timeout"])
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (timedelta(0), "Invalid value: 0:00:00: must be positive"),
        (timedelta(seconds=-1), "Invalid value: -1 day, 23:59:59: must be positive"),
        (timedelta(microseconds=1500), "Invalid value: 0:00:00.001500: must be a whole number of milliseconds"),
        (5000, "Invalid value: 5000: must be a datetime.timedelta"),
    ],
)
def test_durations_must_be_positive_whole_milliseconds(field: str, value: Any, reason: str) -> None:
    with pytest.raises(SpecError) as caught:
        options(**{field: value})
    assert caught.value.reason == reason


@pytest.mark.parametrize(("logs", "exporter"), [(True, "otlp"), (False, "none")])
def test_logs_switch_the_logs_exporter(logs: bool, exporter: str) -> None:
    assert extra(logs=logs) == {"OTEL_LOGS_EXPORTER": exporter}


def test_unset_options_add_no_variables() -> None:
    assert extra() == {}
    assert applied().env is None


def test_headers_come_from_the_secret_in_both_containers() -> None:
    spec = applied(headers_secret=SecretKeyRef(name="otlp-auth", key="headers"))
    reference = {
        "name": "OTEL_EXPORTER_OTLP_HEADERS",
        "valueFrom": {"secretKeyRef": {"name": "otlp-auth", "key": "headers"}},
    }
    for container in containers(spec).values():
        assert reference in container["env"]
        assert not [e for e in container["env"] if e["name"] == "OTEL_EXPORTER_OTLP_HEADERS" and "value" in e]
    assert "OTEL_EXPORTER_OTLP_HEADERS" not in (spec.observability.open_telemetry.extra_env_vars or {})  # type: ignore[union-attr]


def test_headers_come_after_the_users_variables() -> None:
    spec = options(headers_secret=SecretKeyRef(name="s", key="k")).apply(
        base_spec(env={"variables": [{"name": "TARGET", "value": "x"}]})
    )
    assert spec.env is not None and spec.env.variables is not None
    assert [variable["name"] for variable in spec.env.variables] == ["TARGET", "OTEL_EXPORTER_OTLP_HEADERS"]


@pytest.mark.parametrize(("field", "value"), [("name", ""), ("key", ""), ("name", None)])
def test_secret_key_ref_needs_a_name_and_a_key(field: str, value: Any) -> None:
    kwargs: dict[str, Any] = {"name": "s", "key": "k", field: value}
    with pytest.raises(SpecError, match=f"^SecretKeyRef.{field}: Required value$"):
        SecretKeyRef(**kwargs)


def test_secret_key_ref_reports_both_bad_arguments_with_their_types() -> None:
    with pytest.raises(SpecError) as caught:
        SecretKeyRef(name=3, key="")  # type: ignore[arg-type]
    assert [str(error) for error in caught.value.errors] == [
        "SecretKeyRef.name: Invalid value: 3: must be of type string",
        "SecretKeyRef.key: Required value",
    ]


@pytest.mark.parametrize(
    ("kwargs", "variable", "option"),
    [
        ({"service_name": "a"}, "OTEL_SERVICE_NAME", "service_name"),
        ({"trace_sampling_ratio": 0.5}, "OTEL_TRACES_SAMPLER_ARG", "trace_sampling_ratio"),
        ({"trace_sampling_ratio": 0.5}, "OTEL_TRACES_SAMPLER", "trace_sampling_ratio"),
        ({"logs": False}, "OTEL_LOGS_EXPORTER", "logs"),
        ({"exporter_timeout": timedelta(seconds=1)}, "OTEL_EXPORTER_OTLP_TIMEOUT", "exporter_timeout"),
        ({"metric_export_interval": timedelta(seconds=1)}, "OTEL_METRIC_EXPORT_INTERVAL", "metric_export_interval"),
        ({"resource_attributes": {"a": "b"}}, "OTEL_RESOURCE_ATTRIBUTES", "resource_attributes"),
        ({"headers_secret": SecretKeyRef(name="s", key="k")}, "OTEL_EXPORTER_OTLP_HEADERS", "headers_secret"),
    ],
)
def test_literal_extra_env_vars_that_a_typed_option_sets_are_refused(
    kwargs: dict[str, Any], variable: str, option: str
) -> None:
    with pytest.raises(SpecError) as caught:
        options(**kwargs, extra_env_vars={variable: "literal"})
    assert str(caught.value) == (
        f"OtelOptions.extra_env_vars.{variable}: conflicts with OtelOptions.{option}: set it in one place"
    )


def test_other_extra_env_vars_pass_through_sorted() -> None:
    value = extra(service_name="a", extra_env_vars={"OTEL_TRACES_EXPORTER": "none", "OTEL_BSP_SCHEDULE_DELAY": "100"})
    assert list(value) == ["OTEL_BSP_SCHEDULE_DELAY", "OTEL_SERVICE_NAME", "OTEL_TRACES_EXPORTER"]


def test_env_variables_of_the_spec_that_clash_are_refused() -> None:
    spec = base_spec(env={"variables": [{"name": "A", "value": "1"}, {"name": "OTEL_SERVICE_NAME", "value": "x"}]})
    with pytest.raises(SpecError) as caught:
        options(service_name="y").apply(spec)
    assert str(caught.value) == (
        'spec.env.variables[1].name: "OTEL_SERVICE_NAME" is also set by OtelOptions: set it in one place'
    )


def test_a_spec_with_open_telemetry_already_set_is_refused() -> None:
    spec = base_spec(observability={"openTelemetry": {"enabled": False}})
    with pytest.raises(SpecError) as caught:
        options().apply(spec)
    assert str(caught.value) == (
        "spec.observability.openTelemetry: is already set; give these settings through OtelOptions only"
    )


def test_an_otlp_endpoint_brings_protocol_and_insecure() -> None:
    grpc = OtlpEndpoint(endpoint="c.ns:4317", protocol=OtlpProtocol.GRPC, insecure=True)
    assert OtelOptions(endpoint=grpc).open_telemetry() == OpenTelemetry(
        enabled=True, endpoint="c.ns:4317", protocol=OtlpProtocol.GRPC, insecure=True
    )
    http = OtlpEndpoint(endpoint="http://c.ns:4318", protocol=OtlpProtocol.HTTP_PROTOBUF)
    assert OtelOptions(endpoint=http).open_telemetry().insecure is None


def test_a_protocol_or_insecure_that_contradicts_the_endpoint_is_refused() -> None:
    grpc = OtlpEndpoint(endpoint="c.ns:4317", protocol=OtlpProtocol.GRPC, insecure=True)
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint=grpc, protocol=OtlpProtocol.HTTP_PROTOBUF)
    assert str(caught.value) == 'OtelOptions.protocol: "http/protobuf" conflicts with the endpoint\'s "grpc"'
    with pytest.raises(SpecError, match="insecure: false conflicts with the endpoint's true"):
        OtelOptions(endpoint=grpc, insecure=False)


@pytest.mark.parametrize("endpoint", ["", None])
def test_an_endpoint_is_required(endpoint: Any) -> None:
    with pytest.raises(SpecError, match=r"^OtelOptions.endpoint: Required value"):
        OtelOptions(endpoint=endpoint)


def test_an_endpoint_of_another_type_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint=4317)  # type: ignore[arg-type]
    assert str(caught.value) == "OtelOptions.endpoint: Invalid value: 4317: must be a string or an OtlpEndpoint"


def test_the_result_is_a_plain_spec_that_round_trips_through_the_cr() -> None:
    spec = applied(
        service_name="s",
        resource_attributes={"a": "b c"},
        trace_sampling_ratio=0.5,
        metric_export_interval=timedelta(seconds=1),
        exporter_timeout=timedelta(seconds=2),
        logs=False,
        headers_secret=SecretKeyRef(name="n", key="k"),
    )
    assert LocustTestSpec.from_cr(spec.to_cr()) == spec


def test_locust_test_resource_emits_the_equivalent_cr() -> None:
    spec = applied(service_name="s", headers_secret=SecretKeyRef(name="n", key="k"), logs=False)
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "cr")
    LocustTestResource(chart, "checkout", spec=spec)
    (cr,) = cdk8s.Testing.synth(chart)
    assert cr["spec"] == spec.to_cr()
    assert cr["spec"]["env"]["variables"][-1]["valueFrom"]["secretKeyRef"] == {"name": "n", "key": "k"}
    assert cr["spec"]["observability"]["openTelemetry"]["extraEnvVars"] == {
        "OTEL_LOGS_EXPORTER": "none",
        "OTEL_SERVICE_NAME": "s",
    }


def test_apply_leaves_the_given_spec_unchanged() -> None:
    spec = base_spec()
    options(service_name="s").apply(spec)
    assert spec.observability is None


def test_secret_key_ref_of_a_cdk8s_plus_secret_uses_its_name() -> None:
    import cdk8s_plus_27 as kplus

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "secrets")
    named = kplus.Secret(chart, "auth", metadata=cdk8s.ApiObjectMetadata(name="otlp-auth"))
    assert SecretKeyRef.of(named, "headers") == SecretKeyRef(name="otlp-auth", key="headers")
    generated = kplus.Secret(chart, "generated")
    assert SecretKeyRef.of(generated, "headers").name == generated.name


def test_secret_key_ref_of_something_without_a_name_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        SecretKeyRef.of("otlp-auth", "headers")
    assert str(caught.value) == 'SecretKeyRef.of(secret): Invalid value: "otlp-auth": must be a Secret with a name'


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"logs": "false"}, 'OtelOptions.logs: Invalid value: "false": must be of type boolean'),
        ({"logs": 0}, "OtelOptions.logs: Invalid value: 0: must be of type boolean"),
        ({"insecure": "no"}, 'OtelOptions.insecure: Invalid value: "no": must be of type boolean'),
        (
            {"headers_secret": "otlp-auth"},
            'OtelOptions.headers_secret: Invalid value: "otlp-auth": must be a SecretKeyRef',
        ),
        (
            {"resource_attributes": ["a"]},
            "OtelOptions.resource_attributes: Invalid value: ['a']: must be of type object",
        ),
        (
            {"resource_attributes": {"a": 1}},
            "OtelOptions.resource_attributes.a: Invalid value: 1: must be of type string",
        ),
        ({"extra_env_vars": "A=1"}, 'OtelOptions.extra_env_vars: Invalid value: "A=1": must be of type object'),
        ({"extra_env_vars": {"A": 1}}, "OtelOptions.extra_env_vars.A: Invalid value: 1: must be of type string"),
        ({"service_name": 5}, "OtelOptions.service_name: Invalid value: 5: must be of type string"),
        ({"service_name": ""}, "OtelOptions.service_name: Required value"),
        (
            {"protocol": "http/json"},
            'OtelOptions.protocol: Unsupported value: "http/json": supported values: "grpc", "http/protobuf"',
        ),
    ],
)
def test_an_argument_of_the_wrong_type_is_a_spec_error_naming_it(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint="a:1", **kwargs)
    assert str(caught.value) == message


def test_every_bad_argument_is_reported_at_once_at_construction() -> None:
    with pytest.raises(SpecError) as caught:
        OtelOptions(
            endpoint="a:1",
            insecure="no",  # type: ignore[arg-type]
            trace_sampling_ratio="0.1",  # type: ignore[arg-type]
            logs="false",  # type: ignore[arg-type]
            headers_secret="otlp-auth",  # type: ignore[arg-type]
        )
    assert [error.path for error in caught.value.errors] == [
        "OtelOptions.insecure",
        "OtelOptions.trace_sampling_ratio",
        "OtelOptions.logs",
        "OtelOptions.headers_secret",
    ]


def test_a_protocol_given_as_its_value_is_stored_as_the_member() -> None:
    assert OtelOptions(endpoint="http://a:4318", protocol="http/protobuf").protocol is OtlpProtocol.HTTP_PROTOBUF  # type: ignore[arg-type]


def test_an_otlp_endpoint_is_checked_too() -> None:
    with pytest.raises(SpecError) as caught:
        OtlpEndpoint(endpoint="", protocol="grpc", insecure="yes")  # type: ignore[arg-type]
    assert [str(error) for error in caught.value.errors] == [
        "OtlpEndpoint.endpoint: Required value",
        'OtlpEndpoint.insecure: Invalid value: "yes": must be of type boolean',
    ]
    assert OtlpEndpoint(endpoint="a:4317", protocol="grpc").protocol is OtlpProtocol.GRPC  # type: ignore[arg-type]


def test_conflicts_between_arguments_are_reported_only_once_each_is_valid() -> None:
    grpc = OtlpEndpoint(endpoint="c.ns:4317", protocol=OtlpProtocol.GRPC, insecure=True)
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint=grpc, protocol=OtlpProtocol.HTTP_PROTOBUF, insecure=False)
    assert [error.path for error in caught.value.errors] == ["OtelOptions.protocol", "OtelOptions.insecure"]
