"""The API server's rules on env variable sources, Secret key references, and pod volumes and mounts.

Each bad input is refused with the API server's message (``pkg/apis/core/validation``) at the
CR path or keyword that holds it, and its valid neighbour is accepted: the cluster is the judge.
"""

from typing import Any

import pytest

from constructs_locust import LocustTestSpec, SecretKeyRef, SpecError, read_locust_test
from constructs_locust.kube._pod_rules import _VOLUME_SOURCES
from constructs_locust.kube._schema import TYPES
from tests.support import minimal_cr_spec

SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    r"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
CONFIG_KEY = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
    "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)
QUALIFIED = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
ENV_FIELDS = (
    '"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", '
    '"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'
)
RESOURCE_FIELDS = (
    '"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", '
    '"requests.memory"'
)
SCALED = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"
VARIABLE = "spec.env.variables[0]"


def spec_of(**overrides: Any) -> LocustTestSpec:
    return LocustTestSpec.from_cr(minimal_cr_spec(**overrides))


def refused(**overrides: Any) -> str:
    with pytest.raises(SpecError) as caught:
        spec_of(**overrides)
    return str(caught.value)


def variable(**fields: Any) -> dict[str, Any]:
    return {"env": {"variables": [{"name": "A", **fields}]}}


def value_from(**sources: Any) -> dict[str, Any]:
    return variable(valueFrom=sources)


# --- SecretKeyRef (OtelOptions.headers_secret, OtlpExporter.headers) ----------------------------


def test_secret_key_ref_refuses_a_bad_name_and_a_bad_key_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        SecretKeyRef(name="Bad", key="k k")
    assert [str(error) for error in caught.value.errors] == [
        f'SecretKeyRef.name: Invalid value: "Bad": {SUBDOMAIN}',
        f'SecretKeyRef.key: Invalid value: "k k": {CONFIG_KEY}',
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [("otlp-auth", "headers"), ("team.otlp-auth", "API_key-1.x"), ("a" * 253, "k" * 253), ("s", ".k")],
)
def test_secret_key_ref_accepts_what_the_api_server_takes(name: str, key: str) -> None:
    ref = SecretKeyRef(name=name, key=key)
    assert ref.env_var("H") == {"name": "H", "valueFrom": {"secretKeyRef": {"name": name, "key": key}}}


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("k" * 254, "must be no more than 253 characters"),
        (".", "must not be '.'"),
        ("..", "must not be '..'"),
        ("..hidden", "must not start with '..'"),
        ("a/b", CONFIG_KEY),
        ("é", CONFIG_KEY),
    ],
)
def test_secret_key_ref_keys_follow_is_config_map_key(key: str, reason: str) -> None:
    with pytest.raises(SpecError) as caught:
        SecretKeyRef(name="s", key=key)
    assert caught.value.path == "SecretKeyRef.key"
    assert caught.value.reason.endswith(f": {reason}")


def test_a_secret_name_longer_than_253_characters_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        SecretKeyRef(name="a" * 254, key="k")
    assert str(caught.value) == f'SecretKeyRef.name: Invalid value: "{"a" * 254}": must be no more than 253 characters'


# --- env variables: value and valueFrom -----------------------------------------------------------


SECRET = {"name": "app-secret", "key": "token"}


def test_value_with_value_from_is_refused() -> None:
    assert refused(**variable(value="x", valueFrom={"secretKeyRef": SECRET})) == (
        f'{VARIABLE}.valueFrom: Invalid value: "": may not be specified when `value` is not empty'
    )


@pytest.mark.parametrize("fields", [{"value": "", "valueFrom": {"secretKeyRef": SECRET}}, {"value": "x"}])
def test_an_empty_value_beside_value_from_or_a_value_alone_is_accepted(fields: dict[str, Any]) -> None:
    spec_of(**variable(**fields))


def test_two_value_sources_are_refused() -> None:
    sources = {"secretKeyRef": SECRET, "fieldRef": {"fieldPath": "metadata.name"}}
    assert refused(**value_from(**sources)) == (
        f'{VARIABLE}.valueFrom: Invalid value: "": may not have more than one field specified at a time'
    )


def test_value_and_two_sources_report_the_value_first() -> None:
    sources = {"secretKeyRef": SECRET, "configMapKeyRef": SECRET}
    assert refused(**variable(value="x", valueFrom=sources)).endswith("may not be specified when `value` is not empty")


@pytest.mark.parametrize(
    "source",
    [
        {"secretKeyRef": SECRET},
        {"configMapKeyRef": SECRET},
        {"fieldRef": {"fieldPath": "metadata.name"}},
        {"resourceFieldRef": {"resource": "limits.cpu"}},
        {"secretKeyRef": SECRET, "configMapKeyRef": None},
    ],
)
def test_one_value_source_is_accepted(source: dict[str, Any]) -> None:
    spec_of(**value_from(**source))


