"""Typed OpenTelemetry settings that lower into the ``LocustTest`` CR's own fields.

The CR carries OpenTelemetry as ``spec.observability.openTelemetry`` (endpoint, protocol,
insecure, and string ``extraEnvVars``) plus whatever ``spec.env.variables`` holds.
:class:`OtelOptions` is a typed front for the settings users get wrong as raw strings
(sampling ratio, durations in the units each SDK reads, escaped resource attributes, an auth
header that must come from a Secret) and :meth:`OtelOptions.apply` writes them into a
:class:`~constructs_locust.LocustTestSpec`. The result is an ordinary spec: the operator, the
:class:`~constructs_locust.LocustTest` construct and ``LocustTestResource`` all see the same CR,
and ``to_cr()`` stays true.

Where each setting goes:

============================  =====================================================
``service_name``              ``extraEnvVars.OTEL_SERVICE_NAME``
``resource_attributes``       ``extraEnvVars.OTEL_RESOURCE_ATTRIBUTES`` (escaped)
``trace_sampling_ratio``      ``OTEL_TRACES_SAMPLER=parentbased_traceidratio`` + ``_ARG``
``metric_export_interval``    ``extraEnvVars.OTEL_METRIC_EXPORT_INTERVAL`` (milliseconds)
``exporter_timeout``          ``extraEnvVars.OTEL_EXPORTER_OTLP_TIMEOUT`` (seconds)
``logs``                      ``extraEnvVars.OTEL_LOGS_EXPORTER`` (``otlp`` / ``none``)
``headers_secret``            ``spec.env.variables[]``: ``OTEL_EXPORTER_OTLP_HEADERS`` from
                              ``valueFrom.secretKeyRef`` (``extraEnvVars`` holds strings only)
============================  =====================================================
"""

import math
import re
import typing
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from attrs import field, frozen

from .. import kube
from .._core.durations import check_duration
from .._core.errors import SpecError, go_quote, show_value
from .._core.field_errors import invalid, required, type_error
from .._core.model import check_all, coerce, evolve
from .._core.option_fields import check_fields, checked, instance_of, optional, typed
from ..spec._classes import EnvConfig, LocustTestSpec, Observability, OpenTelemetry, OtlpProtocol
from ._identity import IDENTITY_ATTRIBUTES, identity_variables, role_annotations, warn_forked_processes

__all__ = [
    "OtelOptions",
    "OtlpEndpoint",
    "SecretKeyRef",
    "escape_resource_attributes",
]

OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME"
OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES"
OTEL_TRACES_SAMPLER = "OTEL_TRACES_SAMPLER"
OTEL_TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG"
OTEL_METRIC_EXPORT_INTERVAL = "OTEL_METRIC_EXPORT_INTERVAL"
OTEL_EXPORTER_OTLP_TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT"
OTEL_LOGS_EXPORTER = "OTEL_LOGS_EXPORTER"
OTEL_EXPORTER_OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS"
RATIO_SAMPLER = "parentbased_traceidratio"
"""The sampler a ratio selects: root spans sampled by trace id, children follow their parent."""

_EXTRA = "spec.observability.openTelemetry.extraEnvVars"
_VARIABLES = "spec.env.variables"
_OPTIONS = "OtelOptions"
"""The path prefix of an argument's errors: ``OtelOptions.logs``, the name the caller wrote."""

# W3C baggage-octet: printable ASCII except space, '"', ',', ';' and '\'. '%' starts an escape
# and '=' separates key from value, so both are escaped too (the OTel spec asks for it).
_UNESCAPED_VALUE = frozenset(chr(c) for c in range(0x21, 0x7F)) - set('",;\\%=')
_KEY = re.compile(r"[\x21\x23-\x2B\x2D-\x3A\x3C\x3E-\x5B\x5D-\x7E]+")
"""A resource attribute key: baggage-octets without '='; the SDK splits on ',' and the first '='."""
_LOCUST_SERVICE_NAME = "service.name"


def escape_resource_attributes(
    attributes: Mapping[str, str], *, path: str = f"{_EXTRA}.{OTEL_RESOURCE_ATTRIBUTES}"
) -> str:
    """Encode ``attributes`` as ``OTEL_RESOURCE_ATTRIBUTES`` (``key=value,...``, in the given order).

    Values are percent-encoded (UTF-8) wherever the OpenTelemetry specification requires it:
    every character outside the W3C baggage-octet range, and ``%``, ``,`` and ``=``. Keys are
    not decoded by the SDKs, so a key that would need escaping is refused instead.
    """
    parts = []
    for key, value in attributes.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise invalid(
                path,
                key,
                "a resource attribute key must be printable ASCII without spaces, '\"', ',', ';', '=' or '\\'",
            )
        if not isinstance(value, str):
            raise type_error(f"{path}[{key}]", value, "string")
        encoded = "".join(ch if ch in _UNESCAPED_VALUE else _percent(ch) for ch in value)
        parts.append(f"{key}={encoded}")
    return ",".join(parts)


