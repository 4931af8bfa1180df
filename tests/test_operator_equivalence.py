"""The operator's objects for its own v2 sample CRs, derived by hand from its documented rules.

Every expectation below is written from ``docs/explanation/operator-behaviour.md`` (a default Helm
install of the operator, §2 "Helm default install" column), never from this library's output:

* §3 names: ``<cr>-master`` / ``<cr>-worker`` with dots turned into dashes;
* §4 the master Service; §5 the Jobs, pod labels/annotations and pod-level settings;
* §5.1 the Locust container (args §6, env §5.1/§8, volumes §7, resources by precedence);
* §5.2 the metrics-exporter native sidecar (master only, OTel off).

Quantities are compared by value (``1000m`` == ``1``, ``1024Mi`` == ``1Gi``), as §11 allows;
key order never matters.
"""

import functools
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import LocustTestSpec
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

CRS = Path(__file__).parent / "fixtures" / "crs"

# ---------------------------------------------------------------------------------------------
# Operator constants of a default Helm install (§2), written out once.
# ---------------------------------------------------------------------------------------------

MANAGED_BY = "locust-k8s-operator"
METRICS_PORT = 9646
SRC_MOUNT_PATH = "/lotest/src"  # testFiles.srcMountPath CRD default

# POD_* (no MASTER_POD_*/WORKER_POD_* in the Helm chart): used when a CR role sets no resources.
HELM_POD_RESOURCES = {
    "requests": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
    "limits": {"cpu": "1000m", "memory": "1024Mi", "ephemeral-storage": "50M"},
}

# The metrics exporter in a Helm install: IfNotPresent, 100m/64Mi/30M, 250m/128Mi/50M (§2, §5.2).
EXPORTER_SIDECAR = {
    "name": "locust-metrics-exporter",
    "image": "containersol/locust_exporter:v0.5.0",
    "imagePullPolicy": "IfNotPresent",
    "restartPolicy": "Always",
    "ports": [{"containerPort": METRICS_PORT}],
    "resources": {
        "requests": {"cpu": "100m", "memory": "64Mi", "ephemeral-storage": "30M"},
        "limits": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "50M"},
    },
    "env": [
        {"name": "LOCUST_EXPORTER_URI", "value": "http://localhost:8089"},
        {"name": "LOCUST_EXPORTER_WEB_LISTEN_ADDRESS", "value": ":9646"},
    ],
    "securityContext": {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    },
}

# buildPodSecurityContext when the CR has no podSecurityContext.
DEFAULT_POD_SECURITY_CONTEXT = {"seccompProfile": {"type": "RuntimeDefault"}}

PROMETHEUS_ANNOTATIONS = {
    "prometheus.io/scrape": "true",
    "prometheus.io/path": "/metrics",
    "prometheus.io/port": "9646",
}


# ---------------------------------------------------------------------------------------------
# Small builders for the parts every sample repeats.
# ---------------------------------------------------------------------------------------------


def kafka_env() -> list[dict[str, str]]:
    """The seven Kafka variables (Go defaults; Helm does not set them), empty ones without value."""
    return [
        {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "localhost:9092"},
        {"name": "KAFKA_SECURITY_ENABLED", "value": "false"},
        {"name": "KAFKA_SECURITY_PROTOCOL_CONFIG", "value": "SASL_PLAINTEXT"},
        {"name": "KAFKA_SASL_MECHANISM", "value": "SCRAM-SHA-512"},
        {"name": "KAFKA_SASL_JAAS_CONFIG"},
        {"name": "KAFKA_USERNAME"},
        {"name": "KAFKA_PASSWORD"},
    ]


def master_args(seed: str, *, workers: int, otel: bool = False, autoquit: int = 60) -> list[str]:
    """BuildMasterCommand with autostart on and autoquit enabled (the samples' settings)."""
    return [
        *seed.split(),
        *(["--otel"] if otel else []),
        "--master",
        "--master-port=5557",
        f"--expect-workers={workers}",
        "--autostart",
        "--autoquit",
        str(autoquit),
        "--enable-rebalancing",
        "--only-summary",
    ]