# --- env variables: Secret and ConfigMap key selectors ---------------------------------------------


@pytest.mark.parametrize("kind", ["secretKeyRef", "configMapKeyRef"])
@pytest.mark.parametrize(
    ("selector", "field", "reason"),
    [
        ({"name": "App", "key": "k"}, "name", f'Invalid value: "App": {SUBDOMAIN}'),
        ({"key": "k"}, "name", f'Invalid value: "": {SUBDOMAIN}'),
        ({"name": "app", "key": ""}, "key", "Required value"),
        ({"name": "app", "key": "a key"}, "key", f'Invalid value: "a key": {CONFIG_KEY}'),
    ],
)
def test_key_selectors_follow_the_api_server(kind: str, selector: dict[str, Any], field: str, reason: str) -> None:
    assert refused(**value_from(**{kind: selector})) == f"{VARIABLE}.valueFrom.{kind}.{field}: {reason}"


@pytest.mark.parametrize("kind", ["secretKeyRef", "configMapKeyRef"])
def test_valid_key_selectors_pass(kind: str) -> None:
    spec_of(**value_from(**{kind: {"name": "team.app-config", "key": "KEY_name-1.x", "optional": True}}))


# --- env variables: fieldRef -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "field_path",
    [
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.serviceAccountName",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
        "spec.host",
        "metadata.labels['app']",
        "metadata.annotations['Example.com/Owner']",
    ],
)
@pytest.mark.parametrize("version", [None, "", "v1"])
def test_supported_field_paths_pass(field_path: str, version: str | None) -> None:
    ref: dict[str, Any] = {"fieldPath": field_path}
    if version is not None:
        ref["apiVersion"] = version
    spec_of(**value_from(fieldRef=ref))


FIELD_PATH = f"{VARIABLE}.valueFrom.fieldRef.fieldPath"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ({"fieldPath": "status.phase"}, f'{FIELD_PATH}: Unsupported value: "status.phase": supported values: '),
        ({"fieldPath": "metadata.labels"}, f'{FIELD_PATH}: Unsupported value: "metadata.labels": supported values: '),
        ({"fieldPath": "spec.restartPolicy"}, f'{FIELD_PATH}: Unsupported value: "spec.restartPolicy": supported'),
        (
            {"fieldPath": "metadata.nam"},
            f'{FIELD_PATH}: Invalid value: "metadata.nam": error converting fieldPath: '
            "field label not supported: metadata.nam",
        ),
        (
            {"fieldPath": "metadata.name['x']"},
            f"{FIELD_PATH}: Invalid value: \"metadata.name['x']\": error converting fieldPath: "
            "field label does not support subscript: metadata.name['x']",
        ),
        (
            {"fieldPath": "metadata.name", "apiVersion": "v2"},
            f'{FIELD_PATH}: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2',
        ),
        ({"fieldPath": ""}, f"{FIELD_PATH}: Required value"),
        (
            {"fieldPath": "metadata.labels['a b']"},
            f'{VARIABLE}.valueFrom.fieldRef: Invalid value: "a b": {QUALIFIED}',
        ),
        (
            {"fieldPath": "metadata.annotations['A B']"},
            f'{VARIABLE}.valueFrom.fieldRef: Invalid value: "a b": {QUALIFIED}',
        ),
    ],
)
def test_unsupported_field_paths_are_refused(ref: dict[str, Any], message: str) -> None:
    assert refused(**value_from(fieldRef=ref)).startswith(message)


def test_the_unsupported_field_path_message_lists_the_env_field_paths() -> None:
    assert refused(**value_from(fieldRef={"fieldPath": "status.phase"})) == (
        f'{FIELD_PATH}: Unsupported value: "status.phase": supported values: {ENV_FIELDS}'
    )


# --- env variables: resourceFieldRef -----------------------------------------------------------------


RESOURCE = f"{VARIABLE}.valueFrom.resourceFieldRef"


