"""The operator's objects under a team's own operator configuration, derived by hand from its rules.

Same method as test_operator_equivalence.py (whose hand-written expectations for a default
Helm install are the starting point): each change below is a rule of
``docs/explanation/operator-behaviour.md`` applied to the configuration in tests/fixtures/operator/, never
this library's output.

* team-values.yaml, through the chart (_helpers.tpl): POD_* from locustPods.resources,
  MASTER_POD_* / WORKER_POD_* from masterResources / workerResources, ENABLE_AFFINITY_CR_INJECTION
  false, METRICS_EXPORTER_IMAGE and _PULL_POLICY, and JOB_TTL_SECONDS_AFTER_FINISHED from the
  deprecated config.loadGenerationJobs key (locustPods.ttlSecondsAfterFinished is empty).
* operator.env: the variables as given, every other one at its Go default (§2, "Go default"
  column: exporter pulled Always with 250m/128Mi/30M and 1000m/1024Mi/50M, no affinity
  injection).
"""

import contextlib
import copy
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_operator_equivalence import EXPECTED, normalized

from constructs_locust.cli import _main as cli

CRS = Path(__file__).parent / "fixtures" / "crs"
OPERATOR = Path(__file__).parent / "fixtures" / "operator"
VALUES = OPERATOR / "team-values.yaml"
ENV = OPERATOR / "operator.env"


def render(cr_file: str, *options: str) -> list[dict[str, Any]]:
    """The objects ``constructs-locust render`` prints for a fixture CR."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["render", str(CRS / cr_file), *options]) == 0
    return list(yaml.safe_load_all(out.getvalue()))


def resources(requests: dict[str, str], limits: dict[str, str]) -> dict[str, Any]:
    return {"requests": requests, "limits": limits}


def configured(
    objects: list[dict[str, Any]],
    *,
    master: dict[str, Any] | None,
    worker: dict[str, Any] | None,
    ttl: int | None,
    exporter: dict[str, Any],
    affinity: bool = True,
    tolerations: bool = True,
    runtime_class: str | None = None,
    kafka: list[dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """The default-install expectation with this configuration's rules applied (§5, §5.1, §5.2)."""
    service, master_job, worker_job = copy.deepcopy(objects)
    for job, role_resources in ((master_job, master), (worker_job, worker)):
        if ttl is not None:
            job["spec"]["ttlSecondsAfterFinished"] = ttl  # §5: from JOB_TTL_SECONDS_AFTER_FINISHED
        pod = job["spec"]["template"]["spec"]
        container = pod["containers"][0]
        if role_resources is not None:  # only where the CR role sets no resources (§5.1)
            container["resources"] = role_resources
        if kafka is not None:
            container["env"] = kafka + container["env"][7:]  # the seven KAFKA_* come first
        if not affinity:
            pod.pop("affinity", None)  # §5: only with ENABLE_AFFINITY_CR_INJECTION
        if not tolerations:
            pod.pop("tolerations", None)
        if runtime_class is not None:
            pod["runtimeClassName"] = runtime_class  # §5: the default when the CR sets none
        for sidecar in pod.get("initContainers", []):
            sidecar.update(exporter)
    return [service, master_job, worker_job]


# ---------------------------------------------------------------------------------------------
# --operator-values team-values.yaml
# ---------------------------------------------------------------------------------------------

TEAM_EXPORTER = {"image": "registry.example.com/mirror/locust_exporter:v0.5.0", "imagePullPolicy": "Always"}
# MASTER_POD_* field by field over POD_* (ephemeral-storage has no master value: 50M / 100M from POD_*)
TEAM_MASTER = resources(
    {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "50M"},
    {"cpu": "2000m", "memory": "2Gi", "ephemeral-storage": "100M"},
)
TEAM_WORKER = resources(
    {"cpu": "250m", "memory": "256Mi", "ephemeral-storage": "50M"},
    {"cpu": "1000m", "memory": "1536Mi", "ephemeral-storage": "100M"},
)


