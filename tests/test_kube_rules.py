"""Passed-through values are refused at build time as the API server would refuse them, with the CR path.

Messages are the API server's (k8s.io/apimachinery util/validation, pkg/apis/core/validation)
and, for unknown keys, ``kubectl apply``'s strict field validation.
"""

from typing import Any

import pytest

from constructs_locust import LocustTestSpec, SpecError
from tests.support import minimal_cr_spec

QUALIFIED = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
LABEL_VALUE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
DNS_LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
ENV_NAME = "a valid environment variable name must consist only of printable ASCII characters other than '='"
COMMAND = "--locustfile /lotest/src/locustfile.py"


def refused(**overrides: Any) -> str:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(minimal_cr_spec(**overrides))
    return str(caught.value)


def master(**fields: Any) -> dict[str, Any]:
    return {"command": COMMAND, **fields}


# --- unknown keys (kubectl apply's strict field validation) ---------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"scheduling": {"tolerations": [{"key": "a", "operator": "Exists", "efect": "NoSchedule"}]}},
            'spec.scheduling.tolerations[0].efect: unknown field "spec.scheduling.tolerations[0].efect"',
        ),
        (
            {"scheduling": {"affinity": {"nodeAfinity": {}}}},
            'spec.scheduling.affinity.nodeAfinity: unknown field "spec.scheduling.affinity.nodeAfinity"',
        ),
        (
            {"env": {"variables": [{"name": "A", "valu": "1"}]}},
            'spec.env.variables[0].valu: unknown field "spec.env.variables[0].valu"',
        ),
        (
            {"volumes": [{"name": "data", "emptyDir": {"medum": "Memory"}}]},
            'spec.volumes[0].emptyDir.medum: unknown field "spec.volumes[0].emptyDir.medum"',
        ),
        (
            {
                "volumes": [{"name": "data", "emptyDir": {}}],
                "volumeMounts": [{"name": "data", "mountPath": "/data", "readonly": True}],
            },
            'spec.volumeMounts[0].readonly: unknown field "spec.volumeMounts[0].readonly"',
        ),
        (
            {"security": {"podSecurityContext": {"runAsUsr": 1000}}},
            'spec.security.podSecurityContext.runAsUsr: unknown field "spec.security.podSecurityContext.runAsUsr"',
        ),
        (
            {"security": {"containerSecurityContext": {"capabilities": {"remove": ["ALL"]}}}},
            "spec.security.containerSecurityContext.capabilities.remove: unknown field "
            '"spec.security.containerSecurityContext.capabilities.remove"',
        ),
        (
            {"imagePullSecrets": [{"nam": "registry"}]},
            'spec.imagePullSecrets[0].nam: unknown field "spec.imagePullSecrets[0].nam"',
        ),
    ],
)
def test_unknown_keys_in_passed_through_structures_are_refused(overrides: dict[str, Any], message: str) -> None:
    assert refused(**overrides) == message