@pytest.mark.parametrize(
    "ref",
    [
        {"resource": "limits.cpu", "divisor": "1m"},
        {"resource": "requests.cpu", "divisor": "1000m"},
        {"resource": "limits.cpu", "divisor": 1},
        {"resource": "limits.cpu", "divisor": "0"},
        {"resource": "limits.memory", "divisor": "1Mi"},
        {"resource": "requests.memory", "divisor": "1k"},
        {"resource": "limits.ephemeral-storage", "divisor": "1Gi"},
        {"resource": "requests.hugepages-2Mi", "divisor": "1Mi"},
        {"resource": "limits.hugepages-1Gi"},
        {"resource": "limits.memory", "containerName": "locust"},
    ],
)
def test_supported_resource_fields_and_divisors_pass(ref: dict[str, Any]) -> None:
    spec_of(**value_from(resourceFieldRef=ref))


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ({"resource": "limits.gpu"}, f'{RESOURCE}.resource: Unsupported value: "limits.gpu": supported values: '),
        ({"resource": "cpu"}, f'{RESOURCE}.resource: Unsupported value: "cpu": supported values: {RESOURCE_FIELDS}'),
        ({"resource": ""}, f"{RESOURCE}.resource: Required value"),
        (
            {"resource": "limits.cpu", "divisor": "2"},
            f'{RESOURCE}.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported '
            "with the cpu resource",
        ),
        (
            {"resource": "requests.memory", "divisor": "3Mi"},
            f'{RESOURCE}.divisor: Invalid value: "requests.memory": only divisor\'s values {SCALED} are supported '
            "with the memory resource",
        ),
        (
            {"resource": "limits.ephemeral-storage", "divisor": "512"},
            f'{RESOURCE}.divisor: Invalid value: "limits.ephemeral-storage": only divisor\'s values {SCALED} are '
            "supported with the local ephemeral storage resource",
        ),
        (
            {"resource": "limits.hugepages-2Mi", "divisor": "2Mi"},
            f'{RESOURCE}.divisor: Invalid value: "limits.hugepages-2Mi": only divisor\'s values {SCALED} are '
            "supported with the hugepages resource",
        ),
    ],
)
def test_unsupported_resource_fields_and_divisors_are_refused(ref: dict[str, Any], message: str) -> None:
    assert refused(**value_from(resourceFieldRef=ref)).startswith(message)


# --- volumes of the pods ---------------------------------------------------------------------------


def test_the_volume_source_table_covers_every_volume_source() -> None:
    keys, _ = TYPES["Volume"]
    assert sorted(_VOLUME_SOURCES) == sorted(set(keys) - {"name"})
    assert len(set(_VOLUME_SOURCES)) == len(_VOLUME_SOURCES)


