"""Warnings for specs that run but will not do what their author means.

The operator accepts these specs, and so does this library: each warning names the CR field
and what happens instead. :func:`spec_warnings` lists them; :func:`warn` emits them through
Python's :mod:`warnings` as :class:`LocustTestWarning` (the ``LocustTest`` construct does), and
the command line prints them as ``FILE: NAME: warning: ...`` (``--strict`` makes them errors).
"""

import re
import typing
import warnings
from collections.abc import Iterator
from typing import Any

import attrs

from .._core.constants import (
    KAFKA_VARIABLES,
    MASTER,
    OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_INSECURE,
    OTEL_EXPORTER_OTLP_PROTOCOL,
    OTEL_METRICS_EXPORTER,
    OTEL_TRACES_EXPORTER,
    ROLES,
)
from .._core.errors import LocustTestWarning, UnboundedRunWarning, go_quote
from .._core.model import camel
from .._core.names import node_name
from ._classes import LocustTestSpec
from ._flags import conflicting_flags, go_fields
from ._run_bound import unbounded_run_warnings
from ._security_lint import seccomp_warnings
from ._timeout_lint import otlp_timeout_warnings

__all__ = ["LocustTestWarning", "spec_warnings", "warn"]

_PLAIN_IMAGE = re.compile(
    r"(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)/)?locustio/locust(?::([^@]+))?(?:@.*)?"
)
_SECRET_NAME = re.compile("PASSWORD|TOKEN|SECRET", re.IGNORECASE)
_HEADER_VARIABLE = re.compile("OTEL_EXPORTER_OTLP_(?:(?:TRACES|METRICS|LOGS)_)?HEADERS")
_CREDENTIAL_HEADER = re.compile(r"authorization|api[-_]?key", re.IGNORECASE)
_LOCUSTFILE_FLAGS = ("-f", "--locustfile")


def warn(spec: LocustTestSpec, *, name: str, stacklevel: int = 4) -> None:
    """Emit every warning of ``spec`` as a :class:`LocustTestWarning` (``"<name>: <message>"``).

    A run that never ends on its own is an :class:`UnboundedRunWarning` (a subclass), so it can
    be filtered alone.

    ``stacklevel`` 4 points the warning at the code that creates the construct (through the
    construct's ``__init__`` and jsii's metaclass).
    """
    unbounded = set(unbounded_run_warnings(spec))
    for message in spec_warnings(spec, name=name):
        category = UnboundedRunWarning if message in unbounded else LocustTestWarning
        warnings.warn(f"{name}: {message}", category, stacklevel=stacklevel)


def spec_warnings(spec: LocustTestSpec, *, name: str) -> tuple[str, ...]:
    """Every warning about the test ``name``, in CR field order; each starts with the CR path."""
    found = (
        *_otel_image(spec),
        *_variable_warnings(spec, name),
        *_locustfiles(spec),
        *_flag_conflicts(spec),
        *unbounded_run_warnings(spec),
        *otlp_timeout_warnings(_user_variables(spec)),
        *seccomp_warnings(spec),
    )
    return tuple(sorted(found, key=_field_order))  # stable: one field's warnings keep their order


_SPEC_FIELDS = {camel(field.name): index for index, field in enumerate(attrs.fields(typing.cast(Any, LocustTestSpec)))}
"""The spec's CR fields in the order ``to_cr()`` writes them."""


def _field_order(warning: str) -> int:
    """Where the spec field a warning starts with (``spec.<field>...: ...``) comes in the CR."""
    field = re.match(r"spec\.(\w+)", warning)
    return _SPEC_FIELDS.get(field[1], len(_SPEC_FIELDS)) if field else len(_SPEC_FIELDS)


def _otel_image(spec: LocustTestSpec) -> Iterator[str]:
    """OpenTelemetry enabled on ``locustio/locust``, which lacks the OpenTelemetry SDK."""
    match = _PLAIN_IMAGE.fullmatch(spec.image)
    if not spec.open_telemetry_enabled or match is None:
        return
    yield (
        f"spec.image: OpenTelemetry is enabled but {go_quote(spec.image)} has no OpenTelemetry SDK: Locust "
        f'logs "OpenTelemetry SDK is not installed" and exports nothing; use {_otel_image_for(match[1])}, '
        "or an image with locust[otel]"
    )


_FIRST_OTEL_VERSION = (2, 43, 4)
"""The first Locust release published as ``locustio/locust-otel``."""

_VERSION_TAG = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


def _otel_image_for(tag: str | None) -> str:
    """The ``locust-otel`` image to suggest for a plain image's tag: the same version if it exists."""
    first = ".".join(map(str, _FIRST_OTEL_VERSION))
    version = _VERSION_TAG.fullmatch(tag or "")
    if version is not None and tuple(int(part or 0) for part in version.groups()) >= _FIRST_OTEL_VERSION:
        return f"locustio/locust-otel:{tag}"
    return f"locustio/locust-otel:{first} or later" + (f" (there is none for {tag})" if version else "")


