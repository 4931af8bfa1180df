"""One LocustTest in, the operator's three objects out."""

import functools
from typing import Any, NamedTuple

from .._core.constants import MASTER, WEB_UI_PORT, WORKER
from .._core.field_errors import invalid
from ..operator import OperatorDefaults
from ..spec._classes import LocustTestSpec
from ..spec._document import check_test
from ._job import job
from ._options import PodOptions, ServiceOptions, check_pod_options, check_service_options
from ._service import master_service


class LocustManifests(NamedTuple):
    """The operator's objects for one test, in the order it creates them."""

    master_service: dict[str, Any]
    master_job: dict[str, Any]
    worker_job: dict[str, Any]


def render_manifests(
    spec: LocustTestSpec,
    name: str,
    namespace: str | None = None,
    defaults: OperatorDefaults | None = None,
    *,
    master_pod: PodOptions | None = None,
    worker_pod: PodOptions | None = None,
    service: ServiceOptions | None = None,
) -> LocustManifests:
    """Validate ``name`` and ``spec`` as the webhook would, then build the three manifests.

    ``master_pod``, ``worker_pod`` and ``service`` go beyond the operator (see
    :mod:`constructs_locust.manifests._options`); left at ``None``, the manifests are the operator's.
    """
    check_test(spec, name, namespace)
    master_pod = check_pod_options(master_pod, "master_pod")
    worker_pod = check_pod_options(worker_pod, "worker_pod")
    service = check_service_options(service, "service")
    if defaults is None:
        defaults = _default_install()
    elif not isinstance(defaults, OperatorDefaults):
        raise invalid("defaults", defaults, "must be an OperatorDefaults")
    if service and service.web_ui and not spec.open_telemetry_enabled and defaults.metrics_exporter_port == WEB_UI_PORT:
        raise invalid(
            "service.web_ui",
            True,
            f"the metrics exporter already uses port {WEB_UI_PORT} "
            "(defaults.metrics_exporter_port); a Service port may appear once",
        )
    return LocustManifests(
        master_service=master_service(spec, name, namespace, defaults, service),
        master_job=job(spec, name, namespace, MASTER, defaults, master_pod),
        worker_job=job(spec, name, namespace, WORKER, defaults, worker_pod),
    )


@functools.cache
def _default_install() -> OperatorDefaults:
    """``OperatorDefaults()``, built (and its fields checked) once: it is immutable."""
    return OperatorDefaults()