def mounted(*volumes: dict[str, Any], mounts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if mounts is None:
        mounts = [{"name": volume["name"], "mountPath": f"/mnt/{index}"} for index, volume in enumerate(volumes)]
    return {"volumes": list(volumes), "volumeMounts": mounts}


def test_a_mounted_volume_with_two_sources_is_refused_at_the_second_the_api_server_checks() -> None:
    volume = {"name": "data", "configMap": {"name": "cm"}, "emptyDir": {}}
    assert refused(**mounted(volume)) == "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"
    volume = {"name": "data", "secret": {"secretName": "s"}, "persistentVolumeClaim": {"claimName": "c"}}
    assert refused(**mounted(volume)) == (
        "spec.volumes[0].persistentVolumeClaim: Forbidden: may not specify more than 1 volume type"
    )


@pytest.mark.parametrize(
    "volume",
    [
        {"name": "data", "configMap": {"name": "cm"}},
        {"name": "data", "configMap": {"name": "cm"}, "emptyDir": None},
        {"name": "data"},  # SetDefaults_Volume makes it an emptyDir
    ],
)
def test_a_mounted_volume_with_one_source_or_none_passes(volume: dict[str, Any]) -> None:
    spec_of(**mounted(volume))


def test_volumes_no_pod_mounts_are_not_judged_the_operator_drops_them() -> None:
    spec_of(
        volumes=[
            {"name": "unused", "configMap": {"name": "cm"}, "emptyDir": {}},
            {"name": "twice", "emptyDir": {}},
            {"name": "twice", "emptyDir": {}},
        ]
    )


def test_duplicate_volume_names_in_a_pod_are_refused() -> None:
    volumes = ({"name": "data", "emptyDir": {}}, {"name": "data", "configMap": {"name": "cm"}})
    mounts = [{"name": "data", "mountPath": "/data", "target": "worker"}]
    assert refused(**mounted(*volumes, mounts=mounts)) == 'spec.volumes[1].name: Duplicate value: "data"'


def test_distinct_volume_names_pass() -> None:
    spec_of(**mounted({"name": "data", "emptyDir": {}}, {"name": "cache", "emptyDir": {}}))


def test_a_secret_mounted_twice_makes_two_volumes_of_one_name() -> None:
    mounts = [{"name": "tls", "mountPath": "/etc/tls"}, {"name": "tls", "mountPath": "/etc/tls-copy"}]
    assert refused(env={"secretMounts": mounts}) == 'spec.env.secretMounts[1].name: Duplicate value: "secret-tls"'
    spec_of(env={"secretMounts": [mounts[0], {"name": "ca", "mountPath": "/etc/tls-copy"}]})


def document(name: str, **overrides: Any) -> dict[str, Any]:
    return {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": {"name": name},
        "spec": minimal_cr_spec(**overrides),
    }


def test_a_secret_volume_may_take_the_name_of_the_test_files_volume() -> None:
    """Test ``secret-a``'s test-files volume is ``secret-a-master``; a secret mount of ``a-master`` is too."""
    secret = {"secretMounts": [{"name": "a-master", "mountPath": "/etc/a"}]}
    with pytest.raises(SpecError) as caught:
        read_locust_test(document("secret-a", env=secret))
    assert str(caught.value) == 'spec.env.secretMounts[0].name: Duplicate value: "secret-a-master"'
    read_locust_test(document("secret-b", env=secret))
    read_locust_test(document("secret-a", env=secret, testFiles={"libConfigMapRef": "lib"}))


# --- mount paths of the Locust container --------------------------------------------------------------


def test_two_mounts_at_one_path_in_a_pod_are_refused() -> None:
    volumes = ({"name": "data", "emptyDir": {}}, {"name": "cache", "emptyDir": {}})
    mounts = [{"name": "data", "mountPath": "/data"}, {"name": "cache", "mountPath": "/data", "target": "worker"}]
    assert refused(**mounted(*volumes, mounts=mounts)) == (
        'spec.volumeMounts[1].mountPath: Invalid value: "/data": must be unique'
    )


@pytest.mark.parametrize(
    "paths",
    [
        (("/data", "master"), ("/data", "worker")),  # different pods
        (("/data", "both"), ("/data/", "both")),  # the API server compares paths as written
        (("/data", "both"), ("/data/cache", "both")),
    ],
)
def test_distinct_mount_paths_in_each_pod_pass(paths: tuple[tuple[str, str], ...]) -> None:
    volumes = ({"name": "data", "emptyDir": {}}, {"name": "cache", "emptyDir": {}})
    mounts = [
        {"name": volume["name"], "mountPath": path, "target": target}
        for volume, (path, target) in zip(volumes, paths, strict=True)
    ]
    spec_of(**mounted(*volumes, mounts=mounts))


def test_the_same_volume_mounted_at_two_paths_passes() -> None:
    mounts = [{"name": "data", "mountPath": "/a"}, {"name": "data", "mountPath": "/b"}]
    spec_of(**mounted({"name": "data", "emptyDir": {}}, mounts=mounts))


def test_a_user_mount_at_a_secret_mount_path_is_refused() -> None:
    overrides = mounted({"name": "data", "emptyDir": {}}, mounts=[{"name": "data", "mountPath": "/etc/tls"}])
    overrides["env"] = {"secretMounts": [{"name": "tls", "mountPath": "/etc/tls"}]}
    assert refused(**overrides) == 'spec.volumeMounts[0].mountPath: Invalid value: "/etc/tls": must be unique'


def test_two_secret_mounts_at_one_path_are_refused() -> None:
    mounts = [{"name": "tls", "mountPath": "/etc/certs"}, {"name": "ca", "mountPath": "/etc/certs"}]
    assert refused(env={"secretMounts": mounts}) == (
        'spec.env.secretMounts[1].mountPath: Invalid value: "/etc/certs": must be unique'
    )


def test_the_library_at_the_test_files_path_is_refused_only_when_both_are_mounted() -> None:
    files = {"configMapRef": "src", "libConfigMapRef": "lib", "libMountPath": "/lotest/src"}
    assert refused(testFiles=files) == 'spec.testFiles.libMountPath: Invalid value: "/lotest/src": must be unique'
    spec_of(testFiles={"configMapRef": "src", "libMountPath": "/lotest/src"})
    spec_of(testFiles={"configMapRef": "src", "libConfigMapRef": "lib", "libMountPath": "/lotest/lib"})


def test_a_mount_of_a_volume_the_pod_lacks_is_already_the_webhooks() -> None:
    """``ValidateVolumeMounts``' ``Not found`` cannot happen: the webhook refuses every mount whose
    volume is not in ``spec.volumes`` first, including the operator's own volume names."""
    for name in ("missing", "secret-tls", "locust-lib"):
        overrides = {"volumeMounts": [{"name": name, "mountPath": "/x"}]}
        if name == "secret-tls":
            overrides["env"] = {"secretMounts": [{"name": "tls", "mountPath": "/etc/tls"}]}
        assert refused(**overrides) == f'spec.volumeMounts[0].name: volumeMount "{name}" references undefined volume'


def test_a_value_from_without_a_source_is_refused_in_the_api_server_s_words() -> None:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(minimal_cr_spec(env={"variables": [{"name": "A", "valueFrom": {}}]}))
    assert str(caught.value) == (
        'spec.env.variables[0].valueFrom: Invalid value: "": must specify one of: '
        "`fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
    )
    with pytest.raises(SpecError, match="must specify one of"):  # a source set to null is no source
        LocustTestSpec.from_cr(minimal_cr_spec(env={"variables": [{"name": "A", "valueFrom": {"fieldRef": None}}]}))
