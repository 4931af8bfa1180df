"""Thresholds: limits that judge a run on its master, typed, lowered into the CR's own fields.

A breach makes the master exit non-zero, so its Job (``backoffLimit: 0``) fails; the master's
log carries one JSON verdict line (see ``docs/reference/verdict.md``). How it reaches the pod,
all in fields a ``LocustTest`` CR can hold, so the operator runs it the same way:

==================================  ==================================================
the plugin (``_thresholds_plugin``)  a ConfigMap ``<name>-thresholds`` (one more object)
its volume                          ``spec.volumes[]``: ``constructs-locust-thresholds``
its mount (master only)             ``spec.volumeMounts[]``, ``target: master``
loading it                          the locustfile option of ``master.command`` (or of
                                    ``master.extraArgs``, the one Locust reads) becomes
                                    ``<locustfile>,<mount>/constructs_locust_thresholds.py``
the limits                          ``spec.env.variables[]``: ``CONSTRUCTS_LOCUST_THRESHOLDS``
                                    (JSON)
==================================  ==================================================
"""

import json
import math
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .._core.errors import SpecError
from .._core.field_errors import duplicate, invalid, required, type_error
from .._core.model import evolve
from .._core.option_fields import check_fields, checked, of_type, optional
from ..spec._classes import EnvConfig, LocustTestSpec, MasterSpec, VolumeMount
from ..spec._enums import MountTarget
from ..spec._webhook import paths_conflict

__all__ = [
    "ENV_VAR",
    "PLUGIN_KEY",
    "VOLUME_NAME",
    "RequestThresholds",
    "Thresholds",
    "config_map_name",
    "plugin_source",
    "thresholds_config_map",
    "with_thresholds",
]

ENV_VAR = "CONSTRUCTS_LOCUST_THRESHOLDS"
"""The master's environment variable holding the limits as JSON (the plugin reads it)."""
PLUGIN_KEY = "constructs_locust_thresholds.py"
"""The plugin's file name: its key in the ConfigMap, and so its name under the mount path."""
VOLUME_NAME = "constructs-locust-thresholds"
"""The pod volume the ConfigMap is mounted from."""
DEFAULT_MOUNT_PATH = "/opt/constructs-locust/thresholds"
CONFIG_VERSION = 1
_PLUGIN_FILE = Path(__file__).with_name("_thresholds_plugin.py")
_LOCUSTFILE_FLAGS = ("-f", "--locustfile")
_MASTER_COMMAND = "spec.master.command"


def _ratio(path: str, value: object) -> None:
    """A number from 0 to 1 (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise type_error(path, value, "number")
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise invalid(path, value, "must be between 0 and 1")


def _count(path: str, value: object) -> None:
    """A whole number of requests, 0 or more."""
    of_type(int, "integer")(path, value)
    if isinstance(value, int) and value < 0:
        raise invalid(path, value, "must not be negative")


def _response_time(path: str, value: object) -> None:
    """A ``timedelta`` of 0 or more (Locust measures in milliseconds, fractions kept)."""
    if not isinstance(value, timedelta):
        raise invalid(path, value, "must be a datetime.timedelta")
    if value < timedelta(0):
        raise invalid(path, value, "must not be negative", shown=str(value))


def _rate(path: str, value: object) -> None:
    """A positive, finite number of requests per second."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise type_error(path, value, "number")
    if not math.isfinite(value) or value <= 0:
        raise invalid(path, value, "must be a positive number")


def _text(path: str, value: object) -> None:
    """A non-empty string without line breaks (a request name or method as Locust reports it)."""
    if value is None or value == "":
        raise required(path)
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if "\n" in value or "\r" in value:
        raise invalid(path, value, "must be one line")


def _limit(rule: Any) -> Any:
    return field(default=None, metadata=checked(optional(rule)))


LIMITS = (
    "failure_ratio",
    "max_failures",
    "avg_response_time",
    "p50_response_time",
    "p90_response_time",
    "p95_response_time",
    "p99_response_time",
    "max_response_time",
    "min_rps",
)
"""Every limit, in the order the verdict lists them; each is also the verdict's ``metric``."""


@frozen(kw_only=True)
class _Limits:
    """The limits a run, or one request name, is held to (shared by both classes)."""

    failure_ratio: float | None = _limit(_ratio)
    max_failures: int | None = _limit(_count)
    avg_response_time: timedelta | None = _limit(_response_time)
    p50_response_time: timedelta | None = _limit(_response_time)
    p90_response_time: timedelta | None = _limit(_response_time)
    p95_response_time: timedelta | None = _limit(_response_time)
    p99_response_time: timedelta | None = _limit(_response_time)
    max_response_time: timedelta | None = _limit(_response_time)
    min_rps: float | None = _limit(_rate)

    def _set_limits(self) -> Iterator[tuple[str, float | int]]:
        """``(metric, limit)`` for every limit set, durations in milliseconds, in :data:`LIMITS` order."""
        for metric in LIMITS:
            value = getattr(self, metric)
            if value is None:
                continue
            if isinstance(value, timedelta):
                millis = value / timedelta(milliseconds=1)
                yield metric, int(millis) if millis.is_integer() else millis
            else:
                yield metric, value


