"""One LocustTest in, the operator's three objects out."""

from typing import Any, NamedTuple

from ..constants import MASTER, WORKER
from ..defaults import OperatorDefaults
from ..document import check_test
from ..errors import SpecError, show_value
from ..spec import LocustTestSpec
from .command import warn_about_flag_conflicts
from .job import job
from .service import master_service


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
) -> LocustManifests:
    """Validate ``name`` and ``spec`` as the webhook would, then build the three manifests."""
    check_test(spec, name, namespace)
    warn_about_flag_conflicts(spec, name)
    if defaults is None:
        defaults = OperatorDefaults()
    elif not isinstance(defaults, OperatorDefaults):
        raise SpecError("defaults", f"Invalid value: {show_value(defaults)}: must be an OperatorDefaults")
    return LocustManifests(
        master_service=master_service(spec, name, namespace, defaults),
        master_job=job(spec, name, namespace, MASTER, defaults),
        worker_job=job(spec, name, namespace, WORKER, defaults),
    )
