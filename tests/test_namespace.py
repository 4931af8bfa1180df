"""``LocustNamespace``: a Namespace whose Pod Security labels match the pods of the tests in it."""

from typing import Any

import cdk8s
import kubernetes_validate
import pytest

from constructs_locust import LocustNamespace, LocustTest, LocustTestSpec, Security, SpecError
from tests import pss_restricted
from tests.pss_restricted import CONTROLS, restricted_violations
from tests.support import minimal_cr_spec
from tests.test_schema import KUBERNETES_VERSIONS

BASELINE_CONTROLS = CONTROLS[: CONTROLS.index(pss_restricted.volume_types)]
"""The controls of "baseline" (the standard's first part; "restricted" adds the rest)."""


def modes(level: str) -> dict[str, str]:
    return {f"pod-security.kubernetes.io/{mode}": level for mode in ("audit", "enforce", "warn")}


def synth_chart(security: Security | None, **namespace: Any) -> list[dict[str, Any]]:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load", namespace="perf")
    LocustNamespace(chart, "namespace", **namespace)
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    if security is not None:
        spec = LocustTestSpec.from_cr({**spec.to_cr(), "security": security.to_cr()})
    LocustTest(chart, "checkout", spec=spec)
    return list(cdk8s.Testing.synth(chart))


def pod_templates(manifests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [manifest["spec"]["template"] for manifest in manifests if manifest["kind"] == "Job"]


def test_restricted_namespace_and_restricted_pods_go_together() -> None:
    manifests = synth_chart(Security.restricted(), pod_security="restricted")
    namespace = manifests[0]
    assert namespace == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "perf", "labels": modes("restricted")},
    }
    assert {m["metadata"].get("namespace") for m in manifests[1:]} == {"perf"}  # the tests go into it
    templates = pod_templates(manifests)
    assert len(templates) == 2
    assert [restricted_violations(template) for template in templates] == [[], []]


def test_the_default_level_is_baseline_which_the_operators_default_pods_meet() -> None:
    manifests = synth_chart(None)
    assert manifests[0]["metadata"]["labels"] == modes("baseline")
    for template in pod_templates(manifests):
        pod, metadata = template["spec"], template["metadata"]
        assert [problem for control in BASELINE_CONTROLS for problem in control(pod, metadata)] == []
        assert restricted_violations(template) != []  # so a restricted default would refuse them


def test_name_version_and_extra_labels() -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
    namespace = LocustNamespace(
        chart, "ns", name="load-tests", pod_security="privileged", pod_security_version="v1.31", labels={"team": "perf"}
    )
    labels = {**modes("privileged"), "team": "perf"}
    labels |= {f"pod-security.kubernetes.io/{mode}-version": "v1.31" for mode in ("audit", "enforce", "warn")}
    assert cdk8s.Testing.synth(chart) == [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "load-tests", "labels": labels}}
    ]
    assert (namespace.name, namespace.pod_security) == ("load-tests", "privileged")
    assert namespace.manifest["metadata"]["labels"] == dict(sorted(labels.items()))


def test_without_a_name_or_a_chart_namespace_the_id_is_the_name() -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
    LocustNamespace(chart, "load-tests")
    assert cdk8s.Testing.synth(chart)[0]["metadata"] == {"name": "load-tests", "labels": modes("baseline")}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pod_security": "strict"}, 'pod_security: Unsupported value: "strict": supported values: "privileged"'),
        ({"pod_security": "Restricted"}, 'pod_security: Unsupported value: "Restricted"'),
        ({"pod_security_version": "1.31"}, 'pod_security_version: Invalid value: "1.31": must be'),
        ({"name": "Load_Tests"}, 'name: Invalid value: "Load_Tests": a namespace name must be'),
        ({"name": "x" * 64}, "name: Invalid value:"),
        ({"labels": {"team": 1}}, "labels.team: Invalid value: 1: must be of type string"),
        ({"labels": {"bad key!": "x"}}, 'labels: Invalid value: "bad key!"'),
        (
            {"labels": {"pod-security.kubernetes.io/enforce": "privileged"}},
            'labels[pod-security.kubernetes.io/enforce]: Invalid value: "privileged": is set by pod_security',
        ),
    ],
)
def test_bad_arguments_are_spec_errors_and_add_nothing(kwargs: dict[str, Any], message: str) -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load", namespace="perf")
    with pytest.raises(SpecError) as error:
        LocustNamespace(chart, "ns", **kwargs)
    assert str(error.value).startswith(message), str(error.value)
    assert chart.node.children == []


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_namespace_passes_strict_validation(version: str) -> None:
    for manifest in synth_chart(Security.restricted(), pod_security="restricted", pod_security_version="latest"):
        kubernetes_validate.validate(manifest, version, strict=True)
