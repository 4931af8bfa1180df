"""cdk8s-plus objects (or anything with a ``.name``) wherever the spec takes a name; to_cr() writes names."""

from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    EnvConfig,
    EnvSource,
    LocustTestSpec,
    MasterSpec,
    PodOptions,
    SecretEnvSource,
    SecretMount,
    SpecError,
    TestFiles,
    WorkerSpec,
)
from tests.support import synth_test


class Named:
    """Not a cdk8s object at all: anything with a string ``.name`` will do."""

    def __init__(self, name: Any) -> None:
        self.name = name


@pytest.fixture
def chart() -> cdk8s.Chart:
    return cdk8s.Chart(cdk8s.Testing.app(), "objects")


def spec_with_objects(chart: cdk8s.Chart) -> LocustTestSpec:
    files = kplus.ConfigMap(chart, "files", metadata=cdk8s.ApiObjectMetadata(name="shop-files"))
    lib = kplus.ConfigMap(chart, "lib", metadata=cdk8s.ApiObjectMetadata(name="shop-lib"))
    settings = kplus.ConfigMap(chart, "settings", metadata=cdk8s.ApiObjectMetadata(name="shop-settings"))
    token = kplus.Secret(chart, "token", metadata=cdk8s.ApiObjectMetadata(name="shop-token"))
    certs = kplus.Secret(chart, "certs", metadata=cdk8s.ApiObjectMetadata(name="shop-certs"))
    registry = kplus.Secret(chart, "registry", metadata=cdk8s.ApiObjectMetadata(name="registry-login"))
    return LocustTestSpec(
        image="registry.example.com/locust:2.43.4",
        image_pull_secrets=(registry, {"name": "plain-login"}),
        master=MasterSpec(command="--locustfile /lotest/src/locustfile.py"),
        worker=WorkerSpec(command="--locustfile /lotest/src/locustfile.py", replicas=2),
        test_files=TestFiles(config_map_ref=files, lib_config_map_ref=lib),
        env=EnvConfig(
            config_map_refs=(EnvSource(name=settings, prefix="SHOP_"),),
            secret_refs=(SecretEnvSource(name=token),),
            secret_mounts=(SecretMount(name=certs, mount_path="/etc/certs"),),
        ),
    )


def test_kplus_objects_are_stored_as_their_names_and_to_cr_writes_names(chart: cdk8s.Chart) -> None:
    spec = spec_with_objects(chart)
    cr = spec.to_cr()
    assert cr["imagePullSecrets"] == [{"name": "registry-login"}, {"name": "plain-login"}]
    assert cr["testFiles"] == {"configMapRef": "shop-files", "libConfigMapRef": "shop-lib"}
    assert cr["env"] == {
        "configMapRefs": [{"name": "shop-settings", "prefix": "SHOP_"}],
        "secretRefs": [{"name": "shop-token"}],
        "secretMounts": [{"name": "shop-certs", "mountPath": "/etc/certs"}],
    }
    assert LocustTestSpec.from_cr(cr) == spec


def test_objects_render_exactly_as_the_same_names_do(chart: cdk8s.Chart) -> None:
    by_object = synth_test(spec_with_objects(chart))
    by_name = synth_test(LocustTestSpec.from_cr(spec_with_objects(cdk8s.Chart(cdk8s.Testing.app(), "o")).to_cr()))
    assert by_object == by_name
    pod = by_object[1]["spec"]["template"]["spec"]
    assert pod["imagePullSecrets"] == [{"name": "registry-login"}, {"name": "plain-login"}]
    assert pod["volumes"][0]["configMap"] == {"name": "shop-files"}
    assert pod["volumes"][2]["secret"] == {"secretName": "shop-certs"}
    assert pod["containers"][0]["envFrom"] == [
        {"configMapRef": {"name": "shop-settings"}, "prefix": "SHOP_"},
        {"secretRef": {"name": "shop-token"}},
    ]


def test_generated_kplus_names_are_used_as_they_are(chart: cdk8s.Chart) -> None:
    secret = kplus.Secret(chart, "generated")
    assert SecretEnvSource(name=secret).name == secret.name == "objects-generated-c8e2190c"


def test_any_object_with_a_name_will_do() -> None:
    assert TestFiles(config_map_ref=Named("from-anything")).config_map_ref == "from-anything"
    assert PodOptions(service_account_name=Named("runner")).service_account_name == "runner"


