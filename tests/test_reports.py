"""``reports=Reports(...)``: what each option puts in the master Job, and what it refuses.

The real runs (Locust writing, rclone copying, a server keeping) are in
``tests/e2e/test_reports_e2e.py``; this file checks the manifests.
"""

import inspect
import shutil
import subprocess
from datetime import timedelta
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    LocustTestResource,
    LocustTestSpec,
    ObjectStorage,
    OtelOptions,
    Reports,
    SpecError,
    render_manifests,
)
from constructs_locust.manifests._reports_pod import UPLOAD_CONTAINER
from constructs_locust.manifests._runs import LABEL_RUN
from constructs_locust.manifests._upload_script import UPLOAD_SCRIPT
from constructs_locust.testing import synth_yaml
from tests.support import minimal_cr_spec, synth_test
from tests.test_kube_yaml import kubectl_read, needs_kubectl
from tests.test_schema import KUBERNETES_VERSIONS

SPEC = LocustTestSpec.from_cr(minimal_cr_spec(image="locustio/locust:2.47.0"))
S3 = ObjectStorage.s3(secret_name="reports-s3", region="eu-west-1")

SCENARIOS = {
    "s3": Reports(storage=S3, path="load-reports/ci"),
    "s3_compatible_env_auth": Reports(
        storage=ObjectStorage.s3(secret_name=None, provider="Minio", endpoint="https://minio.example.com"),
        path="load-reports",
        html=False,
    ),
    "gcs": Reports(storage=ObjectStorage.gcs(secret_name="reports-gcs"), path="my-bucket/locust", csv=False),
    "azure_blob": Reports(storage=ObjectStorage.azure_blob(secret_name="reports-azure"), path="reports"),
    "claim_full_history": Reports(
        volume_claim="load-reports",
        path="runs",
        csv_full_history=True,
        json=False,
        upload_timeout=timedelta(minutes=2),
        image="registry.example.com/mirror/rclone:1.69.1",
        directory="/var/reports",
    ),
    "webdav": Reports(
        storage=ObjectStorage(
            type="webdav",
            options={"url": "https://dav.example.com/", "vendor": "rclone", "user": "reports"},
            secret_name="reports-webdav",
            secret_options={"pass": "password"},
        )
    ),
}


def master_pod(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and "-master" in m["metadata"]["name"]]
    return job["spec"]["template"]["spec"]


def container(pod: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in pod["containers"] if c["name"] == name]
    return found


def env(container: dict[str, Any]) -> dict[str, Any]:
    return {entry["name"]: entry.get("value", entry.get("valueFrom")) for entry in container["env"]}


def synth(reports: Reports | None, spec: LocustTestSpec = SPEC, **kwargs: Any) -> list[dict[str, Any]]:
    return synth_test(spec, name="checkout", reports=reports, **kwargs)


# ---------------------------------------------------------------------------------------------
# Snapshots: one per destination and option set.


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    assert synth(SCENARIOS[scenario]) == snapshot


def test_snapshot_with_rerun_on_change_and_opentelemetry(snapshot: SnapshotAssertion) -> None:
    otel_image = LocustTestSpec.from_cr(minimal_cr_spec(image="locustio/locust-otel:2.47.0"))
    spec = OtelOptions(endpoint="otel-collector.monitoring:4317", protocol="grpc", insecure=True).apply(otel_image)
    assert synth(SCENARIOS["s3"], spec, rerun_on_change=True) == snapshot


# ---------------------------------------------------------------------------------------------
# Off means the operator's output; on changes only the master Job.


def test_no_reports_is_the_operators_output() -> None:
    assert synth(None) == synth_test(SPEC, name="checkout")


def test_only_the_master_job_changes() -> None:
    plain, kept = synth(None), synth(SCENARIOS["s3"])
    assert [m["kind"] for m in kept] == ["Service", "Job", "Job"]
    assert (kept[0], kept[2]) == (plain[0], plain[2])
    plain_pod, pod = master_pod(plain), master_pod(kept)
    assert pod["initContainers"] == plain_pod["initContainers"]  # the metrics exporter stays
    assert pod["securityContext"] == plain_pod["securityContext"]


def test_the_master_writes_every_report_into_the_run_directory() -> None:
    args = container(master_pod(synth(SCENARIOS["s3"])), "checkout-master")["args"]
    assert args[-3:] == [
        "--html=/locust-reports/run/report.html",
        "--csv=/locust-reports/run/locust",
        "--json-file=/locust-reports/run/stats",
    ]
    assert args[:-3] == container(master_pod(synth(None)), "checkout-master")["args"]