def worker_args(seed: str, *, master_service: str, otel: bool = False) -> list[str]:
    """BuildWorkerCommand: the workers reach the master through its Service name."""
    return [
        *seed.split(),
        *(["--otel"] if otel else []),
        "--worker",
        "--master-port=5557",
        f"--master-host={master_service}",
    ]


def pod_labels(cr_name: str, node: str, **user: str) -> dict[str, str]:
    """BuildLabels: the raw CR name in app/performance-test-name, the node name, then user labels."""
    return {
        "app": cr_name,
        "performance-test-pod-name": node,
        "managed-by": MANAGED_BY,
        "performance-test-name": cr_name,
        **user,
    }


def service(node: str, *, otel: bool = False) -> dict[str, Any]:
    """BuildMasterService: no labels, no type, no targetPort; metrics port only with OTel off."""
    ports = [
        {"name": "port5557", "protocol": "TCP", "port": 5557},
        {"name": "port5558", "protocol": "TCP", "port": 5558},
    ]
    if not otel:
        ports.append({"name": "prometheus-metrics", "protocol": "TCP", "port": METRICS_PORT})
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": node, "namespace": "default"},
        "spec": {"selector": {"performance-test-pod-name": node}, "ports": ports},
    }


def job(node: str, *, parallelism: int, labels: dict[str, str], annotations: dict[str, str], pod: dict[str, Any]):
    """buildJob: no labels on the Job, backoffLimit 0, no completions, no TTL in a Helm install."""
    metadata: dict[str, Any] = {"labels": labels}
    if annotations:
        metadata["annotations"] = annotations
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": node, "namespace": "default"},
        "spec": {
            "parallelism": parallelism,
            "backoffLimit": 0,
            "template": {"metadata": metadata, "spec": {"restartPolicy": "Never", **pod}},
        },
    }


def locustfile_volume(node: str, config_map: str) -> dict[str, Any]:
    """§7 (1): the test-files ConfigMap volume is named after the node."""
    return {"name": node, "configMap": {"name": config_map}}


def locustfile_mount(node: str) -> dict[str, str]:
    """§7 (1): mounted at srcMountPath, readOnly false (so omitted)."""
    return {"name": node, "mountPath": SRC_MOUNT_PATH}


MASTER_PORTS = [{"containerPort": 5557}, {"containerPort": 5558}, {"containerPort": 8089}]
WORKER_PORTS = [{"containerPort": 8080}]


# ---------------------------------------------------------------------------------------------
# The six samples, object by object.
# ---------------------------------------------------------------------------------------------


def expected_basic() -> list[dict[str, Any]]:
    """locust_v2_locusttest.yaml: CR resources verbatim, role labels, nodeSelector, no affinity."""
    seed = "--locustfile /lotest/src/locustfile.py"
    master, worker = "sample-test-master", "sample-test-worker"
    pod_level = {"nodeSelector": {"workload-type": "testing"}, "securityContext": DEFAULT_POD_SECURITY_CONTEXT}
    return [
        service(master),
        job(
            master,
            parallelism=1,
            labels=pod_labels("sample-test", master, role="master"),
            annotations=PROMETHEUS_ANNOTATIONS,
            pod={
                "initContainers": [EXPORTER_SIDECAR],
                "containers": [
                    {
                        "name": master,
                        "image": "locustio/locust:2.43.1",
                        "imagePullPolicy": "IfNotPresent",
                        "args": master_args(seed, workers=5),
                        "ports": MASTER_PORTS,
                        "env": kafka_env(),
                        "resources": {
                            "requests": {"cpu": "500m", "memory": "512Mi"},
                            "limits": {"cpu": "1000m", "memory": "1Gi"},
                        },
                        "volumeMounts": [locustfile_mount(master)],
                    }
                ],
                "volumes": [locustfile_volume(master, "my-locust-tests")],
                **pod_level,
            },
        ),
        job(
            worker,
            parallelism=5,
            labels=pod_labels("sample-test", worker, role="worker"),
            annotations={},
            pod={
                "containers": [
                    {
                        "name": worker,
                        "image": "locustio/locust:2.43.1",
                        "imagePullPolicy": "IfNotPresent",
                        "args": worker_args(seed, master_service=master),
                        "ports": WORKER_PORTS,
                        "env": kafka_env(),
                        "resources": {
                            "requests": {"cpu": "250m", "memory": "256Mi"},
                            "limits": {"cpu": "500m", "memory": "512Mi"},
                        },
                        "volumeMounts": [locustfile_mount(worker)],
                    }
                ],
                "volumes": [locustfile_volume(worker, "my-locust-tests")],
                **pod_level,
            },
        ),
    ]