def test_a_service_account_object_names_the_pods_account(chart: cdk8s.Chart) -> None:
    account = kplus.ServiceAccount(chart, "runner", metadata=cdk8s.ApiObjectMetadata(name="load-runner"))
    manifests = synth_test(spec_with_objects(chart), worker_pod=PodOptions(service_account_name=account))
    assert manifests[2]["spec"]["template"]["spec"]["serviceAccountName"] == "load-runner"
    assert "serviceAccountName" not in manifests[1]["spec"]["template"]["spec"]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: TestFiles(config_map_ref=42),
            "spec.testFiles.configMapRef: Invalid value: 42: must be of type string",
        ),
        (lambda: TestFiles(lib_config_map_ref=Named(7)), "spec.testFiles.libConfigMapRef: Invalid value: <"),
        (lambda: EnvSource(name=object()), "spec.env.configMapRefs[].name: Invalid value: <object>: must be a name or"),
        (lambda: SecretMount(name=None, mount_path="/x"), "spec.env.secretMounts[].name: Required value"),
    ],
)
def test_objects_without_a_string_name_are_refused_with_the_field_path(build: Any, message: str) -> None:
    with pytest.raises(SpecError) as error:
        build()
    assert str(error.value).startswith(message)


def test_a_json_value_that_is_not_a_string_gets_the_crs_type_message() -> None:
    with pytest.raises(SpecError) as error:
        SecretEnvSource(name=3.5)
    assert str(error.value) == "spec.env.secretRefs[].name: Invalid value: 3.5: must be of type string"


def test_the_refusal_says_what_is_accepted() -> None:
    with pytest.raises(SpecError) as error:
        SecretEnvSource(name=object())
    assert str(error.value) == (
        "spec.env.secretRefs[].name: Invalid value: <object>: must be a name or an object with a string .name "
        "(e.g. a cdk8s-plus ConfigMap, Secret or ServiceAccount)"
    )


def test_an_image_pull_secret_without_a_name_is_still_refused_as_before() -> None:
    with pytest.raises(SpecError, match=r"^spec.imagePullSecrets\[0\]: Invalid value: 5: must be of type object$"):
        LocustTestSpec.from_cr(
            {
                "image": "x",
                "imagePullSecrets": [5],
                "master": {"command": "c"},
                "worker": {"command": "c", "replicas": 1},
            }
        )


def test_cr_mappings_never_go_through_jsii() -> None:
    """A CR read from YAML holds strings only: the object path is never taken (the CLI runs without Node)."""
    import subprocess
    import sys

    code = (
        "import sys; from constructs_locust import LocustTestSpec, render_manifests;"
        "s = LocustTestSpec.from_cr({'image': 'x', 'imagePullSecrets': [{'name': 'r'}], 'master': {'command': 'c'},"
        "'worker': {'command': 'c', 'replicas': 1}, 'testFiles': {'configMapRef': 'f'}});"
        "render_manifests(s, 'demo');"
        "assert 'jsii' not in sys.modules and 'cdk8s' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_env_refs_take_the_objects_themselves_for_sources_without_a_prefix(chart: cdk8s.Chart) -> None:
    settings = kplus.ConfigMap(chart, "plain-settings", metadata=cdk8s.ApiObjectMetadata(name="settings"))
    token = kplus.Secret(chart, "plain-token", metadata=cdk8s.ApiObjectMetadata(name="token"))
    env = EnvConfig(config_map_refs=[settings, EnvSource(name="other", prefix="O_")], secret_refs=[token])
    assert env.config_map_refs == (EnvSource(name="settings"), EnvSource(name="other", prefix="O_"))
    assert env.secret_refs == (SecretEnvSource(name="token"),)
    assert env.to_cr() == {
        "configMapRefs": [{"name": "settings"}, {"name": "other", "prefix": "O_"}],
        "secretRefs": [{"name": "token"}],
    }


def test_an_env_source_of_the_wrong_kind_is_still_refused() -> None:
    with pytest.raises(SpecError, match=r"^spec.env.secretRefs\[0\]: Invalid value: .*must be a SecretEnvSource$"):
        EnvConfig(secret_refs=[EnvSource(name="settings")])


def test_snapshot_of_a_chart_whose_spec_names_its_own_objects(snapshot: SnapshotAssertion) -> None:
    from constructs_locust import LocustTest

    chart = cdk8s.Chart(cdk8s.Testing.app(), "objects", namespace="load")
    account = kplus.ServiceAccount(chart, "runner", metadata=cdk8s.ApiObjectMetadata(name="load-runner"))
    LocustTest(chart, "checkout", spec=spec_with_objects(chart), worker_pod=PodOptions(service_account_name=account))
    assert chart == snapshot