def _percent(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))


def _non_empty_string(path: str, value: object) -> None:
    """Refuse anything but a non-empty string (``Required value`` for ``None`` and ``""``)."""
    if value is None or value == "":
        raise required(path)
    coerce(value, str, path)


def _secret_key_part(path: str, value: object, check: Callable[[str, str], None]) -> None:
    """A non-empty string that ``check`` (the API server's rule on it) accepts."""
    _non_empty_string(path, value)
    check(path, str(value))


def _secret_name(path: str, value: object) -> None:
    """A Secret's name: a DNS-1123 subdomain."""
    _secret_key_part(path, value, kube.check_secret_name)


def _secret_key(path: str, value: object) -> None:
    """A key of a Secret, as the API server accepts it."""
    _secret_key_part(path, value, kube.check_config_key)


def otlp_protocol(path: str, value: object) -> OtlpProtocol:
    """An :class:`OtlpProtocol` member, or its value (``"http/protobuf"``) made the member."""
    return coerce(value, OtlpProtocol, path)  # type: ignore[no-any-return]


@frozen(kw_only=True)
class SecretKeyRef:
    """One key of a Secret, as ``valueFrom.secretKeyRef`` names it.

    Both are checked when it is built as the API server checks a ``secretKeyRef``
    (``SecretKeyRef.name: Required value``; the name a DNS-1123 subdomain, the key a valid
    Secret key), each bad argument reported at once.

    Attributes:
        name: The Secret (in the test's namespace).
        key: The key whose value is used.
    """

    name: str = field(metadata=checked(_secret_name))
    key: str = field(metadata=checked(_secret_key))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "SecretKeyRef")

    @classmethod
    def of(cls, secret: Any, key: str) -> "SecretKeyRef":
        """``key`` of a Secret object: a cdk8s-plus-27 ``Secret`` (or anything with a ``name``)."""
        name = getattr(secret, "name", None)
        if not isinstance(name, str):
            raise invalid("SecretKeyRef.of(secret)", secret, "must be a Secret with a name")
        return cls(name=name, key=key)

    def env_var(self, name: str) -> dict[str, Any]:
        """A ``corev1.EnvVar`` called ``name`` whose value comes from this key."""
        return {"name": name, "valueFrom": {"secretKeyRef": {"name": self.name, "key": self.key}}}


@frozen(kw_only=True)
class OtlpEndpoint:
    """Where a LocustTest sends OTLP, and how (what ``OtelCollector.endpoint`` returns).

    Attributes:
        endpoint: ``host:port`` for gRPC, ``http://host:port`` for HTTP/protobuf.
        protocol: The OTLP transport.
        insecure: ``True``: plaintext gRPC (``OTEL_EXPORTER_OTLP_INSECURE=true``). ``None``:
            the flag does not apply (HTTP, where the URL's scheme decides TLS).
    """

    endpoint: str = field(metadata=checked(_non_empty_string))
    protocol: OtlpProtocol = field(metadata=checked(convert=otlp_protocol))
    insecure: bool | None = field(default=None, metadata=checked(optional(typed(bool))))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "OtlpEndpoint")


