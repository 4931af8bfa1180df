"""Hypothesis strategies: valid LocustTest v2 CR specs, covering every field the CR can hold.

Valid means what the CRD, the operator's webhook and the API server accept: label keys and
values, DNS-1123 volume names, tolerations that obey the API server's rules, mounts that
reference defined volumes away from the test-file paths, and so on. Zero values of
``omitempty`` fields (``value: ""``, ``readOnly: false``, empty lists) are generated on purpose.

The spec is built by a :class:`random.Random` seeded from one Hypothesis-drawn integer: a failure
reproduces from the seed Hypothesis reports (``random_cr_spec(random.Random(seed))``), and
generating a case costs well under a millisecond instead of the ~15 ms that nested
``fixed_dictionaries`` (or ``st.randoms``, which records every call) took here. Shrinking then
works on the seed only, which is the price of a few thousand cases in seconds.
"""

import random
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_ALNUM = _LOWER + _LOWER.upper() + _DIGITS
_PRINTABLE = "".join(chr(code) for code in range(32, 127))
VERSIONS = ("2.32.0", "2.43.1", "2.43.4")
QUANTITIES = ("100m", "250m", "1", "1000m", "2", "64Mi", "128Mi", "1024Mi", "1Gi", "30M", "0.5", 2)
COMMANDS = (
    "--locustfile /lotest/src/locustfile.py",
    "-f /lotest/src/main.py --host https://shop.example.com",
    "--locustfile=/lotest/src/a.py,/lotest/src/b.py",
)
ARGS = ("--run-time=10m", "--loglevel", "DEBUG", "--csv=/tmp/out", "-u", "100")


