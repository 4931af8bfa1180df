"""The names a user needs: each test's Service and Job names and pod selectors, and the docs' commands.

The selectors are evaluated against the rendered pod-template labels (what the Job controller
puts on the pods) with a small evaluator of Kubernetes' label-selector syntax, itself tested.
"""

import re
from collections.abc import Mapping
from typing import Any

import cdk8s
import pytest

from constructs_locust import LocustTest, LocustTestResource, LocustTestSpec
from constructs_locust.manifests._runs import LABEL_RUN
from tests.docs_blocks import pages
from tests.support import minimal_cr_spec

SPEC = LocustTestSpec.from_cr(
    minimal_cr_spec(master={"command": "--locustfile /lotest/src/locustfile.py", "extraArgs": ["--run-time", "5m"]})
)
NAME_ATTRIBUTES = ("master_service_name", "master_job_name", "worker_job_name")
SELECTOR_ATTRIBUTES = ("master_pod_selector", "worker_pod_selector", "pod_selector")


def _requirement(requirement: str, labels: Mapping[str, str]) -> bool:
    """One requirement of a selector: ``k=v``, ``k==v``, ``k!=v``, ``k in (a,b)``, ``k notin (a,b)``, ``k``, ``!k``."""
    requirement = requirement.strip()
    found = re.fullmatch(r"(\S+)\s+(in|notin)\s+\(([^)]*)\)", requirement)
    if found:
        values = {value.strip() for value in found[3].split(",")}
        return (labels.get(found[1]) in values) == (found[2] == "in")
    found = re.fullmatch(r"([^=!\s]+)\s*(!=|==|=)\s*(\S*)", requirement)
    if found:
        return (labels.get(found[1]) == found[3]) == (found[2] != "!=")
    if requirement.startswith("!"):
        return requirement[1:] not in labels
    return requirement in labels


def selects(selector: str, labels: Mapping[str, str]) -> bool:
    """Whether the label selector ``selector`` selects an object with ``labels`` (every requirement holds)."""
    requirements = re.split(r",(?![^(]*\))", selector)  # commas inside "in (...)" do not split
    return all(_requirement(requirement, labels) for requirement in requirements)


def test_the_selector_evaluator_reads_kubernetes_syntax() -> None:
    labels = {"a": "1", "b": "2"}
    assert selects("a=1", labels) and selects("a==1,b=2", labels) and not selects("a=1,b=3", labels)
    assert selects("a in (0,1)", labels) and not selects("a in (0,3)", labels) and selects("a notin (0)", labels)
    assert (
        selects("c!=1", labels) and not selects("a!=1", labels) and selects("!c", labels) and not selects("c", labels)
    )
    assert selects("a in (0, 1),b", labels)


def new_test(**kwargs: Any) -> tuple[LocustTest, list[dict[str, Any]]]:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load", namespace="perf")
    test = LocustTest(chart, "checkout", spec=SPEC, **kwargs)
    return test, list(cdk8s.Testing.synth(chart))


def run_of(test: LocustTest) -> str:
    """The run hash of a ``rerun_on_change`` test, from the label its Service carries."""
    return str(test.manifests.master_service["metadata"]["labels"][LABEL_RUN])


def pod_labels(manifests: list[dict[str, Any]], job_name: str) -> dict[str, str]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == job_name]
    return dict(job["spec"]["template"]["metadata"]["labels"])


@pytest.mark.parametrize("rerun_on_change", [False, True])
def test_the_attributes_are_the_names_the_objects_are_written_with(rerun_on_change: bool) -> None:
    test, manifests = new_test(rerun_on_change=rerun_on_change)
    suffix = f"-{run_of(test)}" if rerun_on_change else ""
    assert [getattr(test, attribute) for attribute in NAME_ATTRIBUTES] == [
        f"checkout-master{suffix}",
        f"checkout-master{suffix}",
        f"checkout-worker{suffix}",
    ]
    assert [(m["kind"], m["metadata"]["name"]) for m in manifests] == [
        ("Service", test.master_service_name),
        ("Job", test.master_job_name),
        ("Job", test.worker_job_name),
    ]