@pytest.mark.parametrize(
    ("options", "flags"),
    [
        ({"html": False}, ["--csv=/r/run/locust", "--json-file=/r/run/stats"]),
        ({"csv": False}, ["--html=/r/run/report.html", "--json-file=/r/run/stats"]),
        ({"json": False}, ["--html=/r/run/report.html", "--csv=/r/run/locust"]),
        (
            {"csv_full_history": True},
            ["--html=/r/run/report.html", "--csv=/r/run/locust", "--csv-full-history", "--json-file=/r/run/stats"],
        ),
    ],
)
def test_each_report_has_its_flag(options: dict[str, Any], flags: list[str]) -> None:
    reports = Reports(volume_claim="keep", directory="/r", **options)
    args = container(master_pod(synth(reports)), "checkout-master")["args"]
    assert [arg for arg in args if arg.startswith(("--html", "--csv", "--json"))] == flags


def test_the_run_directory_is_an_empty_dir_shared_read_only_with_the_upload_container() -> None:
    pod = master_pod(synth(SCENARIOS["s3"]))
    assert pod["volumes"][-1] == {"name": "locust-reports", "emptyDir": {}}
    assert container(pod, "checkout-master")["volumeMounts"][-1] == {
        "name": "locust-reports",
        "mountPath": "/locust-reports/run",
    }
    assert container(pod, UPLOAD_CONTAINER)["volumeMounts"] == [
        {"name": "locust-reports", "mountPath": "/locust-reports/run", "readOnly": True}
    ]


def test_a_claim_is_mounted_in_the_upload_container_only() -> None:
    pod = master_pod(synth(SCENARIOS["claim_full_history"]))
    assert pod["volumes"][-1] == {
        "name": "locust-reports-volume",
        "persistentVolumeClaim": {"claimName": "load-reports"},
    }
    assert {"name": "locust-reports-volume", "mountPath": "/var/reports/volume"} in container(pod, UPLOAD_CONTAINER)[
        "volumeMounts"
    ]
    assert all(m["name"] != "locust-reports-volume" for m in container(pod, "checkout-master")["volumeMounts"])
    assert env(container(pod, UPLOAD_CONTAINER))["REPORTS_DESTINATION"] == "/var/reports/volume/runs/checkout"


def test_the_pod_shares_its_processes_and_gives_the_upload_its_time() -> None:
    pod = master_pod(synth(SCENARIOS["claim_full_history"]))
    assert pod["shareProcessNamespace"] is True
    assert pod["terminationGracePeriodSeconds"] == 2 * 60 + 30
    assert env(container(pod, UPLOAD_CONTAINER))["REPORTS_TIMEOUT"] == "120"


def test_the_upload_is_a_regular_container_after_locust() -> None:
    pod = master_pod(synth(SCENARIOS["s3"]))
    assert [c["name"] for c in pod["containers"]] == ["checkout-master", UPLOAD_CONTAINER]
    upload = container(pod, UPLOAD_CONTAINER)
    assert upload["image"] == "rclone/rclone:1.69.1"
    assert upload["command"] == ["/bin/sh", "-c", UPLOAD_SCRIPT]
    assert "restartPolicy" not in upload
    assert upload["securityContext"]["runAsUser"] != 1000  # not Locust's user: its env stays private


def test_credentials_come_only_from_the_secret() -> None:
    upload = container(master_pod(synth(SCENARIOS["s3"])), UPLOAD_CONTAINER)
    values = env(upload)
    assert values["RCLONE_CONFIG_REPORTS_TYPE"] == "s3"
    assert values["RCLONE_CONFIG_REPORTS_REGION"] == "eu-west-1"
    assert values["RCLONE_CONFIG_REPORTS_ACCESS_KEY_ID"] == {
        "secretKeyRef": {"name": "reports-s3", "key": "AWS_ACCESS_KEY_ID"}
    }
    assert values["RCLONE_CONFIG_REPORTS_SECRET_ACCESS_KEY"] == {
        "secretKeyRef": {"name": "reports-s3", "key": "AWS_SECRET_ACCESS_KEY"}
    }
    assert values["REPORTS_DESTINATION"] == "reports:load-reports/ci/checkout"


def test_any_rclone_backend_takes_its_settings_literally_and_its_credentials_from_the_secret() -> None:
    values = env(container(master_pod(synth(SCENARIOS["webdav"])), UPLOAD_CONTAINER))
    config = {name: value for name, value in values.items() if name.startswith("RCLONE_CONFIG_")}
    assert config == {
        "RCLONE_CONFIG_REPORTS_TYPE": "webdav",
        "RCLONE_CONFIG_REPORTS_URL": "https://dav.example.com/",
        "RCLONE_CONFIG_REPORTS_USER": "reports",
        "RCLONE_CONFIG_REPORTS_VENDOR": "rclone",
        "RCLONE_CONFIG_REPORTS_PASS": {"secretKeyRef": {"name": "reports-webdav", "key": "password"}},
    }
    assert values["REPORTS_DESTINATION"] == "reports:checkout"  # no path: the top of the remote


