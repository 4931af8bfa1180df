"""The master Service beyond the operator (``service=ServiceOptions(...)``): labels, annotations, the web UI port."""

from typing import Any

import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTestSpec, ServiceOptions, SpecError, render_manifests
from tests.support import minimal_cr_spec, synth_test
from tests.test_schema import KUBERNETES_VERSIONS

PLAIN = LocustTestSpec.from_cr(minimal_cr_spec())
OTEL = LocustTestSpec.from_cr(
    minimal_cr_spec(observability={"openTelemetry": {"enabled": True, "endpoint": "collector:4317"}})
)


def service(spec: LocustTestSpec = PLAIN, **options: Any) -> dict[str, Any]:
    return render_manifests(spec, "checkout", "load", service=ServiceOptions(**options)).master_service


def port_names(manifest: dict[str, Any]) -> list[str]:
    return [port["name"] for port in manifest["spec"]["ports"]]


def test_default_options_are_the_operators_service() -> None:
    for spec in (PLAIN, OTEL):
        assert render_manifests(spec, "checkout", "load", service=ServiceOptions()) == render_manifests(
            spec, "checkout", "load"
        )


def test_web_ui_adds_port_8089_named_after_the_operators_ports() -> None:
    manifest = service(web_ui=True)
    assert port_names(manifest) == ["port5557", "port5558", "prometheus-metrics", "web-ui"]
    assert manifest["spec"]["ports"][-1] == {"name": "web-ui", "protocol": "TCP", "port": 8089}
    assert manifest["spec"]["selector"] == {"performance-test-pod-name": "checkout-master"}


def test_with_opentelemetry_the_metrics_port_is_gone_and_the_web_ui_stays() -> None:
    assert port_names(service(OTEL, web_ui=True)) == ["port5557", "port5558", "web-ui"]


def test_the_master_container_already_listens_on_8089() -> None:
    job = render_manifests(PLAIN, "checkout", "load").master_job
    assert {"containerPort": 8089} in job["spec"]["template"]["spec"]["containers"][0]["ports"]


def test_labels_and_annotations_go_on_the_service_only_sorted() -> None:
    manifests = render_manifests(
        PLAIN,
        "checkout",
        "load",
        service=ServiceOptions(
            labels={"team": "perf", "app.kubernetes.io/part-of": "load"}, annotations={"b": "2", "a": "1"}
        ),
    )
    metadata = manifests.master_service["metadata"]
    assert metadata == {
        "name": "checkout-master",
        "namespace": "load",
        "labels": {"app.kubernetes.io/part-of": "load", "team": "perf"},
        "annotations": {"a": "1", "b": "2"},
    }
    assert manifests.master_service["spec"]["selector"] == {"performance-test-pod-name": "checkout-master"}
    assert "team" not in manifests.master_job["spec"]["template"]["metadata"]["labels"]


def test_construct_passes_the_options_through() -> None:
    manifests = synth_test(PLAIN, name="checkout", service=ServiceOptions(labels={"release": "prom"}, web_ui=True))
    assert manifests[0]["metadata"]["labels"] == {"release": "prom"}
    assert port_names(manifests[0])[-1] == "web-ui"


REFUSALS: list[tuple[Any, str]] = [
    ({"labels": []}, "service: Invalid value: {'labels': []}: must be a ServiceOptions"),
    (
        ServiceOptions(labels={"-team": "perf"}),
        'service.labels: Invalid value: "-team": name part must consist of alphanumeric characters, '
        "'-', '_' or '.', and must start and end with an alphanumeric character",
    ),
    (
        ServiceOptions(labels={"team": "perf team"}),
        'service.labels: Invalid value: "perf team": a valid label must be an empty string or consist of '
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ),
    (
        ServiceOptions(labels={"team": "x" * 64}),
        f'service.labels: Invalid value: "{"x" * 64}": must be no more than 63 characters',
    ),
    (
        ServiceOptions(annotations={"example.com/": "x"}),
        'service.annotations: Invalid value: "example.com/": name part must be non-empty',
    ),
    (
        ServiceOptions(annotations={"a": "x" * (256 * 1024)}),
        "service.annotations: Too long: may not be more than 262144 bytes",
    ),
]


@pytest.mark.parametrize(("options", "message"), REFUSALS)
def test_bad_options_are_refused_with_the_keyword_path(options: Any, message: str) -> None:
    with pytest.raises(SpecError) as error:
        render_manifests(PLAIN, "checkout", "load", service=options)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ["team"]}, "ServiceOptions.labels: Invalid value: ['team']: must be of type object"),
        ({"labels": {"team": None}}, "ServiceOptions.labels.team: Invalid value: null: must be of type string"),
        ({"annotations": {"a": 1}}, "ServiceOptions.annotations.a: Invalid value: 1: must be of type string"),
        ({"web_ui": "yes"}, 'ServiceOptions.web_ui: Invalid value: "yes": must be of type boolean'),
        ({"web_ui": 1}, "ServiceOptions.web_ui: Invalid value: 1: must be of type boolean"),
    ],
)
def test_a_wrong_type_is_refused_when_the_options_are_built(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        ServiceOptions(**kwargs)
    assert str(error.value) == message


def test_every_bad_argument_of_service_options_is_reported_at_once() -> None:
    with pytest.raises(SpecError) as error:
        ServiceOptions(labels=["team"], annotations={"a": 1}, web_ui="yes")  # type: ignore[arg-type]
    assert [single.path for single in error.value.errors] == [
        "ServiceOptions.labels",
        "ServiceOptions.annotations.a",
        "ServiceOptions.web_ui",
    ]


def test_annotation_keys_may_be_mixed_case_label_keys_may_too() -> None:
    manifest = service(labels={"Team": "Perf"}, annotations={"Example.com/Owner": "perf"})
    assert manifest["metadata"]["labels"] == {"Team": "Perf"}


SERVICE_MONITOR_READY = ServiceOptions(
    labels={"release": "kube-prometheus-stack", "app.kubernetes.io/name": "locust"},
    annotations={"example.com/owner": "perf-team"},
    web_ui=True,
)


def test_snapshot_web_ui_and_service_monitor_labels(snapshot: SnapshotAssertion) -> None:
    manifests = synth_test(PLAIN, name="checkout", service=SERVICE_MONITOR_READY)
    assert manifests[:1] == snapshot


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_options_pass_strict_validation(version: str) -> None:
    for spec in (PLAIN, OTEL):
        manifests = render_manifests(spec, "checkout", "load", service=SERVICE_MONITOR_READY)
        kubernetes_validate.validate(manifests.master_service, version, strict=True)


def test_web_ui_is_refused_when_the_metrics_exporter_is_configured_on_8089() -> None:
    from constructs_locust import OperatorDefaults

    defaults = OperatorDefaults(metrics_exporter_port=8089)
    with pytest.raises(SpecError) as error:
        render_manifests(PLAIN, "checkout", "load", defaults, service=ServiceOptions(web_ui=True))
    assert str(error.value) == (
        "service.web_ui: Invalid value: true: the metrics exporter already uses port 8089 "
        "(defaults.metrics_exporter_port); a Service port may appear once"
    )
    assert (
        port_names(render_manifests(OTEL, "c", "load", defaults, service=ServiceOptions(web_ui=True)).master_service)[
            -1
        ]
        == "web-ui"
    )
