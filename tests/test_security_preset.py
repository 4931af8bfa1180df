"""``Security.restricted()``: every container of every pod meets the Pod Security Standard "restricted"."""

import copy
from typing import Any

import attrs
import pytest

from constructs_locust import LocustTestSpec, Security, SpecError, render_manifests
from constructs_locust._core.frozen import thaw
from constructs_locust.kube._security import LOCUST_IMAGE_UID
from tests.pss_restricted import CONTROLS, restricted_violations
from tests.support import minimal_cr_spec

OTEL = {"openTelemetry": {"enabled": True, "endpoint": "collector:4317"}}
EVERY_VOLUME_KIND = minimal_cr_spec(
    testFiles={"configMapRef": "files", "libConfigMapRef": "lib"},
    env={"secretMounts": [{"name": "tokens", "mountPath": "/etc/tokens"}]},
    volumes=[
        {"name": "reports", "emptyDir": {}},
        {"name": "results", "persistentVolumeClaim": {"claimName": "results"}},
    ],
    volumeMounts=[{"name": "reports", "mountPath": "/reports"}, {"name": "results", "mountPath": "/results"}],
)
SHAPES = {"plain": minimal_cr_spec(), "otel": minimal_cr_spec(observability=OTEL), "volumes": EVERY_VOLUME_KIND}


def pod_templates(cr_spec: dict[str, Any], security: Security | None) -> list[dict[str, Any]]:
    spec = attrs.evolve(LocustTestSpec.from_cr(cr_spec), security=security)
    _, master, worker = render_manifests(spec, "demo", "load")
    return [master["spec"]["template"], worker["spec"]["template"]]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_restricted_preset_meets_every_control_in_every_container(shape: str) -> None:
    templates = pod_templates(SHAPES[shape], Security.restricted())
    checked = [name for template in templates for name in _container_names(template)]
    if shape != "otel":
        assert "initContainers[locust-metrics-exporter]" in checked  # the sidecar is among those checked
    for template in templates:
        assert restricted_violations(template) == []


def _container_names(template: dict[str, Any]) -> list[str]:
    pod = template["spec"]
    return [f"{key}[{c['name']}]" for key in ("initContainers", "containers") for c in pod.get(key) or ()]


