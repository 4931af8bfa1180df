"""OtelCollector: the operator chart's collector objects, a pipeline for all Locust sends, checked config."""

import copy
import hashlib
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    DebugExporter,
    OtelCollector,
    OtelOptions,
    OtlpExporter,
    OtlpProtocol,
    PrometheusExporter,
    SecretKeyRef,
    SpecError,
)
from constructs_locust.otel._collector_config import check_config, default_config
from tests.test_schema import KUBERNETES_VERSIONS

UPSTREAM = OtlpExporter(
    endpoint="otlp.backend.example.com:443",
    headers={"api-key": SecretKeyRef(name="backend-auth", key="api-key"), "x-tenant": SecretKeyRef(name="t", key="id")},
)

CUSTOM_CONFIG: dict[str, Any] = {
    "extensions": {"health_check": {"endpoint": "0.0.0.0:13133"}},
    "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}, "http": {"endpoint": "0.0.0.0:4318"}}}},
    "processors": {"memory_limiter": {"check_interval": "1s", "limit_percentage": 80}, "batch": {}},
    "exporters": {"debug": {"verbosity": "basic"}, "prometheus": {"endpoint": "0.0.0.0:9090"}},
    "service": {
        "extensions": ["health_check"],
        "pipelines": {
            "traces": {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"], "exporters": ["debug"]},
            "metrics": {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"], "exporters": ["prometheus"]},
        },
    },
}
"""A user's own configuration: a memory limiter, no logs pipeline, metrics to Prometheus on 9090."""

SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "debug-basic": {"exporters": [DebugExporter(verbosity="basic")]},
    "otlp-grpc-upstream": {"exporters": [UPSTREAM]},
    "otlp-http-upstream": {
        "exporters": [
            OtlpExporter(
                endpoint="https://otlp.backend.example.com",
                protocol=OtlpProtocol.HTTP_PROTOBUF,
                headers={"authorization": SecretKeyRef(name="backend-auth", key="bearer")},
            )
        ]
    },
    "prometheus": {"exporters": [DebugExporter(verbosity="basic"), PrometheusExporter()]},
    "custom-config": {"config": CUSTOM_CONFIG},
    "everything": {
        "exporters": [DebugExporter(), UPSTREAM, PrometheusExporter(port=9464)],
        "replicas": 2,
        "image": "otel/opentelemetry-collector-contrib:0.150.0",
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
        "labels": {"team": "perf"},
    },
}


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings (the collector config) as readable ``|`` blocks in snapshots."""


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def synth(namespace: str | None = "monitoring", **kwargs: Any) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "collector", namespace=namespace)
    OtelCollector(chart, "otel-collector", **kwargs)
    return list(cdk8s.Testing.synth(chart))


def by_kind(manifests: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {manifest["kind"]: manifest for manifest in manifests}


def container(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    (only,) = by_kind(manifests)["Deployment"]["spec"]["template"]["spec"]["containers"]
    return dict(only)


def loaded_config(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(yaml.safe_load(by_kind(manifests)["ConfigMap"]["data"]["otel-collector-config.yaml"]))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_matches_its_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    text = yaml.dump_all(synth(**SCENARIOS[scenario]), Dumper=_BlockDumper, sort_keys=False, width=1000)
    assert text == snapshot


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_objects_pass_strict_schema_validation(scenario: str, version: str) -> None:
    for manifest in synth(**SCENARIOS[scenario]):
        kubernetes_validate.validate(manifest, version, strict=True)


def test_renders_configmap_deployment_and_service_named_as_the_chart_does() -> None:
    manifests = synth()
    assert [(m["kind"], m["metadata"]["name"]) for m in manifests] == [
        ("ConfigMap", "otel-collector-config"),
        ("Deployment", "otel-collector"),
        ("Service", "otel-collector"),
    ]
    assert {m["metadata"]["namespace"] for m in manifests} == {"monitoring"}


def test_ports_are_named_and_the_service_targets_them_by_name() -> None:
    manifests = synth()
    assert container(manifests)["ports"] == [
        {"name": "otlp-grpc", "containerPort": 4317, "protocol": "TCP"},
        {"name": "otlp-http", "containerPort": 4318, "protocol": "TCP"},
        {"name": "health", "containerPort": 13133, "protocol": "TCP"},
    ]
    assert by_kind(manifests)["Service"]["spec"]["ports"] == [
        {"name": "otlp-grpc", "port": 4317, "targetPort": "otlp-grpc", "protocol": "TCP"},
        {"name": "otlp-http", "port": 4318, "targetPort": "otlp-http", "protocol": "TCP"},
    ]


def test_probes_call_the_health_check_extension() -> None:
    manifests = synth()
    probe = {"httpGet": {"path": "/", "port": 13133}, "initialDelaySeconds": 5, "periodSeconds": 10}
    assert container(manifests)["livenessProbe"] == probe
    assert container(manifests)["readinessProbe"] == probe
    assert loaded_config(manifests)["extensions"]["health_check"] == {"endpoint": "0.0.0.0:13133"}
    assert loaded_config(manifests)["service"]["extensions"] == ["health_check"]


def test_security_contexts_are_restricted_and_non_root() -> None:
    manifests = synth()
    pod = by_kind(manifests)["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"] == {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    assert container(manifests)["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    }


def test_config_is_mounted_read_only_and_passed_with_config_flag() -> None:
    manifests = synth()
    pod = by_kind(manifests)["Deployment"]["spec"]["template"]["spec"]
    assert container(manifests)["args"] == ["--config=/conf/otel-collector-config.yaml"]
    assert container(manifests)["volumeMounts"] == [{"name": "config", "mountPath": "/conf", "readOnly": True}]
    assert pod["volumes"] == [{"name": "config", "configMap": {"name": "otel-collector-config"}}]


def test_chart_defaults_for_image_replicas_and_resources() -> None:
    manifests = synth()
    assert container(manifests)["image"] == "otel/opentelemetry-collector-contrib:0.145.0"
    assert by_kind(manifests)["Deployment"]["spec"]["replicas"] == 1
    assert container(manifests)["resources"] == {
        "requests": {"cpu": "50m", "memory": "64Mi"},
        "limits": {"cpu": "200m", "memory": "256Mi"},
    }


def test_selector_matches_the_pod_labels_and_the_service_selects_the_same_pods() -> None:
    manifests = synth(labels={"team": "perf"})
    deployment = by_kind(manifests)["Deployment"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert by_kind(manifests)["Service"]["spec"]["selector"] == selector
    assert all(m["metadata"]["labels"]["team"] == "perf" for m in manifests)


def test_checksum_annotation_is_the_sha256_of_the_configmap_data() -> None:
    manifests = synth()
    text = by_kind(manifests)["ConfigMap"]["data"]["otel-collector-config.yaml"]
    annotations = by_kind(manifests)["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"checksum/otel-config": hashlib.sha256(text.encode()).hexdigest()}


def test_a_config_change_changes_the_checksum_and_the_same_config_keeps_it() -> None:
    def checksum(**kwargs: Any) -> str:
        deployment = by_kind(synth(**kwargs))["Deployment"]
        return str(deployment["spec"]["template"]["metadata"]["annotations"]["checksum/otel-config"])

    assert checksum() == checksum()
    assert checksum() != checksum(exporters=[DebugExporter(verbosity="basic")])


def test_default_pipeline_takes_traces_metrics_and_logs_into_debug() -> None:
    config = loaded_config(synth())
    assert config["receivers"] == {
        "otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}, "http": {"endpoint": "0.0.0.0:4318"}}}
    }
    assert config["exporters"] == {"debug": {"verbosity": "detailed"}}
    assert config["service"]["pipelines"] == {
        signal: {"receivers": ["otlp"], "processors": ["batch"], "exporters": ["debug"]}
        for signal in ("traces", "metrics", "logs")
    }


def test_otlp_upstream_headers_come_from_secrets_never_the_configmap() -> None:
    manifests = synth(exporters=[UPSTREAM])
    config = loaded_config(manifests)
    assert config["exporters"]["otlp/upstream"] == {
        "endpoint": "otlp.backend.example.com:443",
        "headers": {"api-key": "${env:OTLP_UPSTREAM_HEADER_0}", "x-tenant": "${env:OTLP_UPSTREAM_HEADER_1}"},
    }
    assert container(manifests)["env"] == [
        {"name": "OTLP_UPSTREAM_HEADER_0", "valueFrom": {"secretKeyRef": {"name": "backend-auth", "key": "api-key"}}},
        {"name": "OTLP_UPSTREAM_HEADER_1", "valueFrom": {"secretKeyRef": {"name": "t", "key": "id"}}},
    ]


def test_otlp_http_upstream_uses_the_otlphttp_exporter() -> None:
    config = loaded_config(synth(**SCENARIOS["otlp-http-upstream"]))
    assert list(config["exporters"]) == ["otlphttp/upstream"]
    assert config["service"]["pipelines"]["traces"]["exporters"] == ["otlphttp/upstream"]


def test_insecure_grpc_upstream_turns_tls_off() -> None:
    exporter = OtlpExporter(endpoint="collector.other:4317", insecure=True, name="gateway")
    assert exporter.config() == {"endpoint": "collector.other:4317", "tls": {"insecure": True}}
    assert exporter.component_id == "otlp/gateway"


def test_insecure_with_http_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        OtlpExporter(endpoint="http://x:4318", protocol=OtlpProtocol.HTTP_PROTOBUF, insecure=True)
    assert str(caught.value) == (
        "OtlpExporter.insecure: applies to grpc only; for http/protobuf the URL's scheme decides TLS"
    )


def test_prometheus_exporter_serves_metrics_only_on_an_exposed_port() -> None:
    manifests = synth(**SCENARIOS["prometheus"])
    config = loaded_config(manifests)
    assert config["exporters"]["prometheus"] == {"endpoint": "0.0.0.0:8889"}
    assert config["service"]["pipelines"]["metrics"]["exporters"] == ["debug", "prometheus"]
    assert config["service"]["pipelines"]["traces"]["exporters"] == ["debug"]
    assert {"name": "prometheus", "containerPort": 8889, "protocol": "TCP"} in container(manifests)["ports"]
    assert {"name": "prometheus", "port": 8889, "targetPort": "prometheus", "protocol": "TCP"} in by_kind(manifests)[
        "Service"
    ]["spec"]["ports"]


def test_only_a_prometheus_exporter_leaves_traces_with_nowhere_to_go() -> None:
    with pytest.raises(SpecError) as caught:
        synth(exporters=[PrometheusExporter()])
    assert str(caught.value) == (
        "exporters: no exporter takes traces, which Locust sends: add one that does (DebugExporter, OtlpExporter)"
    )


def test_two_exporters_with_one_id_are_refused() -> None:
    with pytest.raises(SpecError) as caught:
        synth(exporters=[DebugExporter(), DebugExporter(verbosity="basic")])
    assert str(caught.value) == 'exporters: Duplicate value: "debug": give each exporter its own name'


def test_no_exporters_are_refused() -> None:
    with pytest.raises(SpecError) as caught:
        synth(exporters=[])
    assert str(caught.value) == "exporters: Required value: give at least one exporter (e.g. DebugExporter())"


def test_endpoint_for_grpc_and_http() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="monitoring")
    collector = OtelCollector(chart, "otel-collector")
    grpc = collector.endpoint(OtlpProtocol.GRPC)
    assert (grpc.endpoint, grpc.protocol, grpc.insecure) == ("otel-collector.monitoring:4317", OtlpProtocol.GRPC, True)
    http = collector.endpoint(OtlpProtocol.HTTP_PROTOBUF)
    assert (http.endpoint, http.protocol, http.insecure) == (
        "http://otel-collector.monitoring:4318",
        OtlpProtocol.HTTP_PROTOBUF,
        None,
    )
    assert collector.endpoint() == grpc


def test_endpoint_uses_the_explicit_namespace_or_none() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    assert OtelCollector(chart, "a").endpoint().endpoint == "a:4317"
    assert OtelCollector(chart, "b", namespace="obs").endpoint().endpoint == "b.obs:4317"


def test_a_bad_namespace_is_reported_at_its_keyword() -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(SpecError) as caught:
        OtelCollector(chart, "a", namespace="Monitoring")
    assert caught.value.path == "namespace"
    assert caught.value.reason.startswith('Invalid value: "Monitoring": a lowercase RFC 1123 label')


def test_endpoint_feeds_otel_options() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="monitoring")
    otel = OtelOptions(endpoint=OtelCollector(chart, "otel-collector").endpoint()).open_telemetry()
    assert (otel.endpoint, otel.protocol, otel.insecure) == ("otel-collector.monitoring:4317", OtlpProtocol.GRPC, True)


@pytest.mark.parametrize("name", ["Otel", "1otel", "otel_collector", "o" * 57, ""])
def test_names_that_cannot_be_a_service_are_refused(name: str) -> None:
    with pytest.raises(SpecError) as caught:
        synth(name=name)
    assert caught.value.path == "name"
    assert "a collector name must be a DNS-1035 label of at most 56 characters" in caught.value.reason


def test_labels_cannot_change_the_selector() -> None:
    with pytest.raises(SpecError) as caught:
        synth(labels={"app.kubernetes.io/instance": "other"})
    assert str(caught.value) == (
        "labels.app.kubernetes.io/instance: is a selector label of the collector's pods and cannot be changed"
    )


def test_config_and_exporters_together_are_refused() -> None:
    with pytest.raises(SpecError) as caught:
        synth(config=default_config([DebugExporter()]), exporters=[DebugExporter()])
    assert str(caught.value) == "config: give either config or exporters, not both"


def test_a_config_that_is_not_a_mapping_is_a_spec_error() -> None:
    with pytest.raises(SpecError) as caught:
        synth(config=["receivers"])
    assert str(caught.value) == "config: Invalid value: ['receivers']: must be a mapping"


def test_a_custom_config_is_used_verbatim() -> None:
    config = default_config([DebugExporter()])
    config["processors"]["memory_limiter"] = {"check_interval": "1s", "limit_percentage": 80}
    config["service"]["pipelines"]["traces"]["processors"] = ["memory_limiter", "batch"]
    assert loaded_config(synth(config=config)) == config


def broken(edit: Any) -> dict[str, Any]:
    config = copy.deepcopy(default_config([DebugExporter()]))
    edit(config)
    return config


REFUSED_CONFIGS: dict[str, tuple[Any, str]] = {
    "undefined-exporter": (
        lambda c: c["service"]["pipelines"]["traces"]["exporters"].append("otlp/upstream"),
        'config.service.pipelines.traces.exporters[1]: exporter "otlp/upstream" is not defined under exporters '
        "(defined: debug)",
    ),
    "undefined-receiver": (
        lambda c: c["service"]["pipelines"]["logs"].update(receivers=["otlp", "jaeger"]),
        'config.service.pipelines.logs.receivers[1]: receiver "jaeger" is not defined under receivers (defined: otlp)',
    ),
    "undefined-processor": (
        lambda c: c["service"]["pipelines"]["metrics"].update(processors=["memory_limiter"]),
        'config.service.pipelines.metrics.processors[0]: processor "memory_limiter" is not defined under processors '
        "(defined: batch)",
    ),
    "undefined-extension": (
        lambda c: c["service"]["extensions"].append("pprof"),
        'config.service.extensions[1]: extension "pprof" is not defined under extensions (defined: health_check)',
    ),
    "no-exporters": (
        lambda c: c["service"]["pipelines"]["traces"].update(exporters=[]),
        "config.service.pipelines.traces.exporters: Required value: a pipeline needs at least one exporter",
    ),
    "no-receivers-key": (
        lambda c: c["service"]["pipelines"]["traces"].pop("receivers"),
        "config.service.pipelines.traces.receivers: Required value: a pipeline needs at least one receiver",
    ),
    "bad-signal": (
        lambda c: c["service"]["pipelines"].update(profiles={"receivers": ["otlp"], "exporters": ["debug"]}),
        'config.service.pipelines.profiles: Invalid value: "profiles": a pipeline is traces, metrics or logs',
    ),
    "no-pipelines": (
        lambda c: c["service"].update(pipelines={}),
        "config.service.pipelines: Required value: at least one pipeline",
    ),
    "no-health-check": (
        lambda c: c["service"].update(extensions=[]),
        "config.service.extensions: the health_check extension must be enabled: the pod's probes call it on port 13133",
    ),
    "health-check-port": (
        lambda c: c["extensions"]["health_check"].update(endpoint="0.0.0.0:8080"),
        'config.extensions.health_check.endpoint: Invalid value: "0.0.0.0:8080": the probes call port 13133',
    ),
    "grpc-port-mismatch": (
        lambda c: c["receivers"]["otlp"]["protocols"]["grpc"].update(endpoint="0.0.0.0:14317"),
        'config.receivers.otlp.protocols.grpc.endpoint: Invalid value: "0.0.0.0:14317": the Service\'s otlp-grpc '
        "port is 4317",
    ),
    "http-on-localhost": (
        lambda c: c["receivers"]["otlp"]["protocols"]["http"].update(endpoint="localhost:4318"),
        'config.receivers.otlp.protocols.http.endpoint: Invalid value: "localhost:4318": listens on localhost only, '
        "out of the Service's reach; use 0.0.0.0:4318",
    ),
    "default-endpoint": (
        lambda c: c["receivers"]["otlp"]["protocols"].update(grpc={}),
        "config.receivers.otlp.protocols.grpc.endpoint: Required value: the collector's default listens on "
        "localhost only; use 0.0.0.0:4317",
    ),
    "http-port-uncovered": (
        lambda c: c["receivers"]["otlp"]["protocols"].pop("http"),
        "config.receivers: no otlp receiver in a pipeline listens on 4318, the Service's otlp-http port",
    ),
    "prometheus-clashes": (
        lambda c: (
            c["exporters"].update(prometheus={"endpoint": "0.0.0.0:4318"}),
            c["service"]["pipelines"]["metrics"]["exporters"].append("prometheus"),
        ),
        "config.exporters.prometheus.endpoint: Invalid value: port 4318 is already used by the collector",
    ),
    "not-a-mapping": (
        lambda c: c.update(service=["pipelines"]),
        "config.service: Invalid value: ['pipelines']: must be a mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_CONFIGS))
def test_a_config_that_cannot_work_is_refused_with_its_path(case: str) -> None:
    edit, message = REFUSED_CONFIGS[case]
    with pytest.raises(SpecError) as caught:
        check_config(broken(edit))
    assert str(caught.value) == message


def test_the_construct_checks_the_config_before_adding_anything() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    edit, message = REFUSED_CONFIGS["undefined-exporter"]
    with pytest.raises(SpecError) as caught:
        OtelCollector(chart, "otel", config=broken(edit))
    assert str(caught.value) == message
    assert chart.node.children == []


def test_a_custom_configs_prometheus_port_is_exposed() -> None:
    manifests = synth(config=CUSTOM_CONFIG)
    assert {"name": "prometheus", "containerPort": 9090, "protocol": "TCP"} in container(manifests)["ports"]
    assert by_kind(manifests)["Service"]["spec"]["ports"][-1] == {
        "name": "prometheus",
        "port": 9090,
        "targetPort": "prometheus",
        "protocol": "TCP",
    }


def test_the_default_and_every_scenario_config_pass_the_check() -> None:
    for scenario in SCENARIOS.values():
        if "config" in scenario:
            continue
        exporters = scenario.get("exporters", [DebugExporter()])
        check_config(default_config(exporters))


def test_a_duplicate_id_is_a_spec_error() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    OtelCollector(chart, "otel")
    with pytest.raises(SpecError, match="the scope already has a child with this id"):
        OtelCollector(chart, "otel")


def test_output_is_deterministic() -> None:
    first = yaml.safe_dump_all(synth(**SCENARIOS["everything"]), sort_keys=False)
    assert first == yaml.safe_dump_all(synth(**SCENARIOS["everything"]), sort_keys=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exporters": "debug"}, 'exporters: Invalid value: "debug": must be of type array'),
        ({"exporters": DebugExporter()}, "exporters: Invalid value: "),
        ({"exporters": [DebugExporter(), "otlp"]}, 'exporters[1]: Invalid value: "otlp": must be a collector exporter'),
        ({"image": 3}, "image: Invalid value: 3: must be of type string"),
        ({"image": " "}, "image: Required value: the collector image must not be empty"),
        ({"replicas": "2"}, 'replicas: Invalid value: "2": must be of type integer'),
        ({"replicas": True}, "replicas: Invalid value: true: must be of type integer"),
        ({"replicas": -1}, "replicas: Invalid value: -1: should be greater than or equal to 0"),
        ({"resources": "small"}, 'resources: Invalid value: "small": must be of type object'),
        ({"resources": {"limits": {"cpu": "lots"}}}, 'resources.limits.cpu: Invalid value: "lots"'),
        ({"labels": ["team"]}, "labels: Invalid value: ['team']: must be of type object"),
        ({"labels": {"team": 1}}, "labels.team: Invalid value: 1: must be of type string"),
        ({"labels": {"team": "perf team"}}, 'labels: Invalid value: "perf team": a valid label must be'),
        ({"config": "receivers: {}"}, 'config: Invalid value: "receivers: {}": must be a mapping'),
    ],
)
def test_an_argument_of_the_wrong_type_is_a_spec_error_naming_it(kwargs: dict[str, Any], message: str) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    with pytest.raises(SpecError) as caught:
        OtelCollector(chart, "oc", **kwargs)
    assert str(caught.value).startswith(message)
    assert chart.node.children == []


def test_every_bad_argument_of_the_collector_is_reported_at_once() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    with pytest.raises(SpecError) as caught:
        OtelCollector(chart, "oc", exporters="debug", image=3, replicas="2", labels=["a"])  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == ["exporters", "image", "replicas", "labels"]


def test_an_exporter_of_the_users_own_is_taken() -> None:
    class Null:
        component_id = "nop"
        signals = ("traces", "metrics", "logs")

        def config(self) -> dict[str, Any]:
            return {}

        def env(self) -> list[dict[str, Any]]:
            return []

    assert loaded_config(synth(exporters=[Null()]))["exporters"] == {"nop": {}}


@pytest.mark.parametrize(
    ("build", "errors"),
    [
        (
            lambda: OtlpExporter(endpoint=3, headers="x", insecure="no", name=5),
            [
                "OtlpExporter.endpoint: Invalid value: 3: must be of type string",
                'OtlpExporter.headers: Invalid value: "x": must be of type object',
                'OtlpExporter.insecure: Invalid value: "no": must be of type boolean',
                "OtlpExporter.name: Invalid value: 5: must be of type string",
            ],
        ),
        (
            lambda: OtlpExporter(endpoint="a:4317", protocol="http/json"),
            ['OtlpExporter.protocol: Unsupported value: "http/json": supported values: "grpc", "http/protobuf"'],
        ),
        (
            lambda: DebugExporter(verbosity=["basic"], name="A"),
            [
                "DebugExporter.verbosity: Invalid value: ['basic']: must be one of basic, normal, detailed",
                "DebugExporter.name: Invalid value: \"A\": must be lowercase alphanumerics, '-' or '_'",
            ],
        ),
        (
            lambda: PrometheusExporter(port="8889", name=1),
            [
                'PrometheusExporter.port: Invalid value: "8889": must be of type integer',
                "PrometheusExporter.name: Invalid value: 1: must be of type string",
            ],
        ),
    ],
)
def test_exporters_report_every_bad_argument_with_its_type(build: Any, errors: list[str]) -> None:
    with pytest.raises(SpecError) as caught:
        build()
    assert [str(error) for error in caught.value.errors] == errors


def test_an_otlp_exporter_takes_the_protocols_value_as_the_member() -> None:
    assert OtlpExporter(endpoint="a:4317", protocol="grpc").component_id == "otlp/upstream"  # type: ignore[arg-type]
    http = OtlpExporter(endpoint="http://a:4318", protocol="http/protobuf")  # type: ignore[arg-type]
    assert http.protocol is OtlpProtocol.HTTP_PROTOBUF
    assert http.component_id == "otlphttp/upstream"
