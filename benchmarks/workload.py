"""The benchmark's input: N LocustTest CRs cycling through five shapes seen in practice.

The shapes follow the operator's v2 samples (plain, env injection, OpenTelemetry, user
volumes with a security context, production resources with anti-affinity and tolerations),
so every builder (command, env, otel, volumes, resources, scheduling) does real work.
Each CR gets its own name (``load-0042-otel``), so N tests give 3N distinct objects.
"""

import copy
from typing import Any

NAMESPACE = "perf"
"""The namespace every benchmark test is rendered into."""

_COMMAND = "--locustfile /lotest/src/locustfile.py --host https://shop.example.com"
_MASTER_COMMAND = f"{_COMMAND} --run-time 10m"
"""The master's command bounds the run, as every example in the docs does (no lint warning)."""

_SHAPES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "plain",
        {
            "image": "locustio/locust:2.43.1",
            "master": {"command": _MASTER_COMMAND, "autoquit": {"enabled": True, "timeout": 60}},
            "worker": {"command": _COMMAND, "replicas": 5},
            "testFiles": {"configMapRef": "locust-scripts"},
        },
    ),
    (
        "env",
        {
            "image": "locustio/locust:2.43.1",
            "imagePullPolicy": "IfNotPresent",
            "master": {"command": _MASTER_COMMAND},
            "worker": {"command": _COMMAND, "replicas": 2},
            "testFiles": {"configMapRef": "locust-scripts"},
            "env": {
                "configMapRefs": [{"name": "app-config", "prefix": "APP_"}],
                "secretRefs": [{"name": "api-credentials"}],
                "variables": [
                    {"name": "TARGET_HOST", "value": "https://api.example.com"},
                    {
                        "name": "LOG_LEVEL",
                        "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "log-level"}},
                    },
                ],
                "secretMounts": [{"name": "tls-certs", "mountPath": "/etc/locust/certs", "readOnly": True}],
            },
        },
    ),
    (
        "otel",
        {
            "image": "locustio/locust-otel:2.43.4",
            "master": {"command": _MASTER_COMMAND},
            "worker": {"command": _COMMAND, "replicas": 3},
            "testFiles": {"configMapRef": "locust-scripts"},
            "observability": {
                "openTelemetry": {
                    "enabled": True,
                    "endpoint": "otel-collector.monitoring:4317",
                    "protocol": "grpc",
                    "insecure": True,
                    "extraEnvVars": {
                        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                        "OTEL_TRACES_SAMPLER_ARG": "0.1",
                    },
                }
            },
        },
    ),
    (
        "volumes",
        {
            "image": "locustio/locust:2.43.1",
            "master": {"command": _MASTER_COMMAND},
            "worker": {"command": _COMMAND, "replicas": 2},
            "testFiles": {"configMapRef": "locust-scripts"},
            "volumes": [
                {"name": "test-results", "emptyDir": {}},
                {"name": "shared-data", "emptyDir": {}},
                {"name": "custom-certs", "secret": {"secretName": "tls-certificates"}},
            ],
            "volumeMounts": [
                {"name": "test-results", "mountPath": "/results", "target": "master"},
                {"name": "shared-data", "mountPath": "/shared", "target": "both"},
                {"name": "custom-certs", "mountPath": "/etc/ssl/custom", "readOnly": True, "target": "worker"},
            ],
            "security": {
                "podSecurityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                "containerSecurityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
            },
        },
    ),
    (
        "production",
        {
            "image": "locustio/locust:2.43.1",
            "imagePullPolicy": "IfNotPresent",
            "master": {
                "command": _MASTER_COMMAND,
                "autostart": True,
                "autoquit": {"enabled": True, "timeout": 60},
                "resources": {
                    "requests": {"cpu": "500m", "memory": "512Mi"},
                    "limits": {"cpu": "1000m", "memory": "1Gi"},
                },
                "labels": {"role": "master", "component": "load-test-orchestrator"},
                "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "8089"},
            },
            "worker": {
                "command": _COMMAND,
                "replicas": 10,
                "resources": {
                    "requests": {"cpu": "250m", "memory": "256Mi"},
                    "limits": {"cpu": "500m", "memory": "512Mi"},
                },
                "labels": {"role": "worker", "component": "load-generator"},
            },
            "testFiles": {"configMapRef": "my-locust-tests"},
            "scheduling": {
                "nodeSelector": {"workload-type": "testing"},
                "affinity": {
                    "podAntiAffinity": {
                        "preferredDuringSchedulingIgnoredDuringExecution": [
                            {
                                "weight": 100,
                                "podAffinityTerm": {
                                    "labelSelector": {"matchLabels": {"role": "worker"}},
                                    "topologyKey": "kubernetes.io/hostname",
                                },
                            }
                        ]
                    }
                },
                "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoSchedule"}],
            },
        },
    ),
)


def locust_test_crs(count: int) -> list[dict[str, Any]]:
    """``count`` complete LocustTest CRs (apiVersion, kind, metadata, spec), shapes in turn."""
    crs = []
    for index in range(count):
        shape, spec = _SHAPES[index % len(_SHAPES)]
        crs.append(
            {
                "apiVersion": "locust.io/v2",
                "kind": "LocustTest",
                "metadata": {"name": f"load-{index:04d}-{shape}", "namespace": NAMESPACE},
                "spec": copy.deepcopy(spec),
            }
        )
    return crs