def test_the_image_can_be_a_mirror() -> None:
    upload = container(master_pod(synth(SCENARIOS["claim_full_history"])), UPLOAD_CONTAINER)
    assert upload["image"] == "registry.example.com/mirror/rclone:1.69.1"


def test_env_auth_s3_has_no_secret() -> None:
    values = env(container(master_pod(synth(SCENARIOS["s3_compatible_env_auth"])), UPLOAD_CONTAINER))
    assert values["RCLONE_CONFIG_REPORTS_ENV_AUTH"] == "true"
    assert values["RCLONE_CONFIG_REPORTS_ENDPOINT"] == "https://minio.example.com"
    assert not any(isinstance(value, dict) for value in values.values())


def test_gcs_and_azure_presets_read_their_keys_from_the_secret() -> None:
    gcs = env(container(master_pod(synth(SCENARIOS["gcs"])), UPLOAD_CONTAINER))
    assert gcs["RCLONE_CONFIG_REPORTS_SERVICE_ACCOUNT_CREDENTIALS"] == {
        "secretKeyRef": {"name": "reports-gcs", "key": "service-account.json"}
    }
    azure = env(container(master_pod(synth(SCENARIOS["azure_blob"])), UPLOAD_CONTAINER))
    assert azure["RCLONE_CONFIG_REPORTS_KEY"] == {"secretKeyRef": {"name": "reports-azure", "key": "AZURE_STORAGE_KEY"}}


# ---------------------------------------------------------------------------------------------
# The run: the hash rerun_on_change names the objects after.


def run_of(manifests: list[dict[str, Any]]) -> str:
    return str(env(container(master_pod(manifests), UPLOAD_CONTAINER))["REPORTS_RUN"])


def test_the_run_is_the_hash_in_the_names_with_rerun_on_change() -> None:
    manifests = synth(SCENARIOS["s3"], rerun_on_change=True)
    run = run_of(manifests)
    assert manifests[1]["metadata"]["labels"][LABEL_RUN] == run
    assert manifests[1]["metadata"]["name"] == f"checkout-master-{run}"


def test_the_run_is_the_same_hash_without_rerun_on_change() -> None:
    assert run_of(synth(SCENARIOS["s3"])) == run_of(synth(SCENARIOS["s3"], rerun_on_change=True))


def test_the_run_changes_with_the_test_and_with_the_reports() -> None:
    other = LocustTestSpec.from_cr(minimal_cr_spec(image="locustio/locust:2.47.1"))
    runs = {run_of(synth(SCENARIOS["s3"])), run_of(synth(SCENARIOS["s3"], other)), run_of(synth(SCENARIOS["gcs"]))}
    assert len(runs) == 3


# ---------------------------------------------------------------------------------------------
# The upload script.


def test_no_line_of_the_script_can_be_taken_for_the_master() -> None:
    assert "--master" not in UPLOAD_SCRIPT.splitlines()


@pytest.mark.skipif(shutil.which("sh") is None, reason="no /bin/sh")
def test_the_script_parses_as_posix_shell() -> None:
    done = subprocess.run(["sh", "-n", "-c", UPLOAD_SCRIPT], capture_output=True, text=True, timeout=30, check=False)
    assert (done.returncode, done.stderr) == (0, "")


# ---------------------------------------------------------------------------------------------
# What the cluster reads.


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_scenario_passes_strict_validation(version: str) -> None:
    for reports in SCENARIOS.values():
        for manifest in synth(reports, rerun_on_change=True):
            kubernetes_validate.validate(manifest, version, strict=True)


@needs_kubectl
def test_kubectl_reads_the_manifests_as_written(tmp_path: Any) -> None:
    from constructs_locust import LocustTest

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test", namespace="load")
    for scenario, reports in sorted(SCENARIOS.items()):
        LocustTest(chart, scenario.replace("_", "-"), spec=SPEC, reports=reports)
    manifests = list(cdk8s.Testing.synth(chart))
    assert kubectl_read(synth_yaml(chart), tmp_path) == manifests


