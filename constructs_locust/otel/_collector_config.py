"""The OpenTelemetry Collector's configuration: built from exporters, and checked.

Pure data, no cdk8s: :func:`default_config` builds the pipeline a Locust test needs (OTLP in
on 4317/4318, ``batch``, the chosen exporters, for traces, metrics and logs alike) and
:func:`check_config` refuses a configuration the collector would reject at start-up or that
could not work behind the collector's Service: a pipeline naming a component that is not
defined, a receiver listening on localhost or on a port the Service does not expose, probes
with no ``health_check`` behind them. Every error is a :class:`SpecError` naming the path in
the configuration (``config.service.pipelines.traces.exporters[0]``).
"""

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from attrs import frozen

from .._core.errors import SpecError, go_quote
from .._core.field_errors import OMITTED, duplicate, invalid, required
from ..kube._yaml import SafeDumper
from ._exporters import SIGNALS, CollectorExporter

__all__ = [
    "CONFIG_FILE",
    "GRPC_PORT",
    "HEALTH_PORT",
    "HTTP_PORT",
    "CollectorPort",
    "check_config",
    "config_checksum",
    "config_text",
    "default_config",
    "service_ports",
]

GRPC_PORT = 4317
HTTP_PORT = 4318
HEALTH_PORT = 13133
CONFIG_FILE = "otel-collector-config.yaml"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
_PATH = "config"


@frozen
class CollectorPort:
    """A port the collector listens on: in its container and in its Service."""

    name: str
    port: int


def default_config(exporters: Sequence[CollectorExporter]) -> dict[str, Any]:
    """The collector configuration for a Locust test: OTLP in, ``batch``, ``exporters`` out.

    Each signal Locust sends gets a pipeline with every exporter that serves it; a signal no
    exporter serves is refused (the collector would answer Locust's exports with errors).
    """
    if not exporters:
        raise required("exporters", "give at least one exporter (e.g. DebugExporter())")
    ids = [exporter.component_id for exporter in exporters]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise duplicate("exporters", duplicates[0], "give each exporter its own name")
    pipelines: dict[str, Any] = {}
    for signal in SIGNALS:
        serving = [exporter.component_id for exporter in exporters if signal in exporter.signals]
        if not serving:
            raise SpecError(
                "exporters",
                f"no exporter takes {signal}, which Locust sends: add one that does (DebugExporter, OtlpExporter)",
            )
        pipelines[signal] = {"receivers": ["otlp"], "processors": ["batch"], "exporters": serving}
    return {
        "extensions": {"health_check": {"endpoint": f"0.0.0.0:{HEALTH_PORT}"}},
        "receivers": {
            "otlp": {
                "protocols": {
                    "grpc": {"endpoint": f"0.0.0.0:{GRPC_PORT}"},
                    "http": {"endpoint": f"0.0.0.0:{HTTP_PORT}"},
                }
            }
        },
        "processors": {"batch": {}},
        "exporters": {exporter.component_id: exporter.config() for exporter in exporters},
        "service": {"extensions": ["health_check"], "pipelines": pipelines},
    }


def config_text(config: Mapping[str, Any]) -> str:
    """The configuration file's text: YAML in the configuration's own key order."""
    return yaml.dump(_plain(config), Dumper=SafeDumper, sort_keys=False, default_flow_style=False, width=1000)