def _operator_variables(spec: LocustTestSpec) -> set[str]:
    """Every env variable name the operator itself sets in the Locust containers."""
    names = set(KAFKA_VARIABLES)
    otel = spec.open_telemetry
    if otel is not None:
        names |= {OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER, OTEL_EXPORTER_OTLP_PROTOCOL}
        if otel.endpoint:
            names.add(OTEL_EXPORTER_OTLP_ENDPOINT)
        if otel.insecure:
            names.add(OTEL_EXPORTER_OTLP_INSECURE)
    return names


def _user_variables(spec: LocustTestSpec) -> Iterator[tuple[str, str, Any]]:
    """(CR path, name, literal value or None) of every variable the user adds, in render order."""
    otel = spec.open_telemetry
    for key, value in sorted((otel.extra_env_vars or {}).items()) if otel else ():
        yield f"spec.observability.openTelemetry.extraEnvVars.{key}", key, value
    for index, variable in enumerate(spec.env.variables or () if spec.env else ()):
        yield f"spec.env.variables[{index}]", str(variable["name"]), variable.get("value")


def _variable_warnings(spec: LocustTestSpec, name: str) -> Iterator[str]:
    """Each user variable's warnings, variable by variable (so in CR field order)."""
    operator = _operator_variables(spec)
    containers = " and ".join(node_name(name, role) for role in ROLES)
    for path, variable, value in _user_variables(spec):
        if variable in operator:
            yield (
                f"{path}: {variable} is set by the operator too, so the containers of {containers} get it twice "
                "(this value comes last and wins; kubectl apply warns that it hides the first)"
            )
        credential = _credential(variable, value)
        if credential is not None:
            yield f"{path}: {credential}; {_SECRET_ADVICE}"


_SECRET_ADVICE = "put it in a Secret and load it with spec.env.secretRefs (or a valueFrom.secretKeyRef)"


def _credential(variable: str, value: Any) -> str | None:
    """What makes a variable a credential written as a literal value in the CR (and so in the Job,
    readable by anyone who reads Jobs); ``None`` if it does not look like one."""
    if not isinstance(value, str) or not value:
        return None
    if _HEADER_VARIABLE.fullmatch(variable):
        headers = [part.split("=", 1)[0].strip() for part in value.split(",")]
        header = next((header for header in headers if _CREDENTIAL_HEADER.search(header)), None)
        return None if header is None else f"{variable} carries the {header} header in plain text"
    if _SECRET_NAME.search(variable):
        return f"{variable} looks like a credential and has a literal value"
    return None


def _locustfiles(spec: LocustTestSpec) -> Iterator[str]:
    """A ``-f``/``--locustfile`` (in the command or ``extraArgs``) outside every mounted path while
    the test files are mounted."""
    files = spec.test_files
    if files is None or not (files.config_map_ref or files.lib_config_map_ref):
        return
    for role in ROLES:
        mounted = _mounted_paths(spec, role)
        role_spec = spec.master if role == MASTER else spec.worker
        for path in _locustfile_paths([*go_fields(role_spec.command), *(role_spec.extra_args or ())]):
            if "://" in path or any(_under(path, mount) for mount in mounted):
                continue
            shown = ", ".join(mounted)
            yield (
                f"spec.{role}.command: locustfile {go_quote(path)} is outside every path mounted in the {role} pod "
                f"({shown}), so Locust will not find the mounted test files there"
            )


def _mounted_paths(spec: LocustTestSpec, role: str) -> list[str]:
    files = spec.test_files
    paths = []
    if files and files.config_map_ref:
        paths.append(files.effective_src_mount_path)
    if files and files.lib_config_map_ref:
        paths.append(files.effective_lib_mount_path)
    paths += [mount.mount_path for mount in spec.env.secret_mounts or ()] if spec.env else []
    paths += [mount.mount_path for mount in spec.volume_mounts or () if mount.applies_to(role)]
    return paths


def _locustfile_paths(args: list[str]) -> Iterator[str]:
    """The paths given with ``-f``/``--locustfile`` (``-f a.py,b.py``, ``--locustfile=a.py``, ``-fa.py``)."""
    for index, arg in enumerate(args):
        value: str | None = None
        if arg in _LOCUSTFILE_FLAGS and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--locustfile="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-f") and not arg.startswith("--") and len(arg) > 2:
            value = arg[2:].removeprefix("=")
        if value:
            yield from (part for part in value.split(",") if part)


def _under(path: str, mount: str) -> bool:
    mount = mount.rstrip("/") or "/"
    return mount == "/" or path == mount or path.startswith(mount + "/")


def _flag_conflicts(spec: LocustTestSpec) -> Iterator[str]:
    """``extraArgs`` that repeat a flag the operator sets (the operator logs them and keeps them)."""
    for role in ROLES:
        role_spec = spec.master if role == MASTER else spec.worker
        for flag in conflicting_flags(role_spec.extra_args):
            yield (
                f"spec.{role}.extraArgs: {go_quote(flag)} repeats a flag the operator sets; it is kept, "
                "after the operator's, and Locust takes the last value"
            )