class _Draw:
    """Small helpers over one ``random.Random``."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def maybe(self) -> bool:
        return self.rnd.random() < 0.5

    def pick(self, options: "tuple[T, ...] | list[T] | str") -> Any:
        return self.rnd.choice(options)

    def many(self, make: Callable[[], T], most: int, least: int = 0) -> list[T]:
        return [make() for _ in range(self.rnd.randint(least, most))]

    def word(self, first: str, middle: str, last: str, most: int) -> str:
        body = "".join(self.rnd.choice(middle) for _ in range(self.rnd.randint(0, most)))
        return self.pick(first) + (body + self.pick(last) if body or self.maybe() else "")

    def name(self) -> str:
        """A DNS-1123 label (short)."""
        return self.word(_LOWER, _LOWER + _DIGITS + "-", _LOWER + _DIGITS, 10)

    def qualified(self) -> str:
        return self.word(_ALNUM, _ALNUM + "_.-", _ALNUM, 10)

    def label_key(self) -> str:
        return f"{self.name()}.example.com/{self.qualified()}" if self.maybe() else self.qualified()

    def label_value(self) -> str:
        return "" if self.rnd.random() < 0.2 else self.qualified()

    def labels(self) -> dict[str, str]:
        return {self.label_key(): self.label_value() for _ in range(self.rnd.randint(0, 3))}

    def text(self, most: int = 12) -> str:
        return "".join(self.rnd.choice(_PRINTABLE) for _ in range(self.rnd.randint(0, most)))

    def env_name(self) -> str:
        """Printable ASCII without '=', never an operator variable or a credential-like name."""
        return self.pick("ABCDEFGHIJLMNQRUVWXYZ_ ") + "".join(
            self.rnd.choice("ABCDEFGHIJ0123456789_.-:/ ") for _ in range(self.rnd.randint(0, 10))
        )

    def quantity(self) -> Any:
        return self.pick(QUANTITIES)


def _optional(draw: _Draw, into: dict[str, Any], key: str, make: Callable[[], Any]) -> None:
    if draw.maybe():
        into[key] = make()


def _resources(draw: _Draw) -> dict[str, Any]:
    """ResourceRequirements with requests never above limits (possibly an empty limits map)."""
    names = draw.rnd.sample(["cpu", "memory", "ephemeral-storage"], draw.rnd.randint(0, 3))
    limits = {name: draw.quantity() for name in names}
    requests = {name: limits[name] for name in names if draw.maybe()}
    result: dict[str, Any] = {"requests": requests} if requests else {}
    result["limits"] = limits
    if not requests and not limits:
        result["requests"] = {"cpu": "100m"}
    return result


def _role(draw: _Draw, worker: bool) -> dict[str, Any]:
    spec: dict[str, Any] = {"command": draw.pick(COMMANDS)}
    if worker:
        spec["replicas"] = draw.rnd.randint(1, 500)
    _optional(draw, spec, "resources", lambda: _resources(draw))
    _optional(draw, spec, "labels", draw.labels)
    _optional(draw, spec, "annotations", lambda: {draw.label_key(): draw.text() for _ in range(draw.rnd.randint(0, 3))})
    _optional(draw, spec, "extraArgs", lambda: draw.many(lambda: draw.pick(ARGS), 4))
    if not worker:
        _optional(draw, spec, "autostart", draw.maybe)
        autoquit: dict[str, Any] = {"enabled": draw.maybe()}
        _optional(draw, autoquit, "timeout", lambda: draw.rnd.randint(0, 3600))
        _optional(draw, spec, "autoquit", lambda: autoquit)
    return spec


def _toleration(draw: _Draw) -> dict[str, Any]:
    kind = draw.rnd.randint(0, 2)
    if kind == 0:  # match everything
        toleration: dict[str, Any] = {"operator": "Exists"}
        _optional(draw, toleration, "key", lambda: "")
        _optional(draw, toleration, "value", lambda: "")
        return toleration
    if kind == 1:
        toleration = {"key": draw.label_key()}
        _optional(draw, toleration, "operator", lambda: draw.pick(("Equal", "")))
        _optional(draw, toleration, "value", draw.label_value)
        _optional(draw, toleration, "effect", lambda: draw.pick(("NoSchedule", "PreferNoSchedule", "")))
        return toleration
    toleration = {"key": draw.label_key(), "operator": "Exists", "effect": "NoExecute"}
    _optional(draw, toleration, "tolerationSeconds", lambda: draw.rnd.randint(0, 3600))
    return toleration


def _node_requirement(draw: _Draw) -> dict[str, Any]:
    if draw.maybe():
        values = draw.many(draw.label_value, 2, least=1)
        return {"key": draw.label_key(), "operator": draw.pick(("In", "NotIn")), "values": values}
    requirement: dict[str, Any] = {"key": draw.label_key(), "operator": draw.pick(("Exists", "DoesNotExist"))}
    _optional(draw, requirement, "values", list)
    return requirement


def _affinity(draw: _Draw) -> dict[str, Any]:
    affinity: dict[str, Any] = {}
    node: dict[str, Any] = {}
    _optional(
        draw,
        node,
        "requiredDuringSchedulingIgnoredDuringExecution",
        lambda: {
            "nodeSelectorTerms": draw.many(
                lambda: {"matchExpressions": draw.many(lambda: _node_requirement(draw), 2)}, 2, least=1
            )
        },
    )
    _optional(
        draw,
        node,
        "preferredDuringSchedulingIgnoredDuringExecution",
        lambda: draw.many(
            lambda: {
                "weight": draw.rnd.randint(1, 100),
                "preference": {"matchExpressions": draw.many(lambda: _node_requirement(draw), 2)},
            },
            2,
        ),
    )
    _optional(draw, affinity, "nodeAffinity", lambda: node)

    def term() -> dict[str, Any]:
        affinity_term: dict[str, Any] = {"topologyKey": "kubernetes.io/hostname"}
        _optional(draw, affinity_term, "labelSelector", lambda: {"matchLabels": draw.labels()})
        _optional(draw, affinity_term, "namespaces", lambda: draw.many(draw.name, 2))
        return {"weight": draw.rnd.randint(1, 100), "podAffinityTerm": affinity_term}

    _optional(
        draw,
        affinity,
        "podAntiAffinity",
        lambda: {"preferredDuringSchedulingIgnoredDuringExecution": draw.many(term, 2)},
    )
    return affinity


def _env_variable(draw: _Draw) -> dict[str, Any]:
    variable: dict[str, Any] = {"name": draw.env_name()}
    kind = draw.rnd.randint(0, 5)
    if kind == 0:
        variable["value"] = ""
    elif kind == 1:
        variable["value"] = draw.text()
    elif kind == 2:
        selector: dict[str, Any] = {"name": draw.name(), "key": draw.name()}
        _optional(draw, selector, "optional", draw.maybe)
        variable["valueFrom"] = {draw.pick(("configMapKeyRef", "secretKeyRef")): selector}
    elif kind == 3:
        field: dict[str, Any] = {"fieldPath": "metadata.name"}
        _optional(draw, field, "apiVersion", lambda: "")
        variable["valueFrom"] = {"fieldRef": field}
    elif kind == 4:
        resource: dict[str, Any] = {"resource": "limits.cpu"}
        _optional(draw, resource, "containerName", lambda: "")
        # the API server takes only 1m and 1 (however written) as a cpu divisor
        _optional(draw, resource, "divisor", lambda: draw.pick(("1m", "1", "1000m", "0.001")))
        variable["valueFrom"] = {"resourceFieldRef": resource}
    return variable


def _volume_source(draw: _Draw) -> dict[str, Any]:
    kind = draw.rnd.randint(0, 3)
    source: dict[str, Any]
    if kind == 0:
        source = {}
        _optional(draw, source, "medium", lambda: draw.pick(("", "Memory")))
        _optional(draw, source, "sizeLimit", draw.quantity)
        return {"emptyDir": source}
    if kind == 1:
        source = {"name": draw.name()}
        _optional(draw, source, "items", list)
        _optional(draw, source, "defaultMode", lambda: draw.rnd.randint(0, 511))
        _optional(draw, source, "optional", draw.maybe)
        return {"configMap": source}
    if kind == 2:
        source = {"secretName": draw.name()}
        _optional(draw, source, "defaultMode", lambda: draw.rnd.randint(0, 511))
        return {"secret": source}
    source = {"claimName": draw.name()}
    _optional(draw, source, "readOnly", draw.maybe)
    return {"persistentVolumeClaim": source}


def _volumes(draw: _Draw) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """User volumes and mounts of them (distinct names, paths under /mnt, never reserved)."""
    names = sorted({f"v-{draw.name()}" for _ in range(draw.rnd.randint(0, 3))})
    defined = [{"name": name, **_volume_source(draw)} for name in names]
    mounts = []
    for index, volume in enumerate(defined):
        mount: dict[str, Any] = {"name": volume["name"], "mountPath": f"/mnt/data{index}"}
        _optional(draw, mount, "readOnly", draw.maybe)
        _optional(draw, mount, "subPath", lambda: "")
        _optional(draw, mount, "target", lambda: draw.pick(("master", "worker", "both")))
        mounts.append(mount)
    return defined, mounts


def _security(draw: _Draw) -> dict[str, Any]:
    security: dict[str, Any] = {}
    pod: dict[str, Any] = {}
    _optional(draw, pod, "runAsUser", lambda: draw.rnd.randint(0, 65535))
    _optional(draw, pod, "runAsNonRoot", draw.maybe)
    _optional(draw, pod, "fsGroup", lambda: draw.rnd.randint(0, 65535))
    _optional(draw, pod, "supplementalGroups", lambda: draw.many(lambda: draw.rnd.randint(0, 65535), 2))
    _optional(draw, pod, "seccompProfile", lambda: {"type": "RuntimeDefault"})
    _optional(draw, security, "podSecurityContext", lambda: pod)
    container: dict[str, Any] = {}
    _optional(draw, container, "allowPrivilegeEscalation", draw.maybe)
    _optional(draw, container, "readOnlyRootFilesystem", draw.maybe)
    _optional(draw, container, "capabilities", lambda: {"drop": ["ALL"], "add": []})
    _optional(draw, security, "containerSecurityContext", lambda: container)
    return security


def _observability(draw: _Draw) -> dict[str, Any]:
    otel: dict[str, Any] = {
        "enabled": draw.maybe(),
        "endpoint": draw.pick(("otel-collector.monitoring:4317", "http://otel:4318")),
    }
    _optional(draw, otel, "protocol", lambda: draw.pick(("grpc", "http/protobuf")))
    _optional(draw, otel, "insecure", draw.maybe)
    _optional(
        draw,
        otel,
        "extraEnvVars",
        lambda: {
            draw.pick(("OTEL_SERVICE_NAME", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_LOGS_EXPORTER")): draw.text()
            for _ in range(draw.rnd.randint(0, 3))
        },
    )
    return {"openTelemetry": otel}


def _env(draw: _Draw) -> dict[str, Any]:
    env: dict[str, Any] = {}

    def source() -> dict[str, Any]:
        ref: dict[str, Any] = {"name": draw.name()}
        _optional(draw, ref, "prefix", lambda: draw.pick(("APP_", "")))
        return ref

    _optional(draw, env, "configMapRefs", lambda: draw.many(source, 2))
    _optional(draw, env, "secretRefs", lambda: draw.many(lambda: {"name": draw.name()}, 2))
    _optional(draw, env, "variables", lambda: draw.many(lambda: _env_variable(draw), 4))

    def mounts() -> list[dict[str, Any]]:
        names = sorted({draw.name() for _ in range(draw.rnd.randint(0, 2))})
        result = []
        for name in names:
            mount: dict[str, Any] = {"name": name, "mountPath": f"/etc/{name}"}
            _optional(draw, mount, "readOnly", draw.maybe)
            result.append(mount)
        return result

    _optional(draw, env, "secretMounts", mounts)
    return env


_SEEDS = st.integers(0, 2**64 - 1)


def random_cr_spec(rnd: random.Random) -> dict[str, Any]:
    """A valid ``spec`` mapping of a locust.io/v2 LocustTest, every choice taken from ``rnd``."""
    draw = _Draw(rnd)
    spec: dict[str, Any] = {
        "image": f"locustio/locust{'-otel' if draw.maybe() else ''}:{draw.pick(VERSIONS)}",
        "master": _role(draw, worker=False),
        "worker": _role(draw, worker=True),
    }
    _optional(draw, spec, "imagePullPolicy", lambda: draw.pick(("Always", "IfNotPresent", "Never")))
    _optional(draw, spec, "imagePullSecrets", lambda: draw.many(lambda: {"name": draw.pick((draw.name(), ""))}, 2))
    files: dict[str, Any] = {"configMapRef": draw.name()}
    _optional(draw, files, "libConfigMapRef", draw.name)
    _optional(draw, spec, "testFiles", lambda: files)
    scheduling: dict[str, Any] = {}
    _optional(draw, scheduling, "affinity", lambda: _affinity(draw))
    _optional(draw, scheduling, "tolerations", lambda: draw.many(lambda: _toleration(draw), 3))
    _optional(draw, scheduling, "nodeSelector", draw.labels)
    _optional(draw, spec, "scheduling", lambda: scheduling)
    _optional(draw, spec, "env", lambda: _env(draw))
    defined, mounts = _volumes(draw)
    if defined:
        spec["volumes"] = defined
        spec["volumeMounts"] = mounts
    _optional(draw, spec, "security", lambda: _security(draw))
    _optional(draw, spec, "observability", lambda: _observability(draw))
    return spec


def cr_specs() -> st.SearchStrategy[dict[str, Any]]:
    """Valid LocustTest v2 ``spec`` mappings."""
    return _SEEDS.map(lambda seed: random_cr_spec(random.Random(seed)))


def locust_test_names() -> st.SearchStrategy[str]:
    """Valid LocustTest names (DNS-1123 subdomains of at most 56 characters, dots included)."""
    return _SEEDS.map(random.Random).map(lambda rnd: ".".join(_Draw(rnd).name() for _ in range(rnd.randint(1, 2))))