def _check_ratio(path: str, value: object) -> None:
    """Refuse a sampling ratio that is not a number from 0 to 1 (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise type_error(path, value, "number")
    if not 0 <= value <= 1 or not math.isfinite(value):  # int first: math.isfinite(10**400) overflows
        raise invalid(path, value, "must be between 0 and 1")


def _milliseconds(path: str, value: object) -> None:
    """A positive duration of whole milliseconds."""
    check_duration(path, value, timedelta(milliseconds=1), "milliseconds")


def _optional_protocol(path: str, value: object) -> OtlpProtocol | None:
    return None if value is None else otlp_protocol(path, value)


def _check_endpoint(path: str, value: object) -> None:
    """A collector address (a non-empty string) or an :class:`OtlpEndpoint`."""
    if isinstance(value, OtlpEndpoint):
        return
    if value is None or value == "":
        raise required(path, f"got {show_value(value)}; give a collector address or an OtlpEndpoint")
    if not isinstance(value, str):
        raise invalid(path, value, "must be a string or an OtlpEndpoint")


def _check_resource_attributes(path: str, value: object) -> None:
    """String attributes, each key one the SDKs read back, and no ``service.name`` (Locust overrides it)."""
    coerce(value, Mapping[str, str], path)
    attributes = typing.cast(Mapping[str, str], value)
    escape_resource_attributes(attributes, path=path)
    if _LOCUST_SERVICE_NAME in attributes:
        raise SpecError(
            path, "service.name is set by Locust from OTEL_SERVICE_NAME and would be ignored here; use service_name"
        )


def _check_extra_env_vars(path: str, value: object) -> None:
    """String variables whose names the API server accepts."""
    coerce(value, Mapping[str, str], path)
    kube.check_extra_env_var_names(path, typing.cast(Mapping[str, str], value))


def _seconds(value: timedelta) -> str:
    """Seconds as the Python SDK parses them (``float(...)``): ``2``, ``0.5``, ``1.25``."""
    millis = value // timedelta(milliseconds=1)
    whole, rest = divmod(millis, 1000)
    return str(whole) if rest == 0 else f"{whole}.{rest:03d}".rstrip("0")


@frozen(kw_only=True)
class OtelOptions:
    """OpenTelemetry for a test, typed; :meth:`apply` lowers it into the spec's CR fields.

    Every argument is checked when the options are built, and every bad one is reported at
    once, each at its own name: ``OtelOptions.logs: Invalid value: "false": must be of type
    boolean`` (a truthy string is no ``True``).

    Attributes:
        endpoint: Required. The collector: a string (as ``openTelemetry.endpoint``) or an
            :class:`OtlpEndpoint` (``collector.endpoint(protocol)``), which also sets the
            protocol and ``insecure``.
        protocol: ``None``: the endpoint's, else ``grpc`` (the CRD default, left unset).
        insecure: ``None``: the endpoint's, else unset (TLS for gRPC without a scheme).
        service_name: ``OTEL_SERVICE_NAME``: the ``service.name`` of everything Locust sends.
            ``None``: Locust's default, ``locust``.
        resource_attributes: More resource attributes (``OTEL_RESOURCE_ATTRIBUTES``), escaped
            as the OTel specification requires. ``service.name`` is refused: Locust overrides
            it (use ``service_name``). ``None``: none.
        trace_sampling_ratio: 0 to 1. The share of root spans kept
            (``parentbased_traceidratio``); 0 keeps no spans but all metrics. ``None``: the
            SDK default, every span.
        metric_export_interval: How often metrics are exported, whole milliseconds
            (``OTEL_METRIC_EXPORT_INTERVAL``). ``None``: the SDK default, 60 s, longer than a
            short test.
        exporter_timeout: How long each export waits for the collector, whole milliseconds;
            written in **seconds** (``OTEL_EXPORTER_OTLP_TIMEOUT``), as the Python SDK pinned
            here (1.45) reads it, not the specification's milliseconds. ``None``: 10 s.
        logs: ``True``: Locust's logs are exported too (``OTEL_LOGS_EXPORTER=otlp``);
            ``False``: not (``none``), for a collector without a logs pipeline. ``None``: the
            SDK default, exported.
        headers_secret: A Secret key holding the OTLP headers in the SDK's form
            (``api-key=abc123,x-tenant=load``), given to both containers as
            ``OTEL_EXPORTER_OTLP_HEADERS`` through ``valueFrom.secretKeyRef`` in
            ``spec.env.variables``. Never a literal. ``None``: no headers.
        extra_env_vars: Further ``extraEnvVars``; one that a typed option sets is refused.
        identity: ``True`` (the default): every Locust process says who it is, from its pod
            through the downward API (``service.instance.id``, ``k8s.namespace.name``,
            ``k8s.pod.name``, ``k8s.job.name``, ``locust.test.name``, ``locust.test.run``,
            ``locust.role``; see :mod:`constructs_locust.otel._identity`): ``fieldRef``
            variables and ``OTEL_RESOURCE_ATTRIBUTES`` (with ``resource_attributes`` after
            them) in ``spec.env.variables``, and a ``resource.opentelemetry.io/locust.role``
            annotation on each role's pods. ``False``: none of it, as before.
    """

    endpoint: str | OtlpEndpoint = field(metadata=checked(_check_endpoint))
    protocol: OtlpProtocol | None = field(default=None, metadata=checked(convert=_optional_protocol))
    insecure: bool | None = field(default=None, metadata=checked(optional(typed(bool))))
    service_name: str | None = field(default=None, metadata=checked(optional(_non_empty_string)))
    resource_attributes: Mapping[str, str] | None = field(
        default=None, metadata=checked(optional(_check_resource_attributes))
    )
    trace_sampling_ratio: float | None = field(default=None, metadata=checked(optional(_check_ratio)))
    metric_export_interval: timedelta | None = field(default=None, metadata=checked(optional(_milliseconds)))
    exporter_timeout: timedelta | None = field(default=None, metadata=checked(optional(_milliseconds)))
    logs: bool | None = field(default=None, metadata=checked(optional(typed(bool))))
    headers_secret: SecretKeyRef | None = field(default=None, metadata=checked(optional(instance_of(SecretKeyRef))))
    extra_env_vars: Mapping[str, str] | None = field(default=None, metadata=checked(optional(_check_extra_env_vars)))
    identity: bool = field(default=True, metadata=checked(typed(bool)))

    def __attrs_post_init__(self) -> None:
        """Check every argument, each named ``OtelOptions.<argument>``, and report all bad ones at once.

        The types first (a string ``"false"`` is no ``logs=False``); the rules across
        arguments (a protocol or ``insecure`` against the endpoint's, a literal variable a
        typed option sets) only once every argument is valid.
        """
        check_fields(self, _OPTIONS)
        check_all([self._check_endpoint_agrees, self._check_conflicts, self._check_identity])

    def _check_endpoint_agrees(self) -> None:
        if not isinstance(self.endpoint, OtlpEndpoint):
            return
        errors = []
        if self.protocol is not None and self.protocol != self.endpoint.protocol:
            errors.append(
                SpecError(
                    f"{_OPTIONS}.protocol",
                    f"{go_quote(str(self.protocol))} conflicts with the endpoint's {go_quote(self.endpoint.protocol)}",
                )
            )
        ours, theirs = self.insecure, self.endpoint.insecure
        if ours is not None and theirs is not None and ours != theirs:
            errors.append(
                SpecError(
                    f"{_OPTIONS}.insecure", f"{show_value(ours)} conflicts with the endpoint's {show_value(theirs)}"
                )
            )
        if errors:
            raise SpecError.of(errors)

    def _check_conflicts(self) -> None:
        typed = self._typed_env()
        errors = [
            SpecError(
                f"{_OPTIONS}.extra_env_vars.{name}",
                f"conflicts with OtelOptions.{_OPTION_OF[name]}: set it in one place",
            )
            for name in sorted(self.extra_env_vars or {})
            if name in typed or (name == OTEL_EXPORTER_OTLP_HEADERS and self.headers_secret is not None)
        ]
        if errors:
            raise SpecError.of(errors)

    def _check_identity(self) -> None:
        """With ``identity``: no resource attribute of its own given twice, no literal ``OTEL_RESOURCE_ATTRIBUTES``."""
        if not self.identity:
            return
        errors = [
            SpecError(f"{_OPTIONS}.resource_attributes.{key}", "is set from the pod by OtelOptions.identity")
            for key in (self.resource_attributes or {})
            if key in IDENTITY_ATTRIBUTES
        ]
        if OTEL_RESOURCE_ATTRIBUTES in (self.extra_env_vars or {}):
            errors.append(
                SpecError(
                    f"{_OPTIONS}.extra_env_vars.{OTEL_RESOURCE_ATTRIBUTES}",
                    "conflicts with OtelOptions.identity: give the attributes as resource_attributes",
                )
            )
        if errors:
            raise SpecError.of(errors)

    def _typed_env(self) -> dict[str, str]:
        """The ``extraEnvVars`` the typed options set."""
        env: dict[str, str] = {}
        if self.service_name is not None:
            env[OTEL_SERVICE_NAME] = self.service_name
        if self.resource_attributes and not self.identity:
            env[OTEL_RESOURCE_ATTRIBUTES] = escape_resource_attributes(self.resource_attributes)
        if self.trace_sampling_ratio is not None:
            env[OTEL_TRACES_SAMPLER] = RATIO_SAMPLER
            env[OTEL_TRACES_SAMPLER_ARG] = repr(float(self.trace_sampling_ratio))
        if self.metric_export_interval is not None:
            env[OTEL_METRIC_EXPORT_INTERVAL] = str(self.metric_export_interval // timedelta(milliseconds=1))
        if self.exporter_timeout is not None:
            env[OTEL_EXPORTER_OTLP_TIMEOUT] = _seconds(self.exporter_timeout)
        if self.logs is not None:
            env[OTEL_LOGS_EXPORTER] = "otlp" if self.logs else "none"
        return env

    def open_telemetry(self) -> OpenTelemetry:
        """``spec.observability.openTelemetry`` for these options (always enabled)."""
        if isinstance(self.endpoint, OtlpEndpoint):
            endpoint = self.endpoint.endpoint
            protocol: OtlpProtocol | None = self.endpoint.protocol
            insecure = self.endpoint.insecure if self.endpoint.insecure is not None else self.insecure
        else:
            endpoint, protocol, insecure = self.endpoint, self.protocol, self.insecure
        extra = {**(self.extra_env_vars or {}), **self._typed_env()}
        return OpenTelemetry(
            enabled=True,
            endpoint=endpoint,
            protocol=protocol,
            insecure=insecure,
            extra_env_vars=dict(sorted(extra.items())) or None,
        )

    def env_variables(self) -> tuple[dict[str, Any], ...]:
        """The ``spec.env.variables`` entries these options add: the Secret-backed headers, then
        the identity's ``fieldRef`` variables and ``OTEL_RESOURCE_ATTRIBUTES``."""
        headers = () if self.headers_secret is None else (self.headers_secret.env_var(OTEL_EXPORTER_OTLP_HEADERS),)
        if not self.identity:
            return headers
        attributes = escape_resource_attributes(self.resource_attributes) if self.resource_attributes else None
        return (*headers, *identity_variables(attributes))

    def apply(self, spec: LocustTestSpec) -> LocustTestSpec:
        """``spec`` with OpenTelemetry set from these options (a new spec; ``spec`` is unchanged).

        Refused: a spec that already configures ``observability.openTelemetry`` (give those
        settings here instead), and ``spec.env.variables`` that set a variable these options
        set (two values for one variable in the same container).
        """
        existing = spec.observability.open_telemetry if spec.observability else None
        if existing is not None:
            raise SpecError(
                "spec.observability.openTelemetry", "is already set; give these settings through OtelOptions only"
            )
        otel = self.open_telemetry()
        ours = {*(otel.extra_env_vars or {}), *(variable["name"] for variable in self.env_variables())}
        variables = spec.env.variables if spec.env and spec.env.variables else ()
        for index, variable in enumerate(variables):
            if variable.get("name") in ours:
                raise SpecError(
                    f"{_VARIABLES}[{index}].name",
                    f"{go_quote(str(variable['name']))} is also set by OtelOptions: set it in one place",
                )
        env = spec.env
        added = self.env_variables()
        if added:
            env = evolve(env or EnvConfig(), variables=(*variables, *added))
        observability = evolve(spec.observability or Observability(), open_telemetry=otel)
        if not self.identity:
            return evolve(spec, observability=observability, env=env)
        warn_forked_processes(
            {
                "master": (_args(spec.master.command, spec.master.extra_args), (*variables, *added)),
                "worker": (_args(spec.worker.command, spec.worker.extra_args), (*variables, *added)),
            }
        )
        master = evolve(spec.master, annotations=_with_role(spec.master.annotations, "master"))
        worker = evolve(spec.worker, annotations=_with_role(spec.worker.annotations, "worker"))
        return evolve(spec, observability=observability, env=env, master=master, worker=worker)