def config_checksum(config: Mapping[str, Any]) -> str:
    """SHA-256 of :func:`config_text`: the pod annotation that rolls the pod on a change."""
    return hashlib.sha256(config_text(config).encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _mapping(path: str, value: Any, *, required: bool = True) -> Mapping[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise invalid(path, value, "must be a mapping")
    return value


def _names(path: str, value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise invalid(path, value, "must be a list of component ids")
    return list(value)


def _kind(component_id: str) -> str:
    return component_id.split("/", 1)[0]


def _port_of(path: str, endpoint: Any) -> tuple[str, int]:
    """``host`` and ``port`` of a ``host:port`` endpoint; refuse one the Service cannot reach."""
    if not isinstance(endpoint, str) or ":" not in endpoint:
        raise invalid(path, endpoint, "must be host:port, e.g. 0.0.0.0:4317")
    host, _, port = endpoint.rpartition(":")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise invalid(path, endpoint, "the port must be 1 to 65535")
    if host in _LOCAL_HOSTS:
        raise invalid(path, endpoint, f"listens on localhost only, out of the Service's reach; use 0.0.0.0:{port}")
    return host, int(port)


_OTLP_PORTS = {"grpc": ("otlp-grpc", GRPC_PORT), "http": ("otlp-http", HTTP_PORT)}


def service_ports(config: Mapping[str, Any]) -> list[CollectorPort]:
    """The ports the collector's container and Service expose for ``config``.

    Always OTLP gRPC (4317) and HTTP (4318), as the operator chart's Service; then one port
    per ``prometheus`` exporter a pipeline uses (``prometheus``, ``prometheus-2``, ...).
    """
    ports = [CollectorPort(name, port) for name, port in _OTLP_PORTS.values()]
    taken = {port.port for port in ports} | {HEALTH_PORT}
    exporters = config.get("exporters")
    for component_id in _used(config, "exporters"):
        if _kind(component_id) != "prometheus" or not isinstance(exporters, Mapping):
            continue
        path = f"{_PATH}.exporters.{component_id}.endpoint"
        body = exporters.get(component_id)
        _, port = _port_of(path, body.get("endpoint") if isinstance(body, Mapping) else None)
        if port in taken:
            raise invalid(path, OMITTED, f"port {port} is already used by the collector")
        taken.add(port)
        count = sum(1 for known in ports if known.name.startswith("prometheus"))
        ports.append(CollectorPort("prometheus" if count == 0 else f"prometheus-{count + 1}", port))
    return ports


def _used(config: Mapping[str, Any], section: str) -> list[str]:
    """Component ids of ``section`` that some pipeline uses, in first-use order."""
    service = config.get("service")
    pipelines = service.get("pipelines") if isinstance(service, Mapping) else None
    found: list[str] = []
    for pipeline in (pipelines or {}).values() if isinstance(pipelines, Mapping) else ():
        names = pipeline.get(section) if isinstance(pipeline, Mapping) else None
        for name in names if isinstance(names, (list, tuple)) else ():
            if isinstance(name, str) and name not in found:
                found.append(name)
    return found


def check_config(config: Any) -> None:
    """Refuse a configuration the collector would reject or that cannot work behind the Service.

    Checked: every pipeline is ``traces``, ``metrics`` or ``logs`` (optionally ``/name``) and
    has receivers and exporters; every receiver, processor, exporter and extension it names
    is defined; the ``health_check`` extension is on, on port 13133 (the probes'); each
    ``otlp`` receiver in use listens on 4317 (gRPC) and/or 4318 (HTTP), not on localhost, and
    together they cover both of the Service's OTLP ports; prometheus exporters listen on a
    reachable port, which the Service then exposes.
    """
    root = _mapping(_PATH, config)
    service = _mapping(f"{_PATH}.service", root.get("service"))
    pipelines = _mapping(f"{_PATH}.service.pipelines", service.get("pipelines"))
    if not pipelines:
        raise required(f"{_PATH}.service.pipelines", "at least one pipeline")
    sections = {
        section: _mapping(f"{_PATH}.{section}", root.get(section), required=section == "receivers")
        for section in ("receivers", "processors", "exporters", "extensions")
    }
    for pipeline_id, pipeline in pipelines.items():
        path = f"{_PATH}.service.pipelines.{pipeline_id}"
        if _kind(str(pipeline_id)) not in SIGNALS:
            raise invalid(path, str(pipeline_id), "a pipeline is traces, metrics or logs")
        body = _mapping(path, pipeline)
        for section, singular in (("receivers", "receiver"), ("processors", "processor"), ("exporters", "exporter")):
            if section not in body:
                if section == "processors":
                    continue
                raise required(f"{path}.{section}", f"a pipeline needs at least one {singular}")
            names = _names(f"{path}.{section}", body[section])
            if not names and section != "processors":
                raise required(f"{path}.{section}", f"a pipeline needs at least one {singular}")
            for index, name in enumerate(names):
                if name not in sections[section]:
                    defined = ", ".join(sorted(map(str, sections[section]))) or "none"
                    raise SpecError(
                        f"{path}.{section}[{index}]",
                        f"{singular} {go_quote(name)} is not defined under {section} (defined: {defined})",
                    )
    extensions = _names(f"{_PATH}.service.extensions", service.get("extensions", []))
    for index, name in enumerate(extensions):
        if name not in sections["extensions"]:
            defined = ", ".join(sorted(map(str, sections["extensions"]))) or "none"
            raise SpecError(
                f"{_PATH}.service.extensions[{index}]",
                f"extension {go_quote(name)} is not defined under extensions (defined: {defined})",
            )
    _check_health(sections["extensions"], extensions)
    _check_otlp_ports(sections["receivers"], _used(root, "receivers"))
    service_ports(root)


def _check_health(defined: Mapping[str, Any], enabled: list[str]) -> None:
    health = [name for name in enabled if _kind(name) == "health_check"]
    if not health:
        raise SpecError(
            f"{_PATH}.service.extensions",
            f"the health_check extension must be enabled: the pod's probes call it on port {HEALTH_PORT}",
        )
    body = defined.get(health[0])
    endpoint = body.get("endpoint") if isinstance(body, Mapping) else None
    _, port = _port_of(f"{_PATH}.extensions.{health[0]}.endpoint", endpoint)
    if port != HEALTH_PORT:
        raise invalid(f"{_PATH}.extensions.{health[0]}.endpoint", str(endpoint), f"the probes call port {HEALTH_PORT}")


def _check_otlp_ports(receivers: Mapping[str, Any], used: list[str]) -> None:
    covered: set[str] = set()
    for name in used:
        if _kind(name) != "otlp":
            continue
        protocols = _mapping(
            f"{_PATH}.receivers.{name}.protocols",
            _mapping(f"{_PATH}.receivers.{name}", receivers[name] or {}).get("protocols"),
        )
        for protocol, settings in protocols.items():
            path = f"{_PATH}.receivers.{name}.protocols.{protocol}.endpoint"
            if protocol not in _OTLP_PORTS:
                raise SpecError(f"{_PATH}.receivers.{name}.protocols", f"unknown protocol {go_quote(str(protocol))}")
            endpoint = settings.get("endpoint") if isinstance(settings, Mapping) else None
            if endpoint is None:
                raise required(
                    path, f"the collector's default listens on localhost only; use 0.0.0.0:{_OTLP_PORTS[protocol][1]}"
                )
            _, port = _port_of(path, endpoint)
            service_name, service_port = _OTLP_PORTS[protocol]
            if port != service_port:
                raise invalid(path, endpoint, f"the Service's {service_name} port is {service_port}")
            covered.add(protocol)
    missing = [protocol for protocol in _OTLP_PORTS if protocol not in covered]
    if missing:
        name, port = _OTLP_PORTS[missing[0]]
        raise SpecError(
            f"{_PATH}.receivers",
            f"no otlp receiver in a pipeline listens on {port}, the Service's {name} port",
        )