@pytest.mark.parametrize("rerun_on_change", [False, True])
def test_the_selectors_select_this_runs_pods_and_no_other(rerun_on_change: bool) -> None:
    test, manifests = new_test(rerun_on_change=rerun_on_change)
    master, worker = pod_labels(manifests, test.master_job_name), pod_labels(manifests, test.worker_job_name)
    (service,) = [m for m in manifests if m["kind"] == "Service"]
    assert selects(test.master_pod_selector, master) and not selects(test.master_pod_selector, worker)
    assert selects(test.worker_pod_selector, worker) and not selects(test.worker_pod_selector, master)
    assert selects(test.pod_selector, master) and selects(test.pod_selector, worker)
    assert service["spec"]["selector"].items() <= master.items()  # the Service reaches the same pod
    # another run of the same test (a changed replica count: new names with rerun_on_change)
    other = LocustTest(
        cdk8s.Chart(cdk8s.Testing.app(), "load"),
        "checkout",
        spec=LocustTestSpec.from_cr({**SPEC.to_cr(), "worker": {**SPEC.to_cr()["worker"], "replicas": 7}}),
        rerun_on_change=rerun_on_change,
    )
    other_pods = [
        pod_labels(list(cdk8s.Testing.synth(other.node.scope)), n)
        for n in (other.master_job_name, other.worker_job_name)
    ]
    assert any(selects(test.pod_selector, labels) for labels in other_pods) is not rerun_on_change


def test_user_labels_cannot_change_what_the_selectors_select() -> None:
    spec = LocustTestSpec.from_cr(
        {**SPEC.to_cr(), "master": {**SPEC.to_cr()["master"], "labels": {"app": "x", "performance-test-name": "y"}}}
    )
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
    test = LocustTest(chart, "checkout", spec=spec, rerun_on_change=True)
    assert selects(test.master_pod_selector, pod_labels(list(cdk8s.Testing.synth(chart)), test.master_job_name))


def test_the_cr_construct_names_what_the_operator_creates() -> None:
    test, _ = new_test()
    resource = LocustTestResource(cdk8s.Chart(cdk8s.Testing.app(), "crs"), "checkout", spec=SPEC)
    for attribute in (*NAME_ATTRIBUTES, *SELECTOR_ATTRIBUTES):
        assert getattr(resource, attribute) == getattr(test, attribute), attribute


# --- the documentation's commands ---------------------------------------------------------------

KUBECTL = re.compile(r"`(kubectl [^`]+)`")
PLACEHOLDER = re.compile(r"<(\w+)>")


def kubectl_commands() -> list[tuple[str, str]]:
    """Every inline ``kubectl`` command of the README and the docs, with its page."""
    return [(page.name, " ".join(found.split())) for page in pages() for found in KUBECTL.findall(page.read_text())]


def test_no_page_types_a_name_that_rerun_on_change_changes() -> None:
    commands = kubectl_commands()
    assert any("port-forward" in command for _, command in commands)
    for page, command in commands:
        assert not re.search(r"(svc|service|job|jobs)/<name>-(master|worker)", command), (page, command)


def test_every_placeholder_of_a_port_forward_or_logs_command_is_an_attribute() -> None:
    attributes = {*NAME_ATTRIBUTES, *SELECTOR_ATTRIBUTES}
    found = set()
    for _, command in kubectl_commands():
        if re.match(r"kubectl (port-forward|logs|get pods)", command):
            names = set(PLACEHOLDER.findall(command)) - {"namespace"}
            assert names <= attributes, command
            found |= names
    assert found == attributes - {"worker_job_name"}  # each (but the worker Job's) is in a command


def test_the_gitops_selectors_pick_the_runs_they_say() -> None:
    """``-l performance-test-run=<hash>``: this run's Jobs; ``...,performance-test-run!=<hash>``: the others'."""
    test, manifests = new_test(rerun_on_change=True)
    run = run_of(test)
    objects = [m for m in manifests if m["kind"] in ("Job", "Service")]
    selectors = [
        command.split(" -l ", 1)[1].split()[0].replace("<hash>", run)
        for _, command in kubectl_commands()
        if " -l " in command and "<hash>" in command
    ]
    assert len(selectors) == 2
    for selector in selectors:
        chosen = [m for m in objects if selects(selector, m["metadata"].get("labels", {}))]
        assert chosen == (objects if "!=" not in selector else []), selector
        if "!=" in selector:  # an older run of the same test is what it deletes
            older = {**objects[0]["metadata"]["labels"], "performance-test-run": "0" * 8}
            assert selects(selector, older)


def test_the_names_of_a_cron_job_template_are_read_from_its_job_template() -> None:
    """A test run on a schedule renders CronJobs: the pod labels are one level further down."""
    from constructs_locust.manifests._run_names import job_spec, names_of

    test, _ = new_test(rerun_on_change=True)
    job = test.manifests.master_job
    cron = {"kind": "CronJob", "metadata": job["metadata"], "spec": {"jobTemplate": {"spec": job["spec"]}}}
    assert job_spec(cron) == job_spec(job) == job["spec"]
    renamed = type(test.manifests)(test.manifests.master_service, cron, test.manifests.worker_job)
    assert names_of(renamed) == names_of(test.manifests)
