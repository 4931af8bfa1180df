"""GitOps presets: their exact annotations, where they land, and strict schema validity."""

from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
import kubernetes_validate
import pytest

from constructs_locust import LocustTest, LocustTestSpec, SpecError
from constructs_locust.gitops import GitOpsPreset, argo_cd_replace, argo_cd_sync_hook, argo_cd_waves, flux_force
from tests.support import minimal_cr_spec
from tests.test_schema import KUBERNETES_VERSIONS

SPEC = LocustTestSpec.from_cr(minimal_cr_spec(testFiles={"configMapRef": "placeholder"}))

PRESETS = {
    "argo-cd-waves": argo_cd_waves(),
    "argo-cd-sync-hook": argo_cd_sync_hook(),
    "argo-cd-replace": argo_cd_replace(),
    "flux-force": flux_force(),
}

EXPECTED: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # preset -> (Job annotations, ConfigMap annotations); the Service gets none from any preset.
    "argo-cd-waves": ({}, {"argocd.argoproj.io/sync-wave": "-1"}),
    "argo-cd-sync-hook": (
        {"argocd.argoproj.io/hook": "Sync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation"},
        {"argocd.argoproj.io/sync-wave": "-1"},
    ),
    "argo-cd-replace": (
        {"argocd.argoproj.io/sync-options": "Force=true,Replace=true"},
        {"argocd.argoproj.io/sync-wave": "-1"},
    ),
    "flux-force": ({"kustomize.toolkit.fluxcd.io/force": "enabled"}, {}),
}


def synth_with(preset: GitOpsPreset, **kwargs: Any) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load", namespace="perf")
    files = kplus.ConfigMap(chart, "files", data={"locustfile.py": "from locust import HttpUser\n"})
    cr_spec = minimal_cr_spec(testFiles={"configMapRef": files.name})
    test = LocustTest(chart, "demo", spec=LocustTestSpec.from_cr(cr_spec), **kwargs)
    preset.apply(test, files)
    return list(cdk8s.Testing.synth(chart))


def by_kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def test_every_preset_is_tested() -> None:
    assert set(PRESETS) == set(EXPECTED) == {preset.name for preset in PRESETS.values()}


def fitting(preset: str) -> list[bool]:
    """The ``rerun_on_change`` values ``preset`` is made for (the others are tests/test_traps.py's)."""
    return [rerun for rerun in (False, True) if PRESETS[preset].rerun_on_change in (None, rerun)]


@pytest.mark.parametrize(
    ("preset", "rerun_on_change"), [(preset, rerun) for preset in sorted(PRESETS) for rerun in fitting(preset)]
)
def test_each_preset_puts_exactly_its_annotations_on_the_jobs_and_files(preset: str, rerun_on_change: bool) -> None:
    manifests = synth_with(PRESETS[preset], rerun_on_change=rerun_on_change)
    jobs, files = EXPECTED[preset]
    for job in by_kind(manifests, "Job"):
        assert job["metadata"].get("annotations", {}) == jobs
    (service,) = by_kind(manifests, "Service")
    assert "annotations" not in service["metadata"]
    (config_map,) = by_kind(manifests, "ConfigMap")
    assert config_map["metadata"].get("annotations", {}) == files
    # Nothing but those object annotations differs from the test without a preset.
    for manifest in manifests:
        manifest["metadata"].pop("annotations", None)
    assert manifests == synth_with(GitOpsPreset(name="none"), rerun_on_change=rerun_on_change)


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_presets_output_passes_strict_schema_validation(preset: str, version: str) -> None:
    ttl = None if PRESETS[preset].reapplies_jobs else 600
    for rerun_on_change in fitting(preset):
        for manifest in synth_with(PRESETS[preset], rerun_on_change=rerun_on_change, ttl_seconds_after_finished=ttl):
            kubernetes_validate.validate(manifest, version, strict=True)


def test_the_files_wave_can_be_chosen_and_must_be_an_integer() -> None:
    assert argo_cd_waves(files_wave=-5).files_annotations == {"argocd.argoproj.io/sync-wave": "-5"}
    assert argo_cd_sync_hook(files_wave=2).files_annotations == {"argocd.argoproj.io/sync-wave": "2"}
    for bad, shown in ((True, "true"), ("-1", '"-1"'), (1.0, "1.0"), (2**31, "2147483648")):
        with pytest.raises(SpecError) as caught:
            argo_cd_replace(files_wave=bad)  # type: ignore[arg-type]
        assert str(caught.value) == f"files_wave: Invalid value: {shown}: must be an integer (an Argo CD wave)"


def test_files_without_a_config_map_are_refused() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load")
    test = LocustTest(chart, "demo", spec=SPEC, rerun_on_change=True)
    with pytest.raises(SpecError) as caught:
        argo_cd_waves().apply(test, test)
    assert str(caught.value) == "files: load/demo holds no ConfigMap to annotate"


def test_a_preset_finds_config_maps_anywhere_under_a_scope() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load")
    kplus.ConfigMap(chart, "one", data={"a.py": "x"})
    cdk8s.ApiObject(chart, "two", api_version="v1", kind="ConfigMap", metadata={"name": "two"})
    test = LocustTest(chart, "demo", spec=SPEC, rerun_on_change=True)
    argo_cd_waves(files_wave=-2).apply(test, chart)
    waves = {m["metadata"]["name"]: m["metadata"].get("annotations") for m in cdk8s.Testing.synth(chart)}
    assert sum(annotations == {"argocd.argoproj.io/sync-wave": "-2"} for annotations in waves.values()) == 2


def test_presets_are_immutable_and_their_annotations_sorted() -> None:
    preset = argo_cd_sync_hook()
    assert list(preset.job_annotations) == sorted(preset.job_annotations)
    with pytest.raises(TypeError):
        preset.job_annotations["x"] = "y"  # type: ignore[index]


def test_without_a_preset_the_objects_carry_no_annotations() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load")
    LocustTest(chart, "demo", spec=SPEC)
    assert all("annotations" not in manifest["metadata"] for manifest in cdk8s.Testing.synth(chart))