# ---------------------------------------------------------------------------------------------
# What is refused, at the field's name.


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Reports.volume_claim: Required value: give a volume_claim or a storage"),
        ({"volume_claim": "a", "storage": S3}, "Reports.storage: Forbidden: give a volume_claim or a storage"),
        ({"volume_claim": "Not_A_Name"}, 'Reports.volume_claim: Invalid value: "Not_A_Name"'),
        ({"storage": "s3"}, 'Reports.storage: Invalid value: "s3": must be an ObjectStorage'),
        ({"volume_claim": "a", "path": "../up"}, 'Reports.path: Invalid value: "../up": must be a relative path'),
        ({"volume_claim": "a", "path": "/abs"}, 'Reports.path: Invalid value: "/abs": must be a relative path'),
        ({"volume_claim": "a", "path": "a b"}, 'Reports.path: Invalid value: "a b": may contain only'),
        ({"volume_claim": "a", "html": "yes"}, 'Reports.html: Invalid value: "yes": must be of type boolean'),
        ({"volume_claim": "a", "csv": False, "csv_full_history": True}, "Reports.csv_full_history: Invalid value"),
        ({"volume_claim": "a", "html": False, "csv": False, "json": False}, "Reports.html: Required value"),
        ({"volume_claim": "a", "upload_timeout": 60}, "Reports.upload_timeout: Invalid value: 60: must be a"),
        ({"volume_claim": "a", "upload_timeout": timedelta(0)}, "Reports.upload_timeout: Invalid value: 0:00:00"),
        ({"volume_claim": "a", "upload_timeout": timedelta(seconds=1.5)}, "whole number of seconds"),
        ({"volume_claim": "a", "image": ""}, 'Reports.image: Invalid value: "": must be an image reference'),
        ({"volume_claim": "a", "directory": "relative"}, 'Reports.directory: Invalid value: "relative"'),
        ({"volume_claim": "a", "directory": "/"}, 'Reports.directory: Invalid value: "/"'),
    ],
)
def test_reports_refuses(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match=None) as error:
        Reports(**arguments)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"type": "S3"}, 'ObjectStorage.type: Invalid value: "S3": must be an rclone backend name'),
        ({"type": "s3", "options": {"secret_access_key": "x"}}, "ObjectStorage.options.secret_access_key: Forbidden"),
        ({"type": "webdav", "options": {"pass": "x"}}, "a credential comes only from a Secret"),
        ({"type": "s3", "options": {"type": "gcs"}}, "ObjectStorage.options.type: Forbidden"),
        ({"type": "s3", "options": {"Region": "x"}}, 'ObjectStorage.options: Invalid value: "Region"'),
        ({"type": "s3", "options": {"region": 1}}, "ObjectStorage.options.region: Invalid value: 1"),
        ({"type": "s3", "secret_options": {"key": "k"}}, "ObjectStorage.secret_name: Required value"),
        ({"type": "s3", "secret_name": "s", "secret_options": {"key": "a b"}}, "must be a Secret key"),
        (
            {"type": "s3", "options": {"key_id": "x"}, "secret_name": "s", "secret_options": {"key_id": "k"}},
            "ObjectStorage.secret_options.key_id: Duplicate value",
        ),
        ({"type": "s3", "secret_name": "Bad_Name"}, 'ObjectStorage.secret_name: Invalid value: "Bad_Name"'),
    ],
)
def test_object_storage_refuses(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        ObjectStorage(**arguments)
    assert message in str(error.value)


def test_a_reports_keyword_that_is_no_reports_is_refused() -> None:
    with pytest.raises(SpecError, match='reports: Invalid value: "s3": must be a Reports'):
        synth("s3")  # type: ignore[arg-type]


def test_the_reports_names_must_be_free_in_the_spec() -> None:
    volume = {"name": "locust-reports", "emptyDir": {}}
    mount = {"name": "locust-reports", "mountPath": "/data", "target": "master"}
    spec = LocustTestSpec.from_cr(minimal_cr_spec(volumes=[volume], volumeMounts=[mount]))
    with pytest.raises(SpecError, match=r"spec.volumes\[0\].name: Duplicate value"):
        synth(SCENARIOS["s3"], spec)
    taken = LocustTestSpec.from_cr(
        minimal_cr_spec(
            volumes=[{"name": "data", "emptyDir": {}}],
            volumeMounts=[{"name": "data", "mountPath": "/locust-reports/run", "target": "master"}],
        )
    )
    with pytest.raises(SpecError, match=r"reports\.directory: Duplicate value"):
        synth(SCENARIOS["s3"], taken)


def test_render_manifests_and_the_cr_know_nothing_of_reports() -> None:
    """The operator cannot run an extra container: reports belong to ``LocustTest`` only."""
    assert "reports" not in inspect.signature(render_manifests).parameters
    assert "reports" not in inspect.signature(LocustTestResource.__init__).parameters