def test_wrong_types_and_missing_required_keys_inside_structures_are_refused() -> None:
    assert (
        refused(scheduling={"tolerations": [{"key": "a", "operator": "Exists", "tolerationSeconds": "60"}]})
        == 'spec.scheduling.tolerations[0].tolerationSeconds: Invalid value: "60": must be of type integer'
    )
    assert (
        refused(scheduling={"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{}]}}})
        == "spec.scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "
        "Required value"
    )
    assert (
        refused(volumes=[{"name": "data", "hostPath": {"type": "Directory"}}])
        == "spec.volumes[0].hostPath.path: Required value"
    )
    assert (
        refused(volumes=[{"name": "data", "emptyDir": {"sizeLimit": "lots"}}])
        == 'spec.volumes[0].emptyDir.sizeLimit: Invalid value: "lots": must be a Kubernetes quantity'
    )
    assert (
        refused(security={"podSecurityContext": {"runAsUser": 2**63}})
        == f"spec.security.podSecurityContext.runAsUser: Invalid value: {2**63}: must fit in a 64-bit signed integer"
    )


# --- labels and annotations ------------------------------------------------------------------


def test_label_keys_must_be_qualified_names() -> None:
    assert (
        refused(master=master(labels={"team name": "a"}))
        == f'spec.master.labels: Invalid value: "team name": name part {QUALIFIED}'
    )
    assert (
        refused(master=master(labels={"a/b/c": "a"}))
        == f'spec.master.labels: Invalid value: "a/b/c": a qualified name {QUALIFIED} with an optional DNS '
        "subdomain prefix and '/' (e.g. 'example.com/MyName')"
    )
    assert (
        refused(master=master(labels={"Example.com/team": "a"}))
        == 'spec.master.labels: Invalid value: "Example.com/team": prefix part a lowercase RFC 1123 subdomain must '
        "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    )
    assert (
        refused(master=master(labels={"x" * 64: "a"}))
        == f'spec.master.labels: Invalid value: "{"x" * 64}": name part must be no more than 63 characters'
    )


def test_label_values_must_be_label_values() -> None:
    assert (
        refused(worker={"command": COMMAND, "replicas": 1, "labels": {"team": "load test"}})
        == f'spec.worker.labels: Invalid value: "load test": {LABEL_VALUE}'
    )
    assert (
        refused(worker={"command": COMMAND, "replicas": 1, "labels": {"team": "x" * 64}})
        == f'spec.worker.labels: Invalid value: "{"x" * 64}": must be no more than 63 characters'
    )


def test_valid_labels_pass() -> None:
    labels = {"app.kubernetes.io/part-of": "checkout", "team": "", "Tier_1": "A.b-c"}
    assert LocustTestSpec.from_cr(minimal_cr_spec(master=master(labels=labels))).master.labels == labels


def test_annotation_keys_are_qualified_names_in_any_case() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(master=master(annotations={"Example.COM/Owner": "x y z"})))
    assert spec.master.annotations == {"Example.COM/Owner": "x y z"}
    assert (
        refused(master=master(annotations={"owner team": "a"}))
        == f'spec.master.annotations: Invalid value: "owner team": name part {QUALIFIED}'
    )


def test_annotations_total_size_is_bounded() -> None:
    big = {"a": "x" * (256 * 1024 - 1)}
    assert LocustTestSpec.from_cr(minimal_cr_spec(master=master(annotations=big))).master.annotations == big
    too_big = {"a": "x" * (256 * 1024)}
    assert (
        refused(master=master(annotations=too_big))
        == "spec.master.annotations: Too long: may not be more than 262144 bytes"
    )


# --- env variables -----------------------------------------------------------------------------


def test_env_var_names_are_printable_ascii_without_equals() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(env={"variables": [{"name": "my var.1-x", "value": "1"}]}))
    assert spec.env is not None
    assert (
        refused(env={"variables": [{"name": "A=B", "value": "1"}]})
        == f'spec.env.variables[0].name: Invalid value: "A=B": {ENV_NAME}'
    )
    assert (
        refused(env={"variables": [{"name": "CAFÉ"}]})
        == f'spec.env.variables[0].name: Invalid value: "CAFÉ": {ENV_NAME}'
    )
    assert refused(env={"variables": [{"name": ""}]}) == "spec.env.variables[0].name: Required value"


def test_extra_env_var_names_and_env_from_prefixes_follow_the_same_rule() -> None:
    otel = {"openTelemetry": {"enabled": True, "endpoint": "c:4317", "extraEnvVars": {"OTEL\tX": "1"}}}
    assert (
        refused(observability=otel)
        == f'spec.observability.openTelemetry.extraEnvVars.OTEL\tX: Invalid value: "OTEL\\tX": {ENV_NAME}'
    )
    assert (
        refused(env={"configMapRefs": [{"name": "cm", "prefix": "A="}]})
        == f'spec.env.configMapRefs[0].prefix: Invalid value: "A=": {ENV_NAME}'
    )


# --- volumes -----------------------------------------------------------------------------------


def test_volume_names_are_dns_labels() -> None:
    mounts = [{"name": "Data", "mountPath": "/data"}]
    assert (
        refused(volumes=[{"name": "Data", "emptyDir": {}}], volumeMounts=mounts)
        == f'spec.volumes[0].name: Invalid value: "Data": {DNS_LABEL}'
    )
    long_name = "v" * 64
    assert (
        refused(volumes=[{"name": long_name, "emptyDir": {}}])
        == f'spec.volumes[0].name: Invalid value: "{long_name}": must be no more than 63 characters'
    )


def test_secret_mount_volume_name_must_be_a_dns_label() -> None:
    assert (
        refused(env={"secretMounts": [{"name": "tls.certs", "mountPath": "/certs"}]})
        == f'spec.env.secretMounts[0].name: Invalid value: "secret-tls.certs": {DNS_LABEL}'
    )


# --- tolerations and node selector ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("toleration", "message"),
    [
        (
            {"key": "a b", "operator": "Exists"},
            f'spec.scheduling.tolerations[0].key: Invalid value: "a b": name part {QUALIFIED}',
        ),
        (
            {"operator": "Equal", "value": "x"},
            'spec.scheduling.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` '
            'is empty, which means "match all values and all keys"',
        ),
        (
            {"key": "a", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 30},
            "spec.scheduling.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' "
            "when `tolerationSeconds` is set",
        ),
        (
            {"key": "a", "operator": "Exists", "value": "x"},
            'spec.scheduling.tolerations[0].operator: Invalid value: {"key": "a", "operator": "Exists", '
            '"value": "x"}: value must be empty when `operator` is \'Exists\'',
        ),
        (
            {"key": "a", "value": "not valid"},
            f'spec.scheduling.tolerations[0].operator: Invalid value: "not valid": {LABEL_VALUE}',
        ),
        (
            {"key": "a", "operator": "In", "value": "x"},
            'spec.scheduling.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
        ),
        (
            {"key": "a", "operator": "Exists", "effect": "NoSchedul"},
            'spec.scheduling.tolerations[0].effect: Unsupported value: "NoSchedul": supported values: '
            '"NoSchedule", "PreferNoSchedule", "NoExecute"',
        ),
    ],
)
def test_toleration_rules(toleration: dict[str, Any], message: str) -> None:
    assert refused(scheduling={"tolerations": [toleration]}) == message


