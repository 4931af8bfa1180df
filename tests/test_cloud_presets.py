"""Cloud placement presets: ``PodOptions.gke_spot()`` ... place pods with each provider's labels and taints."""

from typing import Any

import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTestSpec, PodOptions, render_manifests
from tests.support import minimal_cr_spec
from tests.test_pod_options import PLAIN, SHARED, SHARED_ANTI_AFFINITY, pods
from tests.test_schema import KUBERNETES_VERSIONS


def absent(key: str) -> dict[str, Any]:
    term = {"matchExpressions": [{"key": key, "operator": "DoesNotExist"}]}
    return {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}


def no_schedule(key: str, value: str) -> dict[str, str]:
    return {"key": key, "operator": "Equal", "value": value, "effect": "NoSchedule"}


GKE = "cloud.google.com/gke-spot"
AKS = "kubernetes.azure.com/scalesetpriority"
EKS = "eks.amazonaws.com/capacityType"
KARPENTER = "karpenter.sh/capacity-type"

# preset -> (nodeSelector, tolerations, nodeAffinity) of the pod it places, with the plain spec
EXPECTED: dict[str, tuple[dict[str, str] | None, list[dict[str, str]] | None, dict[str, Any] | None]] = {
    "gke_spot": ({GKE: "true"}, [no_schedule(GKE, "true")], None),
    "gke_on_demand": (None, None, absent(GKE)),
    "eks_spot": ({EKS: "SPOT"}, None, None),
    "eks_on_demand": ({EKS: "ON_DEMAND"}, None, None),
    "karpenter_spot": ({KARPENTER: "spot"}, None, None),
    "karpenter_on_demand": ({KARPENTER: "on-demand"}, None, None),
    "aks_spot": ({AKS: "spot"}, [no_schedule(AKS, "spot")], None),
    "aks_on_demand": (None, None, absent(AKS)),
}
PAIRS = {"gke": ("gke_spot", "gke_on_demand"), "eks": ("eks_spot", "eks_on_demand")}
PAIRS |= {"karpenter": ("karpenter_spot", "karpenter_on_demand"), "aks": ("aks_spot", "aks_on_demand")}


def preset(name: str) -> PodOptions:
    options: PodOptions = getattr(PodOptions, name)()
    return options


def test_every_preset_is_listed_and_cites_its_providers_documentation() -> None:
    names = sorted(name for name in dir(PodOptions) if name.endswith(("_spot", "_on_demand")))
    assert names == sorted(EXPECTED)
    for name in names:
        doc = getattr(PodOptions, name).__doc__
        assert "See https://" in doc, name
        assert isinstance(preset(name), PodOptions)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_preset_places_the_workers_with_the_documented_labels_and_taints(name: str) -> None:
    node_selector, tolerations, node_affinity = EXPECTED[name]
    master, worker = pods(PLAIN, worker_pod=preset(name))
    assert worker.get("nodeSelector") == node_selector
    assert worker.get("tolerations") == tolerations
    assert (worker.get("affinity") or {}).get("nodeAffinity") == node_affinity
    assert not {"nodeSelector", "tolerations", "affinity"} & set(master)  # the other role is untouched


@pytest.mark.parametrize("provider", sorted(PAIRS))
def test_snapshot_spot_workers_and_an_on_demand_master(provider: str, snapshot: SnapshotAssertion) -> None:
    spot, on_demand = PAIRS[provider]
    manifests = render_manifests(PLAIN, "checkout", "load", master_pod=preset(on_demand), worker_pod=preset(spot))
    assert [manifests.master_job, manifests.worker_job] == snapshot


def test_presets_combine_with_the_specs_scheduling_by_the_usual_rules() -> None:
    """Tolerations and node selectors are added; an on-demand preset's nodeAffinity replaces the spec's."""
    master, worker = pods(SHARED, master_pod=PodOptions.gke_on_demand(), worker_pod=PodOptions.gke_spot())
    dedicated = {"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoSchedule"}
    assert worker["tolerations"] == [dedicated, no_schedule(GKE, "true")]
    assert worker["nodeSelector"] == {"cloud.google.com/gke-spot": "true", "disk": "ssd", "pool": "load"}
    assert master["affinity"] == {"nodeAffinity": absent(GKE), "podAntiAffinity": SHARED_ANTI_AFFINITY}
    assert master["nodeSelector"] == {"disk": "ssd", "pool": "load"}


def test_a_preset_node_selector_wins_over_the_specs_on_the_same_key() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(scheduling={"nodeSelector": {EKS: "ON_DEMAND"}}))
    _, worker = pods(spec, worker_pod=PodOptions.eks_spot())
    assert worker["nodeSelector"] == {EKS: "SPOT"}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_preset_passes_strict_validation(version: str) -> None:
    for spot, on_demand in PAIRS.values():
        options = {"master_pod": preset(on_demand), "worker_pod": preset(spot)}
        for manifest in render_manifests(SHARED, "checkout", "load", **options):
            kubernetes_validate.validate(manifest, version, strict=True)