_LIMITS_DOC = """failure_ratio: At most this share of requests failed (0 to 1; Locust's "Failures" / "# Requests").
        max_failures: At most this many requests failed.
        avg_response_time: The average response time at most this.
        p50_response_time: The median response time at most this (Locust's percentile, as it reports it).
        p90_response_time: The 90th percentile at most this.
        p95_response_time: The 95th percentile at most this.
        p99_response_time: The 99th percentile at most this.
        max_response_time: The slowest response at most this.
        min_rps: At least this many requests per second over the run (Locust's "Requests/s":
            requests / time from the first to the last request of the run)."""


def _check_request(path: str, value: object) -> None:
    if not isinstance(value, RequestThresholds):
        raise invalid(path, value, "must be a RequestThresholds")


def _requests(path: str, value: object) -> tuple[Any, ...]:
    """A list of :class:`RequestThresholds`, each ``(name, method)`` once; stored as a tuple."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise type_error(path, value, "array")
    seen: dict[tuple[str, str | None], int] = {}
    errors = []
    for index, item in enumerate(value):
        try:
            _check_request(f"{path}[{index}]", item)
        except SpecError as error:
            errors.append(error)
            continue
        key = (item.name, item.method)
        if key in seen:
            errors.append(duplicate(f"{path}[{index}]", item.name, f"the same request as {path}[{seen[key]}]"))
        seen.setdefault(key, index)
    if errors:
        raise SpecError.of(errors)
    return tuple(value)


def _mount_path(path: str, value: object) -> None:
    """An absolute path without ``..``, ``:``, ``,`` or spaces.

    The plugin's path joins the comma-separated locustfile list of a command split at spaces,
    and ``:`` (Windows drives, or a typo for ``,``) never belongs in it.
    """
    _text(path, value)
    text = str(value)
    unsafe = any(char in ":," or char.isspace() or not char.isprintable() for char in text)
    if not text.startswith("/") or ".." in text.split("/") or unsafe:
        raise invalid(path, value, "must be an absolute path without '..', ':', ',' or spaces")


@frozen(kw_only=True)
class RequestThresholds(_Limits):
    """Limits on one request name (and method), as Locust's statistics name it.

    Attributes:
        name: Required. The request name as Locust reports it (the ``name=`` of a request, else its URL path).
        method: The method as Locust reports it (``GET``, ``POST``, ... exactly). ``None``: every
            request of this name, whatever its method, taken together (Locust's entries of that
            name merged); give it where one name is used with several methods.
        {limits}

    A request name that the run never made measures nothing, which fails the threshold.
    """

    name: str = field(metadata=checked(_text))
    method: str | None = field(default=None, metadata=checked(optional(_text)))

    def __attrs_post_init__(self) -> None:
        """Check every argument, each named ``RequestThresholds.<argument>``; at least one limit."""
        check_fields(self, "RequestThresholds")
        if not any(True for _ in self._set_limits()):
            raise required("RequestThresholds", f"set at least one limit ({', '.join(LIMITS)})")


@frozen(kw_only=True)
class Thresholds(_Limits):
    """Pass/fail limits for a run, judged on the master from Locust's own statistics.

    ``LocustTest(..., thresholds=Thresholds(...))`` (or ``LocustTestResource``): at the end
    of the run the master prints a table and one JSON verdict line, and exits non-zero when a
    limit is breached, which fails its Job. The limits here apply to the whole run (Locust's
    "Aggregated" row); ``requests`` holds limits per request name. Every argument is checked
    when built, every bad one reported at once (``Thresholds.min_rps: Invalid value: 0: must
    be a positive number``).

    Attributes:
        {limits}
        requests: Limits per request name (and method), each :class:`RequestThresholds` once.
        mount_path: Where the master mounts the plugin. Default ``/opt/constructs-locust/thresholds``.
    """

    requests: tuple[RequestThresholds, ...] = field(default=(), metadata=checked(convert=_requests))
    mount_path: str = field(default=DEFAULT_MOUNT_PATH, metadata=checked(_mount_path))

    def __attrs_post_init__(self) -> None:
        """Check every argument, each named ``Thresholds.<argument>``; at least one limit in all."""
        check_fields(self, "Thresholds")
        if not self.requests and not any(True for _ in self._set_limits()):
            raise required("Thresholds", f"set at least one limit ({', '.join(LIMITS)}) or requests")

    @property
    def plugin_path(self) -> str:
        """The plugin's path in the master container."""
        return f"{self.mount_path.rstrip('/')}/{PLUGIN_KEY}"

    def config(self, test_name: str) -> dict[str, Any]:
        """The limits as the plugin reads them (``CONSTRUCTS_LOCUST_THRESHOLDS``)."""
        items: list[dict[str, Any]] = [{"metric": m, "limit": limit} for m, limit in self._set_limits()]
        for request in self.requests:
            scope = {"name": request.name, "method": request.method}
            items.extend({"metric": m, "limit": limit, **scope} for m, limit in request._set_limits())
        return {"version": CONFIG_VERSION, "test": test_name, "thresholds": items}

    def apply(self, spec: LocustTestSpec, test_name: str) -> LocustTestSpec:
        """``spec`` that loads the plugin on the master (a new spec; ``spec`` is unchanged).

        Refused, naming the field: a master that names no locustfile (``-f``/``--locustfile``),
        a volume called ``constructs-locust-thresholds``, a master mount at or around
        ``mount_path``, a variable ``CONSTRUCTS_LOCUST_THRESHOLDS`` already in ``spec.env``.
        """
        _check_room(spec, self.mount_path)
        master = _load_plugin(spec.master, self.plugin_path)
        variable = {"name": ENV_VAR, "value": json.dumps(self.config(test_name), separators=(",", ":"))}
        env = spec.env or EnvConfig()
        volume = {"name": VOLUME_NAME, "configMap": {"name": config_map_name(test_name)}}
        mount = VolumeMount(mount={"name": VOLUME_NAME, "mountPath": self.mount_path}, target=MountTarget.MASTER)
        return evolve(
            spec,
            master=master,
            env=evolve(env, variables=(*(env.variables or ()), variable)),
            volumes=(*(spec.volumes or ()), volume),
            volume_mounts=(*(spec.volume_mounts or ()), mount),
        )