def test_valid_tolerations_pass() -> None:
    tolerations = [
        {"operator": "Exists"},
        {"key": "dedicated", "value": "load", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 5},
    ]
    spec = LocustTestSpec.from_cr(minimal_cr_spec(scheduling={"tolerations": tolerations}))
    assert spec.scheduling is not None and spec.scheduling.tolerations == tuple(tolerations)


def test_node_selector_keys_and_values_are_label_rules() -> None:
    assert (
        refused(scheduling={"nodeSelector": {"pool name": "load"}})
        == f'spec.scheduling.nodeSelector: Invalid value: "pool name": name part {QUALIFIED}'
    )
    assert (
        refused(scheduling={"nodeSelector": {"pool": "load test"}})
        == f'spec.scheduling.nodeSelector: Invalid value: "load test": {LABEL_VALUE}'
    )


# --- resources -----------------------------------------------------------------------------------


def test_requests_above_limits_are_refused() -> None:
    resources = {"requests": {"cpu": "2", "memory": "512Mi"}, "limits": {"cpu": "1000m", "memory": "1Gi"}}
    assert (
        refused(master=master(resources=resources))
        == 'spec.master.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'
    )


def test_requests_equal_to_limits_pass() -> None:
    resources = {"requests": {"cpu": "1", "memory": "1024Mi"}, "limits": {"cpu": "1000m", "memory": "1Gi"}}
    assert LocustTestSpec.from_cr(minimal_cr_spec(master=master(resources=resources))).master.resources == resources


def test_extended_resources_cannot_be_overcommitted() -> None:
    resources = {"requests": {"example.com/gpu": "1"}, "limits": {"example.com/gpu": "2"}}
    assert (
        refused(master=master(resources=resources))
        == 'spec.master.resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2'
    )


