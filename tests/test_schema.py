"""Every rendered object passes strict Kubernetes schema validation (1.29 is the first with native sidecars)."""

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from constructs_locust import LocustTestSpec, OperatorDefaults, render_manifests
from tests.support import minimal_cr_spec
from tests.test_otel import SCENARIOS
from tests.test_spec import FULL_SPEC

KUBERNETES_VERSIONS = ("1.29.0", "1.31.0", "1.33.0")
FIXTURE_CRS = Path(__file__).parent / "fixtures" / "crs"


def cases() -> dict[str, tuple[str, str | None, dict[str, Any]]]:
    """name -> (test name, namespace, CR spec) for every shape we render."""
    found = {f"otel-{key}": ("checkout", "load", _with_observability(value)) for key, value in SCENARIOS.items()}
    found["every-field"] = ("team-a.full", "perf", FULL_SPEC)
    for path in sorted(FIXTURE_CRS.glob("*.yaml")):
        for index, document in enumerate(yaml.safe_load_all(path.read_text())):
            if isinstance(document, dict) and document.get("apiVersion") == "locust.io/v2":
                metadata = document["metadata"]
                found[f"{path.stem}-{index}"] = (metadata["name"], metadata.get("namespace"), document["spec"])
    return found


def _with_observability(observability: dict[str, Any] | None) -> dict[str, Any]:
    spec = minimal_cr_spec()
    if observability is not None:
        spec["observability"] = observability
    return spec


CASES = cases()


def test_the_sample_crs_are_among_the_cases() -> None:
    assert len(CASES) >= len(SCENARIOS) + 1 + 6, "the v2 sample CR fixtures are missing from tests/fixtures/crs"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_objects_pass_strict_schema_validation(case: str, version: str) -> None:
    name, namespace, cr_spec = CASES[case]
    spec = LocustTestSpec.from_cr(cr_spec)
    for defaults in (OperatorDefaults(), OperatorDefaults(job_ttl_seconds_after_finished=600)):
        for manifest in render_manifests(spec, name, namespace, defaults):
            kubernetes_validate.validate(manifest, version, strict=True)


def test_strict_validation_does_catch_unknown_fields() -> None:
    service = render_manifests(LocustTestSpec.from_cr(minimal_cr_spec()), "demo").master_service
    service["spec"]["portz"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, "1.29.0", strict=True)
