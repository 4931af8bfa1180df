"""Spot and on-demand placement on GKE, EKS (managed node groups, Karpenter) and AKS, as ``PodOptions``.

Each preset is a class method of :class:`~constructs_locust.PodOptions` (``PodOptions.gke_spot()``
...), built from the labels and taints that the provider documents for its spot nodes (each
docstring cites the page). A spot preset selects the provider's spot label and tolerates its
spot taint where the provider has one; an on-demand preset selects the provider's on-demand
label, or, where on-demand nodes carry none, requires the spot label to be absent
(``DoesNotExist``) with a node affinity.

The usual split: ``worker_pod=PodOptions.gke_spot()``, ``master_pod=PodOptions.gke_on_demand()``
(workers are cheap to lose and come back; a master lost to a spot reclaim ends the whole run).
They combine with the spec's shared ``scheduling`` as every ``PodOptions`` does: tolerations and
node selectors are *added*, and an on-demand preset's ``nodeAffinity`` *replaces* the spec's
``nodeAffinity`` (its pod affinities are kept). To add fields, use ``attrs.evolve(preset, ...)``.
"""

from typing import Any, Self

__all__ = ["CloudPresets"]

GKE_SPOT_LABEL = "cloud.google.com/gke-spot"
EKS_CAPACITY_LABEL = "eks.amazonaws.com/capacityType"
KARPENTER_CAPACITY_LABEL = "karpenter.sh/capacity-type"
AKS_PRIORITY_LABEL = "kubernetes.azure.com/scalesetpriority"


def _no_schedule_toleration(key: str, value: str) -> dict[str, str]:
    return {"key": key, "operator": "Equal", "value": value, "effect": "NoSchedule"}


def _label_absent(key: str) -> dict[str, Any]:
    """A ``nodeAffinity`` that requires nodes without the label ``key``."""
    term = {"matchExpressions": [{"key": key, "operator": "DoesNotExist"}]}
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}}


class CloudPresets:
    """The cloud placement presets, inherited by ``PodOptions`` as class methods."""

    __slots__ = ()

    @classmethod
    def _preset(cls, **fields: Any) -> Self:
        build: Any = cls
        options: Self = build(**fields)
        return options

    @classmethod
    def gke_spot(cls) -> Self:
        """Pods on GKE Spot VMs: node selector ``cloud.google.com/gke-spot: "true"``, its taint tolerated.

        GKE labels Spot nodes ``cloud.google.com/gke-spot=true``; their node pools are tainted
        ``cloud.google.com/gke-spot=true:NoSchedule`` by node auto-provisioning and Autopilot,
        and commonly by hand on Standard node pools, so the toleration is included (it is
        harmless on an untainted node).
        See https://cloud.google.com/kubernetes-engine/docs/how-to/spot-vms.
        """
        return cls._preset(
            node_selector={GKE_SPOT_LABEL: "true"},
            tolerations=[_no_schedule_toleration(GKE_SPOT_LABEL, "true")],
        )

    @classmethod
    def gke_on_demand(cls) -> Self:
        """Pods on GKE nodes that are not Spot VMs: the ``cloud.google.com/gke-spot`` label must not exist.

        Standard (on-demand) GKE nodes carry no capacity label, so this is a required node
        affinity ``cloud.google.com/gke-spot DoesNotExist``, as GKE's guide shows for keeping
        workloads off Spot VMs.
        See https://cloud.google.com/kubernetes-engine/docs/how-to/spot-vms.
        """
        return cls._preset(affinity=_label_absent(GKE_SPOT_LABEL))

    @classmethod
    def eks_spot(cls) -> Self:
        """Pods on Spot nodes of EKS managed node groups: node selector ``eks.amazonaws.com/capacityType: SPOT``.

        EKS labels every node of a managed node group with its capacity type (``SPOT`` or
        ``ON_DEMAND``) and adds no taint, so no toleration is needed.
        See https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html.
        """
        return cls._preset(node_selector={EKS_CAPACITY_LABEL: "SPOT"})

    @classmethod
    def eks_on_demand(cls) -> Self:
        """Pods on On-Demand nodes of EKS managed node groups: ``eks.amazonaws.com/capacityType: ON_DEMAND``.

        See https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html.
        """
        return cls._preset(node_selector={EKS_CAPACITY_LABEL: "ON_DEMAND"})

    @classmethod
    def karpenter_spot(cls) -> Self:
        """Pods on spot nodes that Karpenter provisions: node selector ``karpenter.sh/capacity-type: spot``.

        ``karpenter.sh/capacity-type`` is one of Karpenter's well-known labels; its NodePool must
        allow ``spot`` in its requirements. Karpenter adds no spot taint of its own.
        See https://karpenter.sh/docs/concepts/scheduling/#well-known-labels.
        """
        return cls._preset(node_selector={KARPENTER_CAPACITY_LABEL: "spot"})

    @classmethod
    def karpenter_on_demand(cls) -> Self:
        """Pods on on-demand nodes that Karpenter provisions: ``karpenter.sh/capacity-type: on-demand``.

        See https://karpenter.sh/docs/concepts/scheduling/#well-known-labels.
        """
        return cls._preset(node_selector={KARPENTER_CAPACITY_LABEL: "on-demand"})

    @classmethod
    def aks_spot(cls) -> Self:
        """Pods on AKS spot node pools: ``kubernetes.azure.com/scalesetpriority: spot``, its taint tolerated.

        AKS labels the nodes of a spot node pool ``kubernetes.azure.com/scalesetpriority=spot``
        and taints them ``kubernetes.azure.com/scalesetpriority=spot:NoSchedule``.
        See https://learn.microsoft.com/azure/aks/spot-node-pool.
        """
        return cls._preset(
            node_selector={AKS_PRIORITY_LABEL: "spot"},
            tolerations=[_no_schedule_toleration(AKS_PRIORITY_LABEL, "spot")],
        )

    @classmethod
    def aks_on_demand(cls) -> Self:
        """Pods on AKS regular (non-spot) nodes: the ``kubernetes.azure.com/scalesetpriority`` label must not exist.

        AKS labels only spot nodes with a scale-set priority, so this is a required node
        affinity ``kubernetes.azure.com/scalesetpriority DoesNotExist``.
        See https://learn.microsoft.com/azure/aks/spot-node-pool.
        """
        return cls._preset(affinity=_label_absent(AKS_PRIORITY_LABEL))