def test_negative_quantities_and_unknown_resource_names_are_refused() -> None:
    assert (
        refused(master=master(resources={"limits": {"cpu": "-1"}}))
        == 'spec.master.resources.limits.cpu: Invalid value: "-1": must be greater than or equal to 0'
    )
    assert (
        refused(master=master(resources={"limits": {"cpus": "1"}}))
        == 'spec.master.resources.limits.cpus: Invalid value: "cpus": must be a standard resource for containers'
    )


# --- affinity ------------------------------------------------------------------------------------

NODE_TERMS = "spec.scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
ANTI = "spec.scheduling.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]"


def _node_affinity(requirement: dict[str, Any]) -> dict[str, Any]:
    terms = [{"matchExpressions": [requirement]}]
    return {
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}
    }


def _anti_affinity(term: dict[str, Any], weight: int = 50) -> dict[str, Any]:
    preferred = [{"weight": weight, "podAffinityTerm": term}]
    return {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": preferred}}}


@pytest.mark.parametrize(
    ("scheduling", "message"),
    [
        (
            _node_affinity({"key": "pool", "operator": "In", "values": []}),
            f"{NODE_TERMS}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' "
            "or 'NotIn'",
        ),
        (
            _node_affinity({"key": "pool", "operator": "Exists", "values": ["a"]}),
            f"{NODE_TERMS}.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' "
            "or 'DoesNotExist'",
        ),
        (
            _node_affinity({"key": "cores", "operator": "Gt", "values": ["1", "2"]}),
            f"{NODE_TERMS}.matchExpressions[0].values: Required value: must be specified single value when "
            "`operator` is 'Lt' or 'Gt'",
        ),
        (
            _node_affinity({"key": "pool", "operator": "Within", "values": ["a"]}),
            f'{NODE_TERMS}.matchExpressions[0].operator: Invalid value: "Within": not a valid selector operator',
        ),
        (
            _node_affinity({"key": "pool type", "operator": "Exists"}),
            f'{NODE_TERMS}.matchExpressions[0].key: Invalid value: "pool type": name part {QUALIFIED}',
        ),
        (
            _anti_affinity({"topologyKey": "kubernetes.io/hostname"}, weight=0),
            f"{ANTI}.weight: Invalid value: 0: must be in the range 1-100",
        ),
        (
            _anti_affinity({"topologyKey": ""}),
            f"{ANTI}.podAffinityTerm.topologyKey: Required value: can not be empty",
        ),
        (
            _anti_affinity({"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "a b"}}}),
            f'{ANTI}.podAffinityTerm.labelSelector.matchLabels: Invalid value: "a b": {LABEL_VALUE}',
        ),
        (
            _anti_affinity(
                {
                    "topologyKey": "kubernetes.io/hostname",
                    "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Gt", "values": ["1"]}]},
                }
            ),
            f'{ANTI}.podAffinityTerm.labelSelector.matchExpressions[0].operator: Invalid value: "Gt": not a valid '
            "selector operator",
        ),
        (
            _anti_affinity({"topologyKey": "kubernetes.io/hostname", "namespaces": ["Perf"]}),
            f'{ANTI}.podAffinityTerm.namespace: Invalid value: "Perf": {DNS_LABEL}',
        ),
    ],
)
def test_affinity_rules(scheduling: dict[str, Any], message: str) -> None:
    assert refused(scheduling=scheduling) == message


def test_a_valid_affinity_passes() -> None:
    affinity = _node_affinity({"key": "cores", "operator": "Gt", "values": ["4"]})["affinity"]
    affinity.update(
        _anti_affinity(
            {
                "topologyKey": "kubernetes.io/hostname",
                "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["shop"]}]},
                "namespaces": ["perf"],
            }
        )["affinity"]
    )
    spec = LocustTestSpec.from_cr(minimal_cr_spec(scheduling={"affinity": affinity}))
    assert spec.scheduling is not None and spec.to_cr()["scheduling"]["affinity"] == affinity