@pytest.mark.parametrize(
    "cr_file",
    [
        "locust_v2_locusttest_with_env.yaml",
        "locust_v2_locusttest_with_security.yaml",
        "locust_v2_locusttest_with_volumes.yaml",
    ],
)
def test_team_values_give_role_specific_resources_ttl_and_exporter(cr_file: str) -> None:
    expected = configured(EXPECTED[cr_file](), master=TEAM_MASTER, worker=TEAM_WORKER, ttl=3600, exporter=TEAM_EXPORTER)
    assert normalized(render(cr_file, "--operator-values", str(VALUES))) == normalized(expected)


def test_team_values_keep_cr_resources_and_drop_affinity() -> None:
    cr_file = "locusttest_v2_production.yaml"  # both roles set resources; the CR has an affinity
    expected = configured(
        EXPECTED[cr_file](), master=None, worker=None, ttl=3600, exporter=TEAM_EXPORTER, affinity=False
    )
    assert normalized(render(cr_file, "--operator-values", str(VALUES))) == normalized(expected)


def test_team_values_with_opentelemetry_have_no_exporter_to_configure() -> None:
    cr_file = "locust_v2_locusttest_with_otel.yaml"
    expected = configured(EXPECTED[cr_file](), master=TEAM_MASTER, worker=TEAM_WORKER, ttl=3600, exporter={})
    assert normalized(render(cr_file, "--operator-values", str(VALUES))) == normalized(expected)


# ---------------------------------------------------------------------------------------------
# --operator-env operator.env
# ---------------------------------------------------------------------------------------------

GO_EXPORTER = {
    "imagePullPolicy": "Always",
    "resources": resources(
        {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
        {"cpu": "1000m", "memory": "1024Mi", "ephemeral-storage": "50M"},
    ),
}
ENV_MASTER = resources(
    {"cpu": "300m", "memory": "256Mi", "ephemeral-storage": "30M"},
    {"cpu": "1500m", "memory": "1Gi", "ephemeral-storage": "50M"},
)
ENV_WORKER = resources(
    {"cpu": "300m", "memory": "256Mi", "ephemeral-storage": "30M"},
    {"cpu": "1500m", "memory": "2Gi", "ephemeral-storage": "50M"},
)
ENV_KAFKA = [
    {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "kafka.messaging:9092"},
    {"name": "KAFKA_SECURITY_ENABLED", "value": "true"},
    {"name": "KAFKA_SECURITY_PROTOCOL_CONFIG", "value": "SASL_PLAINTEXT"},
    {"name": "KAFKA_SASL_MECHANISM", "value": "PLAIN"},
    {"name": "KAFKA_SASL_JAAS_CONFIG"},
    {"name": "KAFKA_USERNAME", "value": "locust"},
    {"name": "KAFKA_PASSWORD"},
]


@pytest.mark.parametrize("cr_file", [name for name in EXPECTED if name != "locusttest_v2_production.yaml"])
def test_operator_env_gives_what_that_operator_creates(cr_file: str) -> None:
    expected = configured(
        EXPECTED[cr_file](),
        master=ENV_MASTER,
        worker=ENV_WORKER,
        ttl=600,
        exporter=GO_EXPORTER,
        runtime_class="gvisor",
        kafka=ENV_KAFKA,
    )
    if cr_file == "locust_v2_locusttest.yaml":  # both roles set resources in the CR: verbatim
        for job, original in zip(expected[1:], EXPECTED[cr_file]()[1:], strict=True):
            container = job["spec"]["template"]["spec"]["containers"][0]
            container["resources"] = original["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert normalized(render(cr_file, "--operator-env", str(ENV))) == normalized(expected)


def test_operator_env_without_affinity_injection_drops_the_crs_affinity() -> None:
    cr_file = "locusttest_v2_production.yaml"
    expected = configured(
        EXPECTED[cr_file](),
        master=None,
        worker=None,
        ttl=600,
        exporter=GO_EXPORTER,
        affinity=False,  # ENABLE_AFFINITY_CR_INJECTION unset: Go default false
        runtime_class="gvisor",
        kafka=ENV_KAFKA,
    )
    assert normalized(render(cr_file, "--operator-env", str(ENV))) == normalized(expected)
