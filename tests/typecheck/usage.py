"""Right and wrong uses of the public API, as a type checker sees them.

``tests/test_typing.py`` runs ``mypy --strict`` and ``pyright`` on this file: each line that ends
in ``# wrong`` must be reported by both, and no other line may be. Every wrong use here also
fails at run time (a ``SpecError``, a ``TypeError`` or an ``AttributeError``), the types
say what the run time does. The file is only type-checked, never run.
"""

from collections.abc import Mapping
from typing import Any

import cdk8s

from constructs_locust import (
    Autoquit,
    EnvConfig,
    EnvSource,
    ImagePullPolicy,
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    MasterSpec,
    MountTarget,
    Observability,
    OpenTelemetry,
    OtelOptions,
    OtlpProtocol,
    PodOptions,
    Scheduling,
    SecretMount,
    ServiceOptions,
    TestFiles,
    VolumeMount,
    WorkerSpec,
)

# Right: required fields given, optional ones left out or given in any accepted form.
master = MasterSpec(command="--locustfile /lotest/src/test.py")
worker = WorkerSpec(command="--locustfile /lotest/src/test.py", replicas=3)
spec = LocustTestSpec(image="locustio/locust-otel:2.43.4", master=master, worker=worker)
with_lists = MasterSpec(command="x", extra_args=["--csv=results"], labels={"team": "shop"})
with_tuples = WorkerSpec(command="x", replicas=1, extra_args=("--csv=results",))
tolerations = Scheduling(tolerations=[{"key": "dedicated", "operator": "Equal", "value": "load"}])
node_selector = Scheduling(node_selector={"pool": "load"}, runtime_class_name="")
env = EnvConfig(
    config_map_refs=[EnvSource(name="shop-config", prefix="SHOP_")],
    variables=[{"name": "TARGET", "value": "https://shop.example.com"}],
    secret_mounts=[SecretMount(name="tls", mount_path="/etc/tls")],
)
files = TestFiles(config_map_ref="shop-tests")
quit_later = Autoquit(enabled=True, timeout=120)
quit_defaulted = Autoquit(timeout=30)  # enabled: the CRD default, true
policy_as_string = LocustTestSpec(image="x", image_pull_policy="Always", master=master, worker=worker)
policy_as_enum = LocustTestSpec(image="x", image_pull_policy=ImagePullPolicy.NEVER, master=master, worker=worker)
otel_strings = OpenTelemetry(enabled=True, endpoint="collector:4318", protocol="http/protobuf")
otel_enum = OpenTelemetry(enabled=True, endpoint="collector:4317", protocol=OtlpProtocol.GRPC)
otel_defaulted = OpenTelemetry(endpoint="collector:4317")  # enabled: the CRD default, false
observability = Observability(open_telemetry=otel_strings)
mount_string = VolumeMount(mount={"name": "results", "mountPath": "/results"}, target="master")
mount_enum = VolumeMount(mount={"name": "results", "mountPath": "/results"}, target=MountTarget.WORKER)
from_cr: LocustTestSpec = LocustTestSpec.from_cr({"image": "x", "master": master.to_cr(), "worker": worker.to_cr()})
cr: dict[str, Any] = spec.to_cr()
labels: Mapping[str, str] | None = with_lists.labels
extra_args: tuple[str, ...] | None = with_lists.extra_args  # read as what is stored: a tuple
toleration_list: tuple[Mapping[str, Any], ...] | None = tolerations.tolerations
policy: ImagePullPolicy | None = policy_as_string.image_pull_policy  # read as the enum member
protocol_value: str | None = otel_strings.protocol.value if otel_strings.protocol else None
target: MountTarget | None = mount_string.target
by_spec: dict[LocustTestSpec, str] = {spec: "hashable"}
chart = cdk8s.Chart(cdk8s.App(), "load")
test = LocustTest(chart, "checkout", spec=spec, namespace="perf")
parts = (test.master_service, test.master_job, test.worker_job, test.manifests.master_job)
resource = LocustTestResource(chart, "checkout-cr", spec=spec)
spot_workers = PodOptions(
    tolerations=[{"key": "spot", "operator": "Exists", "effect": "NoSchedule"}],
    node_selector={"pool": "spot"},
    priority_class_name="load-low",
)
beyond = LocustTest(
    chart,
    "checkout-beyond",
    spec=OtelOptions(endpoint="collector:4317", insecure=True, service_name="checkout").apply(spec),
    worker_pod=spot_workers,
    service=ServiceOptions(labels={"team": "shop"}, web_ui=True),
    rerun_on_change=True,
    ttl_seconds_after_finished=3600,
)

# Wrong: each line below is refused by the run time and must be reported by the type checkers.
WorkerSpec(command="x")  # wrong
MasterSpec()  # wrong
LocustTestSpec(image="x", master=master)  # wrong
EnvSource(prefix="A_")  # wrong
SecretMount(name="tls")  # wrong
VolumeMount(target="both")  # wrong
WorkerSpec(command="x", replicas="3")  # wrong
MasterSpec("x")  # wrong
MasterSpec(command="x", labels={"team": 1})  # wrong
MasterSpec(command="x", unknown_field=1)  # wrong
LocustTestSpec(image="x", image_pull_policy="Sometimes", master=master, worker=worker)  # wrong
OpenTelemetry(enabled=True, endpoint="collector:4317", protocol="http/json")  # wrong
VolumeMount(mount={"name": "results", "mountPath": "/results"}, target="all")  # wrong
Scheduling(tolerations={"key": "dedicated"})  # wrong
PodOptions(toleration=[])  # wrong
ServiceOptions(webui=True)  # wrong
OtelOptions(endpont="collector:4317")  # wrong
OtelOptions(protocol="grpc")  # wrong
LocustTest(chart, "typo", spec=spec, rerun_on_changes=True)  # wrong
spec.image = "other"  # wrong
master.labels = {"team": "shop"}  # wrong
if with_lists.labels is not None:
    with_lists.labels["team"] = "other"  # wrong
LocustTest(chart, "no-spec")  # wrong
LocustTest(chart, "a-mapping", spec={"image": "x"})  # wrong
LocustTestResource(chart, "wrong-option", spec=spec, defaults=None)  # wrong