_OPTION_OF = {
    OTEL_SERVICE_NAME: "service_name",
    OTEL_RESOURCE_ATTRIBUTES: "resource_attributes",
    OTEL_TRACES_SAMPLER: "trace_sampling_ratio",
    OTEL_TRACES_SAMPLER_ARG: "trace_sampling_ratio",
    OTEL_METRIC_EXPORT_INTERVAL: "metric_export_interval",
    OTEL_EXPORTER_OTLP_TIMEOUT: "exporter_timeout",
    OTEL_LOGS_EXPORTER: "logs",
    OTEL_EXPORTER_OTLP_HEADERS: "headers_secret",
}
"""Which typed option sets each variable (for conflict messages)."""


def _args(command: str, extra_args: Any) -> tuple[str, ...]:
    """A role's Locust arguments: its command seed split as the operator splits it, then ``extraArgs``."""
    return (*command.split(), *(extra_args or ()))


def _with_role(annotations: Mapping[str, str] | None, role: str) -> dict[str, str]:
    """``annotations`` plus the role's identity annotation; a different value already there is refused."""
    ours = role_annotations(role)
    for key, value in ours.items():
        if annotations and key in annotations and annotations[key] != value:
            raise SpecError(
                f"spec.{role}.annotations.{key}",
                f"{go_quote(str(annotations[key]))} conflicts with OtelOptions.identity, which sets {go_quote(value)}",
            )
    return {**(annotations or {}), **ours}