def test_the_presets_exact_contexts() -> None:
    security = Security.restricted()
    assert security.pod_security_context == {
        "runAsNonRoot": True,
        "runAsUser": 1000,
        "runAsGroup": 1000,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert thaw(security.container_security_context) == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert LOCUST_IMAGE_UID == 1000
    other = Security.restricted(run_as_user=10001, run_as_group=10001, read_only_root_filesystem=False)
    assert other.pod_security_context is not None and other.pod_security_context["runAsUser"] == 10001
    assert other.container_security_context is not None
    assert other.container_security_context["readOnlyRootFilesystem"] is False
    for template in pod_templates(minimal_cr_spec(), other):
        assert restricted_violations(template) == []


def test_the_sidecar_keeps_the_operators_context_and_inherits_the_pods() -> None:
    master, _ = pod_templates(minimal_cr_spec(), Security.restricted())
    (sidecar,) = master["spec"]["initContainers"]
    assert sidecar["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    }
    assert master["spec"]["securityContext"]["runAsNonRoot"] is True
    assert master["spec"]["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}


def test_the_preset_is_plain_cr_fields_that_to_cr_carries() -> None:
    spec = attrs.evolve(LocustTestSpec.from_cr(minimal_cr_spec()), security=Security.restricted())
    cr = spec.to_cr()
    assert cr["security"] == {
        "podSecurityContext": {
            "runAsNonRoot": True,
            "runAsUser": 1000,
            "runAsGroup": 1000,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containerSecurityContext": {
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    assert LocustTestSpec.from_cr(cr) == spec


def test_the_operators_default_pods_are_not_restricted() -> None:
    master, worker = pod_templates(minimal_cr_spec(), None)
    assert restricted_violations(master) == [
        "Privilege Escalation: containers[demo-master] does not set allowPrivilegeEscalation: false",
        "Running as Non-root: initContainers[locust-metrics-exporter] is not required to run as non-root",
        "Running as Non-root: containers[demo-master] is not required to run as non-root",
        "Capabilities: containers[demo-master] does not drop ALL",
    ]
    assert restricted_violations(worker) == [
        "Privilege Escalation: containers[demo-worker] does not set allowPrivilegeEscalation: false",
        "Running as Non-root: containers[demo-worker] is not required to run as non-root",
        "Capabilities: containers[demo-worker] does not drop ALL",
    ]


def test_the_replacement_trap_run_as_non_root_alone_drops_the_seccomp_profile() -> None:
    master, _ = pod_templates(minimal_cr_spec(), Security(pod_security_context={"runAsNonRoot": True}))
    assert master["spec"]["securityContext"] == {"runAsNonRoot": True}  # the default seccomp profile is gone
    assert "Seccomp: initContainers[locust-metrics-exporter] has no RuntimeDefault or Localhost profile" in (
        restricted_violations(master)
    )


@pytest.mark.parametrize("bad", [0, -1, True, "1000", 2**31])
def test_bad_ids_are_spec_errors(bad: Any) -> None:
    with pytest.raises(SpecError) as caught:
        Security.restricted(run_as_user=bad)
    assert str(caught.value).startswith("spec.security.podSecurityContext.runAsUser: Invalid value: ")
    assert str(caught.value).endswith(": must be an integer between 1 and 2147483647")
    with pytest.raises(SpecError, match=r"^spec\.security\.podSecurityContext\.runAsGroup: "):
        Security.restricted(run_as_group=bad)


def test_read_only_root_filesystem_must_be_a_boolean() -> None:
    with pytest.raises(SpecError) as caught:
        Security.restricted(read_only_root_filesystem="yes")  # type: ignore[arg-type]
    assert str(caught.value) == (
        'spec.security.containerSecurityContext.readOnlyRootFilesystem: Invalid value: "yes": must be a boolean'
    )


# Each mutation breaks one control on the restricted output: the checker is not vacuous.
MUTATIONS = {
    "HostProcess": lambda p: p["securityContext"].update(windowsOptions={"hostProcess": True}),
    "Host Namespaces": lambda p: p.update(hostPID=True),
    "Privileged Containers": lambda p: p["containers"][0]["securityContext"].update(privileged=True),
    "Capabilities: containers[demo-master] adds SYS_ADMIN": lambda p: p["containers"][0]["securityContext"][
        "capabilities"
    ].update(add=["SYS_ADMIN"]),
    "Capabilities: containers[demo-master] adds CHOWN": lambda p: p["containers"][0]["securityContext"][
        "capabilities"
    ].update(add=["CHOWN"]),
    "HostPath Volumes": lambda p: p.setdefault("volumes", []).append({"name": "h", "hostPath": {"path": "/"}}),
    "Volume Types: volume n is nfs": lambda p: p.setdefault("volumes", []).append(
        {"name": "n", "nfs": {"server": "s", "path": "/"}}
    ),
    "Host Ports": lambda p: p["containers"][0]["ports"][0].update(hostPort=5557),
    "AppArmor": lambda p: p["containers"][0]["securityContext"].update(appArmorProfile={"type": "Unconfined"}),
    "SELinux": lambda p: p["securityContext"].update(seLinuxOptions={"type": "spc_t"}),
    "/proc Mount Type": lambda p: p["containers"][0]["securityContext"].update(procMount="Unmasked"),
    "Seccomp: initContainers[locust-metrics-exporter] is Unconfined": lambda p: p["initContainers"][0][
        "securityContext"
    ].update(seccompProfile={"type": "Unconfined"}),
    "Sysctls": lambda p: p["securityContext"].update(sysctls=[{"name": "kernel.msgmax", "value": "1"}]),
    "Privilege Escalation": lambda p: p["initContainers"][0]["securityContext"].pop("allowPrivilegeEscalation"),
    "Running as Non-root: initContainers": lambda p: p["securityContext"].pop("runAsNonRoot"),
    "Running as Non-root user": lambda p: p["securityContext"].update(runAsUser=0),
    "Seccomp: initContainers[locust-metrics-exporter] has no": lambda p: p["securityContext"].pop("seccompProfile"),
    "Capabilities: initContainers[locust-metrics-exporter] does not drop ALL": lambda p: p["initContainers"][0][
        "securityContext"
    ].pop("capabilities"),
}


@pytest.mark.parametrize("control", sorted(MUTATIONS))
def test_the_checker_catches_each_control(control: str) -> None:
    master, _ = pod_templates(minimal_cr_spec(), Security.restricted())
    broken = copy.deepcopy(master)
    MUTATIONS[control](broken["spec"])
    problems = restricted_violations(broken)
    assert any(problem.startswith(control) for problem in problems), problems
    if control == "Capabilities: containers[demo-master] adds CHOWN":
        assert problems == [control]  # allowed by baseline, refused by restricted


def test_the_checker_has_every_control_of_the_standard() -> None:
    assert len(CONTROLS) == 17  # 11 baseline + 6 restricted (seccomp and capabilities in both)


def test_an_apparmor_annotation_other_than_runtime_default_is_caught() -> None:
    master, _ = pod_templates(minimal_cr_spec(), Security.restricted())
    master["metadata"]["annotations"]["container.apparmor.security.beta.kubernetes.io/demo-master"] = "unconfined"
    assert restricted_violations(master) == [
        "AppArmor: annotation container.apparmor.security.beta.kubernetes.io/demo-master=unconfined"
    ]