for _cls in (RequestThresholds, Thresholds):
    _cls.__doc__ = (_cls.__doc__ or "").replace("{limits}", _LIMITS_DOC)


def _check_room(spec: LocustTestSpec, mount_path: str) -> None:
    """Refuse a spec that already uses the plugin's volume name, mount path or variable."""
    errors = []
    for index, volume in enumerate(spec.volumes or ()):
        if volume.get("name") == VOLUME_NAME:
            errors.append(duplicate(f"spec.volumes[{index}].name", VOLUME_NAME, "the thresholds plugin's volume"))
    for index, mount in enumerate(spec.volume_mounts or ()):
        if mount.applies_to("master") and paths_conflict(mount.mount_path, mount_path):
            errors.append(
                invalid(
                    f"spec.volumeMounts[{index}].mountPath",
                    mount.mount_path,
                    f"conflicts with the thresholds plugin's mount {mount_path} (Thresholds.mount_path)",
                )
            )
    for index, variable in enumerate((spec.env.variables if spec.env else None) or ()):
        if variable.get("name") == ENV_VAR:
            errors.append(duplicate(f"spec.env.variables[{index}].name", ENV_VAR, "Thresholds sets it"))
    if errors:
        raise SpecError.of(errors)


def _load_plugin(master: MasterSpec, plugin_path: str) -> MasterSpec:
    """``master`` whose effective locustfile option (the last one Locust reads) also names the plugin."""
    command = master.command.split()
    extra = list(master.extra_args or ())
    found = _last_locustfile(extra)
    if found is not None:
        extra[found] = f"{extra[found]},{plugin_path}"
        return evolve(master, extra_args=tuple(extra))
    found = _last_locustfile(command)
    if found is None:
        raise invalid(
            _MASTER_COMMAND,
            master.command,
            "name the locustfile with -f or --locustfile: Thresholds loads its plugin beside it",
        )
    command[found] = f"{command[found]},{plugin_path}"
    return evolve(master, command=" ".join(command))


def _last_locustfile(args: list[str]) -> int | None:
    """The index of the last argument holding a locustfile value (``X`` of ``-f X``, ``--locustfile=X``, ``-fX``).

    Appending ``,<plugin>`` to that argument adds the plugin in each form.
    """
    found = None
    for index, arg in enumerate(args):
        if arg in _LOCUSTFILE_FLAGS and index + 1 < len(args):
            found = index + 1
        elif arg.startswith("--locustfile=") or (arg.startswith("-f") and not arg.startswith("--") and len(arg) > 2):
            found = index
    return found


def config_map_name(test_name: str) -> str:
    """The plugin ConfigMap's name: ``<name>-thresholds``."""
    return f"{test_name}-thresholds"


def plugin_source() -> str:
    """The plugin's source, as the ConfigMap carries it."""
    return _PLUGIN_FILE.read_text(encoding="utf-8")


def thresholds_config_map(test_name: str, namespace: str | None) -> dict[str, Any]:
    """The ConfigMap holding the plugin, ``<name>-thresholds`` in ``namespace``."""
    metadata: dict[str, Any] = {"name": config_map_name(test_name)}
    if namespace is not None:
        metadata["namespace"] = namespace
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": {PLUGIN_KEY: plugin_source()}}


def with_thresholds(
    spec: LocustTestSpec, test_name: str, namespace: str | None, thresholds: "Thresholds | None"
) -> tuple[LocustTestSpec, dict[str, Any] | None]:
    """``spec`` lowered with ``thresholds`` and the plugin's ConfigMap; ``None``: ``spec`` as it is, no ConfigMap."""
    if thresholds is None:
        return spec, None
    if not isinstance(thresholds, Thresholds):
        raise invalid("thresholds", thresholds, "must be a Thresholds")
    return thresholds.apply(spec, test_name), thresholds_config_map(test_name, namespace)
