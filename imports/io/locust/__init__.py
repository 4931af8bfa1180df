from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class LocustTest(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iolocust.LocustTest",
):
    '''A distributed Locust load test (locust.io/v2 LocustTest).

    :schema: LocustTest
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["LocustTestSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "LocustTest" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: The whole spec of a v2 LocustTest.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__8a5c949ed91b36fa731940f47b3ad5ed8bfa2240a0ea5523361e78b3db6ab888)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = LocustTestProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["LocustTestSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "LocustTest".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: The whole spec of a v2 LocustTest.
        '''
        props = LocustTestProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "LocustTest".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iolocust.LocustTestProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class LocustTestProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["LocustTestSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''A distributed Locust load test (locust.io/v2 LocustTest).

        :param metadata: 
        :param spec: The whole spec of a v2 LocustTest.

        :schema: LocustTest
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = LocustTestSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__622bc48d8475b698edb1ccece1bf6562bc918d78bd602754eb3bc813b96870e2)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: LocustTest#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["LocustTestSpec"]:
        '''The whole spec of a v2 LocustTest.

        :schema: LocustTest#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["LocustTestSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpec",
    jsii_struct_bases=[],
    name_mapping={
        "image": "image",
        "master": "master",
        "worker": "worker",
        "env": "env",
        "image_pull_policy": "imagePullPolicy",
        "image_pull_secrets": "imagePullSecrets",
        "observability": "observability",
        "scheduling": "scheduling",
        "security": "security",
        "test_files": "testFiles",
        "volume_mounts": "volumeMounts",
        "volumes": "volumes",
    },
)
class LocustTestSpec:
    def __init__(
        self,
        *,
        image: builtins.str,
        master: typing.Union["LocustTestSpecMaster", typing.Dict[builtins.str, typing.Any]],
        worker: typing.Union["LocustTestSpecWorker", typing.Dict[builtins.str, typing.Any]],
        env: typing.Optional[typing.Union["LocustTestSpecEnv", typing.Dict[builtins.str, typing.Any]]] = None,
        image_pull_policy: typing.Optional["LocustTestSpecImagePullPolicy"] = None,
        image_pull_secrets: typing.Optional[typing.Sequence[typing.Any]] = None,
        observability: typing.Optional[typing.Union["LocustTestSpecObservability", typing.Dict[builtins.str, typing.Any]]] = None,
        scheduling: typing.Optional[typing.Union["LocustTestSpecScheduling", typing.Dict[builtins.str, typing.Any]]] = None,
        security: typing.Optional[typing.Union["LocustTestSpecSecurity", typing.Dict[builtins.str, typing.Any]]] = None,
        test_files: typing.Optional[typing.Union["LocustTestSpecTestFiles", typing.Dict[builtins.str, typing.Any]]] = None,
        volume_mounts: typing.Optional[typing.Sequence[typing.Union["LocustTestSpecVolumeMounts", typing.Dict[builtins.str, typing.Any]]]] = None,
        volumes: typing.Optional[typing.Sequence[typing.Any]] = None,
    ) -> None:
        '''The whole spec of a v2 LocustTest.

        :param image: Required. The Locust image of both pods (needs the OTel SDK for OpenTelemetry).
        :param master: spec.master: the master pod. Required. See MasterSpec.
        :param worker: spec.worker: the worker pods. Required. See WorkerSpec.
        :param env: spec.env: environment of both Locust containers. None: only the operator's own env vars.
        :param image_pull_policy: None: IfNotPresent.
        :param image_pull_secrets: []corev1.LocalObjectReference ({name: ...}), verbatim.
        :param observability: spec.observability. None: OpenTelemetry off.
        :param scheduling: spec.scheduling: where the pods may run (same for master and workers). None: no affinity, tolerations or node selector.
        :param security: spec.security: security contexts of the Locust pods. None: pod seccompProfile: RuntimeDefault, no container context.
        :param test_files: spec.testFiles: ConfigMaps with the locustfile and its library. None: no ConfigMap volumes.
        :param volume_mounts: See VolumeMount.
        :param volumes: []corev1.Volume; each goes to the pods that have a mount of it.

        :schema: LocustTestSpec
        '''
        if isinstance(master, dict):
            master = LocustTestSpecMaster(**master)
        if isinstance(worker, dict):
            worker = LocustTestSpecWorker(**worker)
        if isinstance(env, dict):
            env = LocustTestSpecEnv(**env)
        if isinstance(observability, dict):
            observability = LocustTestSpecObservability(**observability)
        if isinstance(scheduling, dict):
            scheduling = LocustTestSpecScheduling(**scheduling)
        if isinstance(security, dict):
            security = LocustTestSpecSecurity(**security)
        if isinstance(test_files, dict):
            test_files = LocustTestSpecTestFiles(**test_files)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__fffea5ea52edb75915ab2142f20f060d56694d71ad3519620697579bb6045804)
            check_type(argname="argument image", value=image, expected_type=type_hints["image"])
            check_type(argname="argument master", value=master, expected_type=type_hints["master"])
            check_type(argname="argument worker", value=worker, expected_type=type_hints["worker"])
            check_type(argname="argument env", value=env, expected_type=type_hints["env"])
            check_type(argname="argument image_pull_policy", value=image_pull_policy, expected_type=type_hints["image_pull_policy"])
            check_type(argname="argument image_pull_secrets", value=image_pull_secrets, expected_type=type_hints["image_pull_secrets"])
            check_type(argname="argument observability", value=observability, expected_type=type_hints["observability"])
            check_type(argname="argument scheduling", value=scheduling, expected_type=type_hints["scheduling"])
            check_type(argname="argument security", value=security, expected_type=type_hints["security"])
            check_type(argname="argument test_files", value=test_files, expected_type=type_hints["test_files"])
            check_type(argname="argument volume_mounts", value=volume_mounts, expected_type=type_hints["volume_mounts"])
            check_type(argname="argument volumes", value=volumes, expected_type=type_hints["volumes"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "image": image,
            "master": master,
            "worker": worker,
        }
        if env is not None:
            self._values["env"] = env
        if image_pull_policy is not None:
            self._values["image_pull_policy"] = image_pull_policy
        if image_pull_secrets is not None:
            self._values["image_pull_secrets"] = image_pull_secrets
        if observability is not None:
            self._values["observability"] = observability
        if scheduling is not None:
            self._values["scheduling"] = scheduling
        if security is not None:
            self._values["security"] = security
        if test_files is not None:
            self._values["test_files"] = test_files
        if volume_mounts is not None:
            self._values["volume_mounts"] = volume_mounts
        if volumes is not None:
            self._values["volumes"] = volumes

    @builtins.property
    def image(self) -> builtins.str:
        '''Required.

        The Locust image of both pods (needs the OTel SDK for OpenTelemetry).

        :schema: LocustTestSpec#image
        '''
        result = self._values.get("image")
        assert result is not None, "Required property 'image' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def master(self) -> "LocustTestSpecMaster":
        '''spec.master: the master pod. Required. See MasterSpec.

        :schema: LocustTestSpec#master
        '''
        result = self._values.get("master")
        assert result is not None, "Required property 'master' is missing"
        return typing.cast("LocustTestSpecMaster", result)

    @builtins.property
    def worker(self) -> "LocustTestSpecWorker":
        '''spec.worker: the worker pods. Required. See WorkerSpec.

        :schema: LocustTestSpec#worker
        '''
        result = self._values.get("worker")
        assert result is not None, "Required property 'worker' is missing"
        return typing.cast("LocustTestSpecWorker", result)

    @builtins.property
    def env(self) -> typing.Optional["LocustTestSpecEnv"]:
        '''spec.env: environment of both Locust containers. None: only the operator's own env vars.

        :schema: LocustTestSpec#env
        '''
        result = self._values.get("env")
        return typing.cast(typing.Optional["LocustTestSpecEnv"], result)

    @builtins.property
    def image_pull_policy(self) -> typing.Optional["LocustTestSpecImagePullPolicy"]:
        '''None: IfNotPresent.

        :schema: LocustTestSpec#imagePullPolicy
        '''
        result = self._values.get("image_pull_policy")
        return typing.cast(typing.Optional["LocustTestSpecImagePullPolicy"], result)

    @builtins.property
    def image_pull_secrets(self) -> typing.Optional[typing.List[typing.Any]]:
        '''[]corev1.LocalObjectReference ({name: ...}), verbatim.

        :schema: LocustTestSpec#imagePullSecrets
        '''
        result = self._values.get("image_pull_secrets")
        return typing.cast(typing.Optional[typing.List[typing.Any]], result)

    @builtins.property
    def observability(self) -> typing.Optional["LocustTestSpecObservability"]:
        '''spec.observability. None: OpenTelemetry off.

        :schema: LocustTestSpec#observability
        '''
        result = self._values.get("observability")
        return typing.cast(typing.Optional["LocustTestSpecObservability"], result)

    @builtins.property
    def scheduling(self) -> typing.Optional["LocustTestSpecScheduling"]:
        '''spec.scheduling: where the pods may run (same for master and workers). None: no affinity, tolerations or node selector.

        :schema: LocustTestSpec#scheduling
        '''
        result = self._values.get("scheduling")
        return typing.cast(typing.Optional["LocustTestSpecScheduling"], result)

    @builtins.property
    def security(self) -> typing.Optional["LocustTestSpecSecurity"]:
        '''spec.security: security contexts of the Locust pods. None: pod seccompProfile: RuntimeDefault, no container context.

        :schema: LocustTestSpec#security
        '''
        result = self._values.get("security")
        return typing.cast(typing.Optional["LocustTestSpecSecurity"], result)

    @builtins.property
    def test_files(self) -> typing.Optional["LocustTestSpecTestFiles"]:
        '''spec.testFiles: ConfigMaps with the locustfile and its library. None: no ConfigMap volumes.

        :schema: LocustTestSpec#testFiles
        '''
        result = self._values.get("test_files")
        return typing.cast(typing.Optional["LocustTestSpecTestFiles"], result)

    @builtins.property
    def volume_mounts(
        self,
    ) -> typing.Optional[typing.List["LocustTestSpecVolumeMounts"]]:
        '''See VolumeMount.

        :schema: LocustTestSpec#volumeMounts
        '''
        result = self._values.get("volume_mounts")
        return typing.cast(typing.Optional[typing.List["LocustTestSpecVolumeMounts"]], result)

    @builtins.property
    def volumes(self) -> typing.Optional[typing.List[typing.Any]]:
        '''[]corev1.Volume; each goes to the pods that have a mount of it.

        :schema: LocustTestSpec#volumes
        '''
        result = self._values.get("volumes")
        return typing.cast(typing.Optional[typing.List[typing.Any]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecEnv",
    jsii_struct_bases=[],
    name_mapping={
        "config_map_refs": "configMapRefs",
        "secret_mounts": "secretMounts",
        "secret_refs": "secretRefs",
        "variables": "variables",
    },
)
class LocustTestSpecEnv:
    def __init__(
        self,
        *,
        config_map_refs: typing.Optional[typing.Sequence[typing.Union["LocustTestSpecEnvConfigMapRefs", typing.Dict[builtins.str, typing.Any]]]] = None,
        secret_mounts: typing.Optional[typing.Sequence[typing.Union["LocustTestSpecEnvSecretMounts", typing.Dict[builtins.str, typing.Any]]]] = None,
        secret_refs: typing.Optional[typing.Sequence[typing.Union["LocustTestSpecEnvSecretRefs", typing.Dict[builtins.str, typing.Any]]]] = None,
        variables: typing.Optional[typing.Sequence[typing.Any]] = None,
    ) -> None:
        '''spec.env: environment of both Locust containers. None: only the operator's own env vars.

        :param config_map_refs: ConfigMaps whose keys all become env vars (envFrom), in order.
        :param secret_mounts: Secrets mounted as files (see SecretMount).
        :param secret_refs: Secrets likewise, after the ConfigMaps.
        :param variables: []corev1.EnvVar, appended verbatim after the operator's variables.

        :schema: LocustTestSpecEnv
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__9461a11ddf7745fbfc1b0bff812e11cb1602d1a4d94a120d91be67eaeb5e5beb)
            check_type(argname="argument config_map_refs", value=config_map_refs, expected_type=type_hints["config_map_refs"])
            check_type(argname="argument secret_mounts", value=secret_mounts, expected_type=type_hints["secret_mounts"])
            check_type(argname="argument secret_refs", value=secret_refs, expected_type=type_hints["secret_refs"])
            check_type(argname="argument variables", value=variables, expected_type=type_hints["variables"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if config_map_refs is not None:
            self._values["config_map_refs"] = config_map_refs
        if secret_mounts is not None:
            self._values["secret_mounts"] = secret_mounts
        if secret_refs is not None:
            self._values["secret_refs"] = secret_refs
        if variables is not None:
            self._values["variables"] = variables

    @builtins.property
    def config_map_refs(
        self,
    ) -> typing.Optional[typing.List["LocustTestSpecEnvConfigMapRefs"]]:
        '''ConfigMaps whose keys all become env vars (envFrom), in order.

        :schema: LocustTestSpecEnv#configMapRefs
        '''
        result = self._values.get("config_map_refs")
        return typing.cast(typing.Optional[typing.List["LocustTestSpecEnvConfigMapRefs"]], result)

    @builtins.property
    def secret_mounts(
        self,
    ) -> typing.Optional[typing.List["LocustTestSpecEnvSecretMounts"]]:
        '''Secrets mounted as files (see SecretMount).

        :schema: LocustTestSpecEnv#secretMounts
        '''
        result = self._values.get("secret_mounts")
        return typing.cast(typing.Optional[typing.List["LocustTestSpecEnvSecretMounts"]], result)

    @builtins.property
    def secret_refs(
        self,
    ) -> typing.Optional[typing.List["LocustTestSpecEnvSecretRefs"]]:
        '''Secrets likewise, after the ConfigMaps.

        :schema: LocustTestSpecEnv#secretRefs
        '''
        result = self._values.get("secret_refs")
        return typing.cast(typing.Optional[typing.List["LocustTestSpecEnvSecretRefs"]], result)

    @builtins.property
    def variables(self) -> typing.Optional[typing.List[typing.Any]]:
        '''[]corev1.EnvVar, appended verbatim after the operator's variables.

        :schema: LocustTestSpecEnv#variables
        '''
        result = self._values.get("variables")
        return typing.cast(typing.Optional[typing.List[typing.Any]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecEnv(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecEnvConfigMapRefs",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "prefix": "prefix"},
)
class LocustTestSpecEnvConfigMapRefs:
    def __init__(
        self,
        *,
        name: builtins.str,
        prefix: typing.Optional[builtins.str] = None,
    ) -> None:
        '''One spec.env.configMapRefs[] or secretRefs[] entry: all keys become env vars.

        :param name: Required. The ConfigMap or Secret name.
        :param prefix: Prepended to every variable name. None: no prefix.

        :schema: LocustTestSpecEnvConfigMapRefs
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__121bf9bff8344c028e04b4417169db163a9244e75f1b94a32e2619056d6754d9)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument prefix", value=prefix, expected_type=type_hints["prefix"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }
        if prefix is not None:
            self._values["prefix"] = prefix

    @builtins.property
    def name(self) -> builtins.str:
        '''Required.

        The ConfigMap or Secret name.

        :schema: LocustTestSpecEnvConfigMapRefs#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def prefix(self) -> typing.Optional[builtins.str]:
        '''Prepended to every variable name.

        None: no prefix.

        :schema: LocustTestSpecEnvConfigMapRefs#prefix
        '''
        result = self._values.get("prefix")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecEnvConfigMapRefs(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecEnvSecretMounts",
    jsii_struct_bases=[],
    name_mapping={"mount_path": "mountPath", "name": "name", "read_only": "readOnly"},
)
class LocustTestSpecEnvSecretMounts:
    def __init__(
        self,
        *,
        mount_path: builtins.str,
        name: builtins.str,
        read_only: typing.Optional[builtins.bool] = None,
    ) -> None:
        '''One spec.env.secretMounts[] entry: a Secret mounted as files in every pod.

        :param mount_path: Required. Must not overlap the test-file paths.
        :param name: Required. The Secret; the volume is called secret-.
        :param read_only: None: the CRD default, True.

        :schema: LocustTestSpecEnvSecretMounts
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__4f1be1c4715fc548de3f18feba7be2247f1cabfc6740a8126cce7a341884b99f)
            check_type(argname="argument mount_path", value=mount_path, expected_type=type_hints["mount_path"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument read_only", value=read_only, expected_type=type_hints["read_only"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "mount_path": mount_path,
            "name": name,
        }
        if read_only is not None:
            self._values["read_only"] = read_only

    @builtins.property
    def mount_path(self) -> builtins.str:
        '''Required.

        Must not overlap the test-file paths.

        :schema: LocustTestSpecEnvSecretMounts#mountPath
        '''
        result = self._values.get("mount_path")
        assert result is not None, "Required property 'mount_path' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''Required.

        The Secret; the volume is called secret-.

        :schema: LocustTestSpecEnvSecretMounts#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def read_only(self) -> typing.Optional[builtins.bool]:
        '''None: the CRD default, True.

        :schema: LocustTestSpecEnvSecretMounts#readOnly
        '''
        result = self._values.get("read_only")
        return typing.cast(typing.Optional[builtins.bool], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecEnvSecretMounts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecEnvSecretRefs",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "prefix": "prefix"},
)
class LocustTestSpecEnvSecretRefs:
    def __init__(
        self,
        *,
        name: builtins.str,
        prefix: typing.Optional[builtins.str] = None,
    ) -> None:
        '''One spec.env.secretRefs[] entry (an EnvSource for a Secret).

        :param name: Required. The ConfigMap or Secret name.
        :param prefix: Prepended to every variable name. None: no prefix.

        :schema: LocustTestSpecEnvSecretRefs
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__1120691a604cda1b79efe89431385e03871d8964cf75254fbb6fb9b45d54eb3a)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument prefix", value=prefix, expected_type=type_hints["prefix"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }
        if prefix is not None:
            self._values["prefix"] = prefix

    @builtins.property
    def name(self) -> builtins.str:
        '''Required.

        The ConfigMap or Secret name.

        :schema: LocustTestSpecEnvSecretRefs#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def prefix(self) -> typing.Optional[builtins.str]:
        '''Prepended to every variable name.

        None: no prefix.

        :schema: LocustTestSpecEnvSecretRefs#prefix
        '''
        result = self._values.get("prefix")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecEnvSecretRefs(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iolocust.LocustTestSpecImagePullPolicy")
class LocustTestSpecImagePullPolicy(enum.Enum):
    '''None: IfNotPresent.

    :schema: LocustTestSpecImagePullPolicy
    '''

    ALWAYS = "ALWAYS"
    '''Always.'''
    IF_NOT_PRESENT = "IF_NOT_PRESENT"
    '''IfNotPresent.'''
    NEVER = "NEVER"
    '''Never.'''


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecMaster",
    jsii_struct_bases=[],
    name_mapping={
        "command": "command",
        "annotations": "annotations",
        "autoquit": "autoquit",
        "autostart": "autostart",
        "extra_args": "extraArgs",
        "labels": "labels",
        "resources": "resources",
    },
)
class LocustTestSpecMaster:
    def __init__(
        self,
        *,
        command: builtins.str,
        annotations: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        autoquit: typing.Optional[typing.Union["LocustTestSpecMasterAutoquit", typing.Dict[builtins.str, typing.Any]]] = None,
        autostart: typing.Optional[builtins.bool] = None,
        extra_args: typing.Optional[typing.Sequence[builtins.str]] = None,
        labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        resources: typing.Any = None,
    ) -> None:
        '''spec.master: the master pod. Required. See MasterSpec.

        :param command: Required. The Locust command seed, split on whitespace into the container's args; the operator appends its own flags after it.
        :param annotations: Extra pod-template annotations (may override the prometheus ones).
        :param autoquit: spec.master.autoquit: let the master quit by itself once the test is over. None: --autoquit 60. See Autoquit.
        :param autostart: None/True: --autostart, the test starts when every expected worker is connected. False: started from the web UI.
        :param extra_args: Appended verbatim after every flag of the operator's.
        :param labels: Extra pod-template labels (may override app and performance-test-name; never performance-test-pod-name or managed-by).
        :param resources: corev1.ResourceRequirements. When it sets requests or limits it is used verbatim; otherwise the defaults object's pod resources apply.

        :schema: LocustTestSpecMaster
        '''
        if isinstance(autoquit, dict):
            autoquit = LocustTestSpecMasterAutoquit(**autoquit)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__646505497490c608fed88fcd3a6c76e3fa9fa0a1a95c87a3104d7a7c2d799d57)
            check_type(argname="argument command", value=command, expected_type=type_hints["command"])
            check_type(argname="argument annotations", value=annotations, expected_type=type_hints["annotations"])
            check_type(argname="argument autoquit", value=autoquit, expected_type=type_hints["autoquit"])
            check_type(argname="argument autostart", value=autostart, expected_type=type_hints["autostart"])
            check_type(argname="argument extra_args", value=extra_args, expected_type=type_hints["extra_args"])
            check_type(argname="argument labels", value=labels, expected_type=type_hints["labels"])
            check_type(argname="argument resources", value=resources, expected_type=type_hints["resources"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "command": command,
        }
        if annotations is not None:
            self._values["annotations"] = annotations
        if autoquit is not None:
            self._values["autoquit"] = autoquit
        if autostart is not None:
            self._values["autostart"] = autostart
        if extra_args is not None:
            self._values["extra_args"] = extra_args
        if labels is not None:
            self._values["labels"] = labels
        if resources is not None:
            self._values["resources"] = resources

    @builtins.property
    def command(self) -> builtins.str:
        '''Required.

        The Locust command seed, split on whitespace into the container's args; the operator appends its own flags after it.

        :schema: LocustTestSpecMaster#command
        '''
        result = self._values.get("command")
        assert result is not None, "Required property 'command' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def annotations(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''Extra pod-template annotations (may override the prometheus ones).

        :schema: LocustTestSpecMaster#annotations
        '''
        result = self._values.get("annotations")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def autoquit(self) -> typing.Optional["LocustTestSpecMasterAutoquit"]:
        '''spec.master.autoquit: let the master quit by itself once the test is over. None: --autoquit 60. See Autoquit.

        :schema: LocustTestSpecMaster#autoquit
        '''
        result = self._values.get("autoquit")
        return typing.cast(typing.Optional["LocustTestSpecMasterAutoquit"], result)

    @builtins.property
    def autostart(self) -> typing.Optional[builtins.bool]:
        '''None/True: --autostart, the test starts when every expected worker is connected.

        False: started from the web UI.

        :schema: LocustTestSpecMaster#autostart
        '''
        result = self._values.get("autostart")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def extra_args(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Appended verbatim after every flag of the operator's.

        :schema: LocustTestSpecMaster#extraArgs
        '''
        result = self._values.get("extra_args")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def labels(self) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''Extra pod-template labels (may override app and performance-test-name;

        never performance-test-pod-name or managed-by).

        :schema: LocustTestSpecMaster#labels
        '''
        result = self._values.get("labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def resources(self) -> typing.Any:
        '''corev1.ResourceRequirements. When it sets requests or limits it is used verbatim; otherwise the defaults object's pod resources apply.

        :schema: LocustTestSpecMaster#resources
        '''
        result = self._values.get("resources")
        return typing.cast(typing.Any, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecMaster(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecMasterAutoquit",
    jsii_struct_bases=[],
    name_mapping={"enabled": "enabled", "timeout": "timeout"},
)
class LocustTestSpecMasterAutoquit:
    def __init__(
        self,
        *,
        enabled: builtins.bool,
        timeout: typing.Optional[jsii.Number] = None,
    ) -> None:
        '''spec.master.autoquit: let the master quit by itself once the test is over. None: --autoquit 60. See Autoquit.

        :param enabled: True adds --autoquit to the master. Required by the CRD, which defaults it: left out (or None), it is True.
        :param timeout: Seconds the master waits after the run before quitting (>= 0). None: the CRD default, 60.

        :schema: LocustTestSpecMasterAutoquit
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__c5ae19723bff2233ccf523d2f195f307b8de0537903860b26d650250e26b5f01)
            check_type(argname="argument enabled", value=enabled, expected_type=type_hints["enabled"])
            check_type(argname="argument timeout", value=timeout, expected_type=type_hints["timeout"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "enabled": enabled,
        }
        if timeout is not None:
            self._values["timeout"] = timeout

    @builtins.property
    def enabled(self) -> builtins.bool:
        '''True adds --autoquit  to the master.

        Required by the CRD, which defaults it: left out (or None), it is True.

        :schema: LocustTestSpecMasterAutoquit#enabled
        '''
        result = self._values.get("enabled")
        assert result is not None, "Required property 'enabled' is missing"
        return typing.cast(builtins.bool, result)

    @builtins.property
    def timeout(self) -> typing.Optional[jsii.Number]:
        '''Seconds the master waits after the run before quitting (>= 0).

        None: the CRD default, 60.

        :schema: LocustTestSpecMasterAutoquit#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast(typing.Optional[jsii.Number], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecMasterAutoquit(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecObservability",
    jsii_struct_bases=[],
    name_mapping={"open_telemetry": "openTelemetry"},
)
class LocustTestSpecObservability:
    def __init__(
        self,
        *,
        open_telemetry: typing.Optional[typing.Union["LocustTestSpecObservabilityOpenTelemetry", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''spec.observability. None: OpenTelemetry off.

        :param open_telemetry: spec.observability.openTelemetry: native Locust OpenTelemetry export. None: OpenTelemetry off (the prometheus exporter runs).

        :schema: LocustTestSpecObservability
        '''
        if isinstance(open_telemetry, dict):
            open_telemetry = LocustTestSpecObservabilityOpenTelemetry(**open_telemetry)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__3051362df98b419ff4e57b0b26dba41ce2710a9ce56e94e9e65690e18befc052)
            check_type(argname="argument open_telemetry", value=open_telemetry, expected_type=type_hints["open_telemetry"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if open_telemetry is not None:
            self._values["open_telemetry"] = open_telemetry

    @builtins.property
    def open_telemetry(
        self,
    ) -> typing.Optional["LocustTestSpecObservabilityOpenTelemetry"]:
        '''spec.observability.openTelemetry: native Locust OpenTelemetry export. None: OpenTelemetry off (the prometheus exporter runs).

        :schema: LocustTestSpecObservability#openTelemetry
        '''
        result = self._values.get("open_telemetry")
        return typing.cast(typing.Optional["LocustTestSpecObservabilityOpenTelemetry"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecObservability(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecObservabilityOpenTelemetry",
    jsii_struct_bases=[],
    name_mapping={
        "enabled": "enabled",
        "endpoint": "endpoint",
        "extra_env_vars": "extraEnvVars",
        "insecure": "insecure",
        "protocol": "protocol",
    },
)
class LocustTestSpecObservabilityOpenTelemetry:
    def __init__(
        self,
        *,
        enabled: builtins.bool,
        endpoint: typing.Optional[builtins.str] = None,
        extra_env_vars: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        insecure: typing.Optional[builtins.bool] = None,
        protocol: typing.Optional["LocustTestSpecObservabilityOpenTelemetryProtocol"] = None,
    ) -> None:
        '''spec.observability.openTelemetry: native Locust OpenTelemetry export. None: OpenTelemetry off (the prometheus exporter runs).

        :param enabled: False: nothing OTel-related is rendered. Required by the CRD, which defaults it: left out (or None), it is False.
        :param endpoint: The collector (OTEL_EXPORTER_OTLP_ENDPOINT); required when enabled.
        :param extra_env_vars: More OTEL_* settings, rendered sorted by name after the core ones.
        :param insecure: True sets OTEL_EXPORTER_OTLP_INSECURE=true (no TLS). None: false.
        :param protocol: None: grpc. Sets OTEL_EXPORTER_OTLP_PROTOCOL.

        :schema: LocustTestSpecObservabilityOpenTelemetry
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2d9de2c70984339207f0d3c714a0b71bfac343f4d06e21afdc756763fbd3620a)
            check_type(argname="argument enabled", value=enabled, expected_type=type_hints["enabled"])
            check_type(argname="argument endpoint", value=endpoint, expected_type=type_hints["endpoint"])
            check_type(argname="argument extra_env_vars", value=extra_env_vars, expected_type=type_hints["extra_env_vars"])
            check_type(argname="argument insecure", value=insecure, expected_type=type_hints["insecure"])
            check_type(argname="argument protocol", value=protocol, expected_type=type_hints["protocol"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "enabled": enabled,
        }
        if endpoint is not None:
            self._values["endpoint"] = endpoint
        if extra_env_vars is not None:
            self._values["extra_env_vars"] = extra_env_vars
        if insecure is not None:
            self._values["insecure"] = insecure
        if protocol is not None:
            self._values["protocol"] = protocol

    @builtins.property
    def enabled(self) -> builtins.bool:
        '''False: nothing OTel-related is rendered.

        Required by the CRD, which defaults it: left out (or None), it is False.

        :schema: LocustTestSpecObservabilityOpenTelemetry#enabled
        '''
        result = self._values.get("enabled")
        assert result is not None, "Required property 'enabled' is missing"
        return typing.cast(builtins.bool, result)

    @builtins.property
    def endpoint(self) -> typing.Optional[builtins.str]:
        '''The collector (OTEL_EXPORTER_OTLP_ENDPOINT);

        required when enabled.

        :schema: LocustTestSpecObservabilityOpenTelemetry#endpoint
        '''
        result = self._values.get("endpoint")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def extra_env_vars(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''More OTEL_* settings, rendered sorted by name after the core ones.

        :schema: LocustTestSpecObservabilityOpenTelemetry#extraEnvVars
        '''
        result = self._values.get("extra_env_vars")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def insecure(self) -> typing.Optional[builtins.bool]:
        '''True sets OTEL_EXPORTER_OTLP_INSECURE=true (no TLS).

        None: false.

        :schema: LocustTestSpecObservabilityOpenTelemetry#insecure
        '''
        result = self._values.get("insecure")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def protocol(
        self,
    ) -> typing.Optional["LocustTestSpecObservabilityOpenTelemetryProtocol"]:
        '''None: grpc.

        Sets OTEL_EXPORTER_OTLP_PROTOCOL.

        :schema: LocustTestSpecObservabilityOpenTelemetry#protocol
        '''
        result = self._values.get("protocol")
        return typing.cast(typing.Optional["LocustTestSpecObservabilityOpenTelemetryProtocol"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecObservabilityOpenTelemetry(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iolocust.LocustTestSpecObservabilityOpenTelemetryProtocol")
class LocustTestSpecObservabilityOpenTelemetryProtocol(enum.Enum):
    '''None: grpc.

    Sets OTEL_EXPORTER_OTLP_PROTOCOL.

    :schema: LocustTestSpecObservabilityOpenTelemetryProtocol
    '''

    GRPC = "GRPC"
    '''grpc.'''
    HTTP_FORWARD_SLASH_PROTOBUF = "HTTP_FORWARD_SLASH_PROTOBUF"
    '''http/protobuf.'''


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecScheduling",
    jsii_struct_bases=[],
    name_mapping={
        "affinity": "affinity",
        "node_selector": "nodeSelector",
        "runtime_class_name": "runtimeClassName",
        "tolerations": "tolerations",
    },
)
class LocustTestSpecScheduling:
    def __init__(
        self,
        *,
        affinity: typing.Any = None,
        node_selector: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        runtime_class_name: typing.Optional[builtins.str] = None,
        tolerations: typing.Optional[typing.Sequence[typing.Any]] = None,
    ) -> None:
        '''spec.scheduling: where the pods may run (same for master and workers). None: no affinity, tolerations or node selector.

        :param affinity: corev1.Affinity. Applied only when the defaults object's inject_affinity is on (it is, in a default Helm install).
        :param node_selector: Always applied.
        :param runtime_class_name: None: the defaults object's default_runtime_class_name (none by default); "": explicitly none; otherwise this RuntimeClass.
        :param tolerations: []corev1.Toleration. Applied only when inject_tolerations is on.

        :schema: LocustTestSpecScheduling
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__97a6ce7040a2b858002f5a3758418265e0e5a0403027e2c4944bcc1dc78d6cf8)
            check_type(argname="argument affinity", value=affinity, expected_type=type_hints["affinity"])
            check_type(argname="argument node_selector", value=node_selector, expected_type=type_hints["node_selector"])
            check_type(argname="argument runtime_class_name", value=runtime_class_name, expected_type=type_hints["runtime_class_name"])
            check_type(argname="argument tolerations", value=tolerations, expected_type=type_hints["tolerations"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if affinity is not None:
            self._values["affinity"] = affinity
        if node_selector is not None:
            self._values["node_selector"] = node_selector
        if runtime_class_name is not None:
            self._values["runtime_class_name"] = runtime_class_name
        if tolerations is not None:
            self._values["tolerations"] = tolerations

    @builtins.property
    def affinity(self) -> typing.Any:
        '''corev1.Affinity. Applied only when the defaults object's inject_affinity is on (it is, in a default Helm install).

        :schema: LocustTestSpecScheduling#affinity
        '''
        result = self._values.get("affinity")
        return typing.cast(typing.Any, result)

    @builtins.property
    def node_selector(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''Always applied.

        :schema: LocustTestSpecScheduling#nodeSelector
        '''
        result = self._values.get("node_selector")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def runtime_class_name(self) -> typing.Optional[builtins.str]:
        '''None: the defaults object's default_runtime_class_name (none by default);

        "": explicitly none; otherwise this RuntimeClass.

        :schema: LocustTestSpecScheduling#runtimeClassName
        '''
        result = self._values.get("runtime_class_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def tolerations(self) -> typing.Optional[typing.List[typing.Any]]:
        '''[]corev1.Toleration. Applied only when inject_tolerations is on.

        :schema: LocustTestSpecScheduling#tolerations
        '''
        result = self._values.get("tolerations")
        return typing.cast(typing.Optional[typing.List[typing.Any]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecScheduling(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecSecurity",
    jsii_struct_bases=[],
    name_mapping={
        "container_security_context": "containerSecurityContext",
        "pod_security_context": "podSecurityContext",
    },
)
class LocustTestSpecSecurity:
    def __init__(
        self,
        *,
        container_security_context: typing.Any = None,
        pod_security_context: typing.Any = None,
    ) -> None:
        '''spec.security: security contexts of the Locust pods. None: pod seccompProfile: RuntimeDefault, no container context.

        :param container_security_context: corev1.SecurityContext of both Locust containers. None: none. Never applied to the metrics exporter, which is hardened already.
        :param pod_security_context: corev1.PodSecurityContext, a complete override. None: {seccompProfile: {type: RuntimeDefault}}.

        :schema: LocustTestSpecSecurity
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__03c7be30cc86ed07209a5f4380f7e08ece9fc83e75ab61c51a77a77dcad345e6)
            check_type(argname="argument container_security_context", value=container_security_context, expected_type=type_hints["container_security_context"])
            check_type(argname="argument pod_security_context", value=pod_security_context, expected_type=type_hints["pod_security_context"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if container_security_context is not None:
            self._values["container_security_context"] = container_security_context
        if pod_security_context is not None:
            self._values["pod_security_context"] = pod_security_context

    @builtins.property
    def container_security_context(self) -> typing.Any:
        '''corev1.SecurityContext of both Locust containers. None: none. Never applied to the metrics exporter, which is hardened already.

        :schema: LocustTestSpecSecurity#containerSecurityContext
        '''
        result = self._values.get("container_security_context")
        return typing.cast(typing.Any, result)

    @builtins.property
    def pod_security_context(self) -> typing.Any:
        '''corev1.PodSecurityContext, a complete override. None: {seccompProfile: {type: RuntimeDefault}}.

        :schema: LocustTestSpecSecurity#podSecurityContext
        '''
        result = self._values.get("pod_security_context")
        return typing.cast(typing.Any, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecSecurity(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecTestFiles",
    jsii_struct_bases=[],
    name_mapping={
        "config_map_ref": "configMapRef",
        "lib_config_map_ref": "libConfigMapRef",
        "lib_mount_path": "libMountPath",
        "src_mount_path": "srcMountPath",
    },
)
class LocustTestSpecTestFiles:
    def __init__(
        self,
        *,
        config_map_ref: typing.Optional[builtins.str] = None,
        lib_config_map_ref: typing.Optional[builtins.str] = None,
        lib_mount_path: typing.Optional[builtins.str] = None,
        src_mount_path: typing.Optional[builtins.str] = None,
    ) -> None:
        '''spec.testFiles: ConfigMaps with the locustfile and its library. None: no ConfigMap volumes.

        :param config_map_ref: ConfigMap mounted at src_mount_path in every pod. None: no test-files volume (the image must carry the locustfile).
        :param lib_config_map_ref: ConfigMap mounted at lib_mount_path (volume locust-lib).
        :param lib_mount_path: None: /opt/locust/lib.
        :param src_mount_path: None: /lotest/src.

        :schema: LocustTestSpecTestFiles
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__48377970ed8fca0776e2cf4ede173a2ac851f9483ba6ae53cab139292cc0bcf6)
            check_type(argname="argument config_map_ref", value=config_map_ref, expected_type=type_hints["config_map_ref"])
            check_type(argname="argument lib_config_map_ref", value=lib_config_map_ref, expected_type=type_hints["lib_config_map_ref"])
            check_type(argname="argument lib_mount_path", value=lib_mount_path, expected_type=type_hints["lib_mount_path"])
            check_type(argname="argument src_mount_path", value=src_mount_path, expected_type=type_hints["src_mount_path"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if config_map_ref is not None:
            self._values["config_map_ref"] = config_map_ref
        if lib_config_map_ref is not None:
            self._values["lib_config_map_ref"] = lib_config_map_ref
        if lib_mount_path is not None:
            self._values["lib_mount_path"] = lib_mount_path
        if src_mount_path is not None:
            self._values["src_mount_path"] = src_mount_path

    @builtins.property
    def config_map_ref(self) -> typing.Optional[builtins.str]:
        '''ConfigMap mounted at src_mount_path in every pod.

        None: no test-files volume (the image must carry the locustfile).

        :schema: LocustTestSpecTestFiles#configMapRef
        '''
        result = self._values.get("config_map_ref")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def lib_config_map_ref(self) -> typing.Optional[builtins.str]:
        '''ConfigMap mounted at lib_mount_path (volume locust-lib).

        :schema: LocustTestSpecTestFiles#libConfigMapRef
        '''
        result = self._values.get("lib_config_map_ref")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def lib_mount_path(self) -> typing.Optional[builtins.str]:
        '''None: /opt/locust/lib.

        :schema: LocustTestSpecTestFiles#libMountPath
        '''
        result = self._values.get("lib_mount_path")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def src_mount_path(self) -> typing.Optional[builtins.str]:
        '''None: /lotest/src.

        :schema: LocustTestSpecTestFiles#srcMountPath
        '''
        result = self._values.get("src_mount_path")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecTestFiles(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecVolumeMounts",
    jsii_struct_bases=[],
    name_mapping={"mount_path": "mountPath", "name": "name", "target": "target"},
)
class LocustTestSpecVolumeMounts:
    def __init__(
        self,
        *,
        mount_path: builtins.str,
        name: builtins.str,
        target: typing.Optional["LocustTestSpecVolumeMountsTarget"] = None,
    ) -> None:
        '''One spec.volumeMounts[] entry: a corev1.VolumeMount plus a target.

        :param mount_path: 
        :param name: 
        :param target: Which pods get it. None: the CRD default, both.

        :schema: LocustTestSpecVolumeMounts
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__b7a27b1f049f569501f5ba845a29d4da016859bbb82b84143af6c9e2d55006f6)
            check_type(argname="argument mount_path", value=mount_path, expected_type=type_hints["mount_path"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument target", value=target, expected_type=type_hints["target"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "mount_path": mount_path,
            "name": name,
        }
        if target is not None:
            self._values["target"] = target

    @builtins.property
    def mount_path(self) -> builtins.str:
        '''
        :schema: LocustTestSpecVolumeMounts#mountPath
        '''
        result = self._values.get("mount_path")
        assert result is not None, "Required property 'mount_path' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def name(self) -> builtins.str:
        '''
        :schema: LocustTestSpecVolumeMounts#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def target(self) -> typing.Optional["LocustTestSpecVolumeMountsTarget"]:
        '''Which pods get it.

        None: the CRD default, both.

        :schema: LocustTestSpecVolumeMounts#target
        '''
        result = self._values.get("target")
        return typing.cast(typing.Optional["LocustTestSpecVolumeMountsTarget"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecVolumeMounts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iolocust.LocustTestSpecVolumeMountsTarget")
class LocustTestSpecVolumeMountsTarget(enum.Enum):
    '''Which pods get it.

    None: the CRD default, both.

    :schema: LocustTestSpecVolumeMountsTarget
    '''

    MASTER = "MASTER"
    '''master.'''
    WORKER = "WORKER"
    '''worker.'''
    BOTH = "BOTH"
    '''both.'''


@jsii.data_type(
    jsii_type="iolocust.LocustTestSpecWorker",
    jsii_struct_bases=[],
    name_mapping={
        "command": "command",
        "replicas": "replicas",
        "annotations": "annotations",
        "extra_args": "extraArgs",
        "labels": "labels",
        "resources": "resources",
    },
)
class LocustTestSpecWorker:
    def __init__(
        self,
        *,
        command: builtins.str,
        replicas: jsii.Number,
        annotations: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        extra_args: typing.Optional[typing.Sequence[builtins.str]] = None,
        labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
        resources: typing.Any = None,
    ) -> None:
        '''spec.worker: the worker pods. Required. See WorkerSpec.

        :param command: Required. The Locust command seed of every worker.
        :param replicas: Required, 1 to 500. The worker Job's parallelism and the master's --expect-workers.
        :param annotations: Extra worker pod annotations (workers get no prometheus annotations).
        :param extra_args: Appended verbatim after the operator's worker flags.
        :param labels: As MasterSpec.labels, for the worker pods.
        :param resources: As MasterSpec.resources, for each worker.

        :schema: LocustTestSpecWorker
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__11de781b32c9503b5c8154a02c259afa6a7ba19fc235394085d19bb9619cc45b)
            check_type(argname="argument command", value=command, expected_type=type_hints["command"])
            check_type(argname="argument replicas", value=replicas, expected_type=type_hints["replicas"])
            check_type(argname="argument annotations", value=annotations, expected_type=type_hints["annotations"])
            check_type(argname="argument extra_args", value=extra_args, expected_type=type_hints["extra_args"])
            check_type(argname="argument labels", value=labels, expected_type=type_hints["labels"])
            check_type(argname="argument resources", value=resources, expected_type=type_hints["resources"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "command": command,
            "replicas": replicas,
        }
        if annotations is not None:
            self._values["annotations"] = annotations
        if extra_args is not None:
            self._values["extra_args"] = extra_args
        if labels is not None:
            self._values["labels"] = labels
        if resources is not None:
            self._values["resources"] = resources

    @builtins.property
    def command(self) -> builtins.str:
        '''Required.

        The Locust command seed of every worker.

        :schema: LocustTestSpecWorker#command
        '''
        result = self._values.get("command")
        assert result is not None, "Required property 'command' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def replicas(self) -> jsii.Number:
        '''Required, 1 to 500.

        The worker Job's parallelism and the master's --expect-workers.

        :schema: LocustTestSpecWorker#replicas
        '''
        result = self._values.get("replicas")
        assert result is not None, "Required property 'replicas' is missing"
        return typing.cast(jsii.Number, result)

    @builtins.property
    def annotations(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''Extra worker pod annotations (workers get no prometheus annotations).

        :schema: LocustTestSpecWorker#annotations
        '''
        result = self._values.get("annotations")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def extra_args(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Appended verbatim after the operator's worker flags.

        :schema: LocustTestSpecWorker#extraArgs
        '''
        result = self._values.get("extra_args")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def labels(self) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''As MasterSpec.labels, for the worker pods.

        :schema: LocustTestSpecWorker#labels
        '''
        result = self._values.get("labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    @builtins.property
    def resources(self) -> typing.Any:
        '''As MasterSpec.resources, for each worker.

        :schema: LocustTestSpecWorker#resources
        '''
        result = self._values.get("resources")
        return typing.cast(typing.Any, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "LocustTestSpecWorker(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "LocustTest",
    "LocustTestProps",
    "LocustTestSpec",
    "LocustTestSpecEnv",
    "LocustTestSpecEnvConfigMapRefs",
    "LocustTestSpecEnvSecretMounts",
    "LocustTestSpecEnvSecretRefs",
    "LocustTestSpecImagePullPolicy",
    "LocustTestSpecMaster",
    "LocustTestSpecMasterAutoquit",
    "LocustTestSpecObservability",
    "LocustTestSpecObservabilityOpenTelemetry",
    "LocustTestSpecObservabilityOpenTelemetryProtocol",
    "LocustTestSpecScheduling",
    "LocustTestSpecSecurity",
    "LocustTestSpecTestFiles",
    "LocustTestSpecVolumeMounts",
    "LocustTestSpecVolumeMountsTarget",
    "LocustTestSpecWorker",
]

publication.publish()

def _typecheckingstub__8a5c949ed91b36fa731940f47b3ad5ed8bfa2240a0ea5523361e78b3db6ab888(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[LocustTestSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__622bc48d8475b698edb1ccece1bf6562bc918d78bd602754eb3bc813b96870e2(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[LocustTestSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__fffea5ea52edb75915ab2142f20f060d56694d71ad3519620697579bb6045804(
    *,
    image: builtins.str,
    master: typing.Union[LocustTestSpecMaster, typing.Dict[builtins.str, typing.Any]],
    worker: typing.Union[LocustTestSpecWorker, typing.Dict[builtins.str, typing.Any]],
    env: typing.Optional[typing.Union[LocustTestSpecEnv, typing.Dict[builtins.str, typing.Any]]] = None,
    image_pull_policy: typing.Optional[LocustTestSpecImagePullPolicy] = None,
    image_pull_secrets: typing.Optional[typing.Sequence[typing.Any]] = None,
    observability: typing.Optional[typing.Union[LocustTestSpecObservability, typing.Dict[builtins.str, typing.Any]]] = None,
    scheduling: typing.Optional[typing.Union[LocustTestSpecScheduling, typing.Dict[builtins.str, typing.Any]]] = None,
    security: typing.Optional[typing.Union[LocustTestSpecSecurity, typing.Dict[builtins.str, typing.Any]]] = None,
    test_files: typing.Optional[typing.Union[LocustTestSpecTestFiles, typing.Dict[builtins.str, typing.Any]]] = None,
    volume_mounts: typing.Optional[typing.Sequence[typing.Union[LocustTestSpecVolumeMounts, typing.Dict[builtins.str, typing.Any]]]] = None,
    volumes: typing.Optional[typing.Sequence[typing.Any]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__9461a11ddf7745fbfc1b0bff812e11cb1602d1a4d94a120d91be67eaeb5e5beb(
    *,
    config_map_refs: typing.Optional[typing.Sequence[typing.Union[LocustTestSpecEnvConfigMapRefs, typing.Dict[builtins.str, typing.Any]]]] = None,
    secret_mounts: typing.Optional[typing.Sequence[typing.Union[LocustTestSpecEnvSecretMounts, typing.Dict[builtins.str, typing.Any]]]] = None,
    secret_refs: typing.Optional[typing.Sequence[typing.Union[LocustTestSpecEnvSecretRefs, typing.Dict[builtins.str, typing.Any]]]] = None,
    variables: typing.Optional[typing.Sequence[typing.Any]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__121bf9bff8344c028e04b4417169db163a9244e75f1b94a32e2619056d6754d9(
    *,
    name: builtins.str,
    prefix: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__4f1be1c4715fc548de3f18feba7be2247f1cabfc6740a8126cce7a341884b99f(
    *,
    mount_path: builtins.str,
    name: builtins.str,
    read_only: typing.Optional[builtins.bool] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__1120691a604cda1b79efe89431385e03871d8964cf75254fbb6fb9b45d54eb3a(
    *,
    name: builtins.str,
    prefix: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__646505497490c608fed88fcd3a6c76e3fa9fa0a1a95c87a3104d7a7c2d799d57(
    *,
    command: builtins.str,
    annotations: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    autoquit: typing.Optional[typing.Union[LocustTestSpecMasterAutoquit, typing.Dict[builtins.str, typing.Any]]] = None,
    autostart: typing.Optional[builtins.bool] = None,
    extra_args: typing.Optional[typing.Sequence[builtins.str]] = None,
    labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    resources: typing.Any = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__c5ae19723bff2233ccf523d2f195f307b8de0537903860b26d650250e26b5f01(
    *,
    enabled: builtins.bool,
    timeout: typing.Optional[jsii.Number] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__3051362df98b419ff4e57b0b26dba41ce2710a9ce56e94e9e65690e18befc052(
    *,
    open_telemetry: typing.Optional[typing.Union[LocustTestSpecObservabilityOpenTelemetry, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2d9de2c70984339207f0d3c714a0b71bfac343f4d06e21afdc756763fbd3620a(
    *,
    enabled: builtins.bool,
    endpoint: typing.Optional[builtins.str] = None,
    extra_env_vars: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    insecure: typing.Optional[builtins.bool] = None,
    protocol: typing.Optional[LocustTestSpecObservabilityOpenTelemetryProtocol] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__97a6ce7040a2b858002f5a3758418265e0e5a0403027e2c4944bcc1dc78d6cf8(
    *,
    affinity: typing.Any = None,
    node_selector: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    runtime_class_name: typing.Optional[builtins.str] = None,
    tolerations: typing.Optional[typing.Sequence[typing.Any]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__03c7be30cc86ed07209a5f4380f7e08ece9fc83e75ab61c51a77a77dcad345e6(
    *,
    container_security_context: typing.Any = None,
    pod_security_context: typing.Any = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__48377970ed8fca0776e2cf4ede173a2ac851f9483ba6ae53cab139292cc0bcf6(
    *,
    config_map_ref: typing.Optional[builtins.str] = None,
    lib_config_map_ref: typing.Optional[builtins.str] = None,
    lib_mount_path: typing.Optional[builtins.str] = None,
    src_mount_path: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__b7a27b1f049f569501f5ba845a29d4da016859bbb82b84143af6c9e2d55006f6(
    *,
    mount_path: builtins.str,
    name: builtins.str,
    target: typing.Optional[LocustTestSpecVolumeMountsTarget] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__11de781b32c9503b5c8154a02c259afa6a7ba19fc235394085d19bb9619cc45b(
    *,
    command: builtins.str,
    replicas: jsii.Number,
    annotations: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    extra_args: typing.Optional[typing.Sequence[builtins.str]] = None,
    labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    resources: typing.Any = None,
) -> None:
    """Type checking stubs"""
    pass