def expected_with_env() -> list[dict[str, Any]]:
    """_with_env: envFrom (ConfigMaps then Secrets), user variables after Kafka, a secret mount."""
    seed = "--locustfile /lotest/src/locustfile.py"
    master, worker = "load-test-with-env-master", "load-test-with-env-worker"
    env = [
        *kafka_env(),
        {"name": "TARGET_HOST", "value": "https://api.example.com"},
        {"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "log-level"}}},
    ]
    env_from = [
        {"prefix": "APP_", "configMapRef": {"name": "app-config"}},
        {"secretRef": {"name": "api-credentials"}},
    ]
    secret_volume = {"name": "secret-tls-certs", "secret": {"secretName": "tls-certs"}}
    secret_mount = {"name": "secret-tls-certs", "mountPath": "/etc/locust/certs", "readOnly": True}

    def container(node: str, args: list[str], ports: list[dict[str, int]]) -> dict[str, Any]:
        return {
            "name": node,
            "image": "locustio/locust:2.20.0",
            "imagePullPolicy": "IfNotPresent",
            "args": args,
            "ports": ports,
            "envFrom": env_from,
            "env": env,
            "resources": HELM_POD_RESOURCES,
            "volumeMounts": [locustfile_mount(node), secret_mount],
        }

    return [
        service(master),
        job(
            master,
            parallelism=1,
            labels=pod_labels("load-test-with-env", master),
            annotations=PROMETHEUS_ANNOTATIONS,
            pod={
                "initContainers": [EXPORTER_SIDECAR],
                "containers": [container(master, master_args(seed, workers=2), MASTER_PORTS)],
                "volumes": [locustfile_volume(master, "locust-scripts"), secret_volume],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
        job(
            worker,
            parallelism=2,
            labels=pod_labels("load-test-with-env", worker),
            annotations={},
            pod={
                "containers": [container(worker, worker_args(seed, master_service=master), WORKER_PORTS)],
                "volumes": [locustfile_volume(worker, "locust-scripts"), secret_volume],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
    ]


def expected_with_otel() -> list[dict[str, Any]]:
    """_with_otel: --otel after the seed, OTEL_* after Kafka (extras sorted), no sidecar/annotations/port."""
    seed = "--locustfile /lotest/src/locustfile.py --host https://example.com"
    master, worker = "locusttest-with-otel-master", "locusttest-with-otel-worker"
    env = [
        *kafka_env(),
        {"name": "OTEL_TRACES_EXPORTER", "value": "otlp"},
        {"name": "OTEL_METRICS_EXPORTER", "value": "otlp"},
        {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "otel-collector.monitoring:4317"},
        {"name": "OTEL_EXPORTER_OTLP_PROTOCOL", "value": "grpc"},
        {"name": "OTEL_EXPORTER_OTLP_INSECURE", "value": "true"},
        # extraEnvVars, sorted by key:
        {"name": "OTEL_RESOURCE_ATTRIBUTES", "value": "service.name=locust-load-test,service.version=1.0.0"},
        {"name": "OTEL_TRACES_SAMPLER", "value": "parentbased_traceidratio"},
        {"name": "OTEL_TRACES_SAMPLER_ARG", "value": "0.1"},
    ]

    def container(node: str, args: list[str], ports: list[dict[str, int]]) -> dict[str, Any]:
        return {
            "name": node,
            "image": "locustio/locust:2.32.0",
            "imagePullPolicy": "IfNotPresent",
            "args": args,
            "ports": ports,
            "env": env,
            "resources": HELM_POD_RESOURCES,
            "volumeMounts": [locustfile_mount(node)],
        }

    return [
        service(master, otel=True),
        job(
            master,
            parallelism=1,
            labels=pod_labels("locusttest-with-otel", master),
            annotations={},  # OTel on: no prometheus annotations
            pod={
                "containers": [container(master, master_args(seed, workers=3, otel=True), MASTER_PORTS)],
                "volumes": [locustfile_volume(master, "locust-scripts")],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
        job(
            worker,
            parallelism=3,
            labels=pod_labels("locusttest-with-otel", worker),
            annotations={},
            pod={
                "containers": [container(worker, worker_args(seed, master_service=master, otel=True), WORKER_PORTS)],
                "volumes": [locustfile_volume(worker, "locust-scripts")],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
    ]


def expected_with_security() -> list[dict[str, Any]]:
    """_with_security: the CR pod context replaces the default; the container one goes on Locust only."""
    seed = "--locustfile /lotest/src/locustfile.py"
    master, worker = "load-test-with-security-master", "load-test-with-security-worker"
    pod_security = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    container_security = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}

    def container(node: str, args: list[str], ports: list[dict[str, int]]) -> dict[str, Any]:
        return {
            "name": node,
            "image": "locustio/locust:2.43.1",
            "imagePullPolicy": "IfNotPresent",  # not in the CR: the operator's fallback
            "args": args,
            "ports": ports,
            "env": kafka_env(),
            "resources": HELM_POD_RESOURCES,
            "volumeMounts": [locustfile_mount(node)],
            "securityContext": container_security,
        }

    return [
        service(master),
        job(
            master,
            parallelism=1,
            labels=pod_labels("load-test-with-security", master),
            annotations=PROMETHEUS_ANNOTATIONS,
            pod={
                "initContainers": [EXPORTER_SIDECAR],  # its hardened context is not the CR's
                "containers": [container(master, master_args(seed, workers=3), MASTER_PORTS)],
                "volumes": [locustfile_volume(master, "locust-scripts")],
                "securityContext": pod_security,
            },
        ),
        job(
            worker,
            parallelism=3,
            labels=pod_labels("load-test-with-security", worker),
            annotations={},
            pod={
                "containers": [container(worker, worker_args(seed, master_service=master), WORKER_PORTS)],
                "volumes": [locustfile_volume(worker, "locust-scripts")],
                "securityContext": pod_security,
            },
        ),
    ]


def expected_with_volumes() -> list[dict[str, Any]]:
    """_with_volumes: each pod gets only the volumes it mounts; ``target`` is stripped from mounts."""
    seed = "--locustfile /lotest/src/locustfile.py"
    master, worker = "load-test-with-volumes-master", "load-test-with-volumes-worker"
    test_results = {"name": "test-results", "emptyDir": {}}
    shared_data = {"name": "shared-data", "emptyDir": {}}
    custom_certs = {"name": "custom-certs", "secret": {"secretName": "tls-certificates"}}

    def container(node: str, args: list[str], ports: list[dict[str, int]], mounts: list[dict[str, Any]]):
        return {
            "name": node,
            "image": "locustio/locust:2.20.0",
            "imagePullPolicy": "IfNotPresent",
            "args": args,
            "ports": ports,
            "env": kafka_env(),
            "resources": HELM_POD_RESOURCES,
            "volumeMounts": [locustfile_mount(node), *mounts],
        }

    return [
        service(master),
        job(
            master,
            parallelism=1,
            labels=pod_labels("load-test-with-volumes", master),
            annotations=PROMETHEUS_ANNOTATIONS,
            pod={
                "initContainers": [EXPORTER_SIDECAR],
                "containers": [
                    container(
                        master,
                        master_args(seed, workers=2),
                        MASTER_PORTS,
                        [
                            {"name": "test-results", "mountPath": "/results"},
                            {"name": "shared-data", "mountPath": "/shared"},
                        ],
                    )
                ],
                "volumes": [locustfile_volume(master, "locust-scripts"), test_results, shared_data],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
        job(
            worker,
            parallelism=2,
            labels=pod_labels("load-test-with-volumes", worker),
            annotations={},
            pod={
                "containers": [
                    container(
                        worker,
                        worker_args(seed, master_service=master),
                        WORKER_PORTS,
                        [
                            {"name": "shared-data", "mountPath": "/shared"},
                            {"name": "custom-certs", "mountPath": "/etc/ssl/custom", "readOnly": True},
                        ],
                    )
                ],
                "volumes": [locustfile_volume(worker, "locust-scripts"), shared_data, custom_certs],
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
    ]


def expected_production() -> list[dict[str, Any]]:
    """Production: CR metadata goes nowhere; user annotations override; affinity injected (Helm)."""
    seed = "--locustfile /lotest/src/locustfile.py"
    master, worker = "production-load-test-master", "production-load-test-worker"
    affinity = {
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": {
                            "matchLabels": {"performance-test-name": "production-load-test", "role": "worker"}
                        },
                        "topologyKey": "kubernetes.io/hostname",
                    },
                }
            ]
        }
    }
    return [
        service(master),
        job(
            master,
            parallelism=1,
            labels=pod_labels("production-load-test", master, role="master", component="load-test-orchestrator"),
            # operator's prometheus annotations, then the user's: port 9646 becomes 8089
            annotations={
                "prometheus.io/scrape": "true",
                "prometheus.io/path": "/metrics",
                "prometheus.io/port": "8089",
            },
            pod={
                "initContainers": [EXPORTER_SIDECAR],
                "containers": [
                    {
                        "name": master,
                        "image": "locustio/locust:2.43.1",
                        "imagePullPolicy": "IfNotPresent",
                        "args": master_args(seed, workers=10),
                        "ports": MASTER_PORTS,
                        "env": kafka_env(),
                        "resources": {
                            "requests": {"cpu": "500m", "memory": "512Mi"},
                            "limits": {"cpu": "1000m", "memory": "1Gi"},
                        },
                        "volumeMounts": [locustfile_mount(master)],
                    }
                ],
                "volumes": [locustfile_volume(master, "my-locust-tests")],
                "affinity": affinity,
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
        job(
            worker,
            parallelism=10,
            labels=pod_labels("production-load-test", worker, role="worker", component="load-generator"),
            annotations={"prometheus.io/scrape": "false"},
            pod={
                "containers": [
                    {
                        "name": worker,
                        "image": "locustio/locust:2.43.1",
                        "imagePullPolicy": "IfNotPresent",
                        "args": worker_args(seed, master_service=master),
                        "ports": WORKER_PORTS,
                        "env": kafka_env(),
                        "resources": {
                            "requests": {"cpu": "250m", "memory": "256Mi"},
                            "limits": {"cpu": "500m", "memory": "512Mi"},
                        },
                        "volumeMounts": [locustfile_mount(worker)],
                    }
                ],
                "volumes": [locustfile_volume(worker, "my-locust-tests")],
                "affinity": affinity,
                "securityContext": DEFAULT_POD_SECURITY_CONTEXT,
            },
        ),
    ]


EXPECTED = {
    "locust_v2_locusttest.yaml": expected_basic,
    "locust_v2_locusttest_with_env.yaml": expected_with_env,
    "locust_v2_locusttest_with_otel.yaml": expected_with_otel,
    "locust_v2_locusttest_with_security.yaml": expected_with_security,
    "locust_v2_locusttest_with_volumes.yaml": expected_with_volumes,
    "locusttest_v2_production.yaml": expected_production,
}
OBJECTS = ("master Service", "master Job", "worker Job")


# ---------------------------------------------------------------------------------------------
# Comparison: quantities by value, everything else as plain data.
# ---------------------------------------------------------------------------------------------

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "k": 10**3, "M": 10**6}
_DECIMAL |= {"G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}


def quantity_value(text: str | int) -> Fraction:
    """The amount a Kubernetes quantity stands for (enough of the grammar for these tests)."""
    text = str(text)
    for suffix, factor in (_BINARY | _DECIMAL).items():
        if text.endswith(suffix):
            return Fraction(text[: -len(suffix)]) * factor
    return Fraction(text)


def normalized(value: Any, key: str = "") -> Any:
    """Plain data with every requests/limits quantity replaced by its value."""
    if isinstance(value, Mapping):
        if key in ("requests", "limits"):
            return {name: quantity_value(amount) for name, amount in value.items()}
        return {name: normalized(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    return value


def test_quantity_normalisation_used_here_treats_equal_amounts_as_equal() -> None:
    assert quantity_value("1000m") == quantity_value("1") == 1
    assert quantity_value("1024Mi") == quantity_value("1Gi")
    assert quantity_value("30M") == 30_000_000
    assert quantity_value("250m") != quantity_value("250M")


# ---------------------------------------------------------------------------------------------
# Rendering the fixtures through the public API.
# ---------------------------------------------------------------------------------------------


def load_cr(file_name: str) -> dict[str, Any]:
    return yaml.safe_load((CRS / file_name).read_text())


@functools.cache
def synthesized(file_name: str) -> tuple[dict[str, Any], ...]:
    """The objects ``LocustTest`` synthesizes for a fixture CR, in-process, default defaults."""
    import cdk8s

    from constructs_locust import LocustTest

    cr = load_cr(file_name)
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test")
    LocustTest(
        chart,
        "sample",
        spec=LocustTestSpec.from_cr(cr["spec"]),
        name=cr["metadata"]["name"],
        namespace=cr["metadata"]["namespace"],
    )
    return tuple(cdk8s.Testing.synth(chart))


def test_every_v2_sample_has_a_fixture_and_an_expectation() -> None:
    assert len(EXPECTED) == 6
    for file_name in EXPECTED:
        cr = load_cr(file_name)
        assert (cr["apiVersion"], cr["kind"]) == ("locust.io/v2", "LocustTest")
        assert cr["metadata"]["namespace"] == "default"


@LINT_WARNINGS_BESIDE_THE_POINT
@pytest.mark.parametrize("file_name", EXPECTED)
def test_sample_synthesizes_service_master_job_worker_job_in_order(file_name: str) -> None:
    cr_name = load_cr(file_name)["metadata"]["name"].replace(".", "-")
    kinds_and_names = [(obj["kind"], obj["metadata"]["name"]) for obj in synthesized(file_name)]
    assert kinds_and_names == [
        ("Service", f"{cr_name}-master"),
        ("Job", f"{cr_name}-master"),
        ("Job", f"{cr_name}-worker"),
    ]


@pytest.mark.parametrize("index", range(3), ids=OBJECTS)
@pytest.mark.parametrize("file_name", EXPECTED)
def test_sample_object_equals_the_operators(file_name: str, index: int) -> None:
    expected = EXPECTED[file_name]()[index]
    actual = synthesized(file_name)[index]
    assert normalized(actual) == normalized(expected)
