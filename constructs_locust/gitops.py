"""GitOps presets: the annotations that let Argo CD or Flux apply a load test again and again.

Jobs are immutable and run once, which fits badly with tools that re-apply Git to the cluster.
Each preset is a documented set of annotations for the test's Jobs, its master Service and the
ConfigMaps that hold its test files; :meth:`GitOpsPreset.apply` puts them on a
:class:`~constructs_locust.LocustTest` (and on every ConfigMap under the constructs given as
``files``, e.g. a ``LocustTestFiles`` or ``kplus.ConfigMap``). Presets only add annotations:
a test without one renders exactly the operator's objects.

Pick one (the how-to guide "Run load tests from Git", docs/how-to/gitops.md, has the workflows):

- :func:`argo_cd_waves` with ``rerun_on_change=True``: every change is new objects, Argo CD
  creates them and prunes the old run (``prune: true``); nothing re-runs unless Git changed.
- :func:`argo_cd_sync_hook`: the Jobs are ``Sync`` hooks, deleted and created again on
  *every* sync; the sync waits for the test and fails with it.
- :func:`argo_cd_replace`: fixed names; a changed Job is deleted and created again.
- :func:`flux_force`: fixed names; Flux deletes and recreates a Job whose apply failed on an
  immutable field.

The traps the presets' trade-offs describe are refused where they are certain (a
:class:`SpecError` naming both options): a TTL on Jobs that the tool re-applies
(:func:`argo_cd_waves`, :func:`argo_cd_replace`, :func:`flux_force`: the test runs again each
time the TTL deletes them) and :func:`argo_cd_sync_hook` on a ``rerun_on_change`` test (hooks
are never pruned). :func:`argo_cd_waves` on a test with fixed names is a :class:`GitOpsWarning`.
"""

import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import field, frozen

from ._core.errors import GitOpsWarning, SpecError
from ._core.field_errors import forbidden, invalid
from ._core.model import INT32_MAX
from .manifests._run_names import job_spec

if TYPE_CHECKING:
    from constructs import IConstruct

    from .constructs._locust_test import LocustTest

ARGO_CD_HOOK = "argocd.argoproj.io/hook"
ARGO_CD_HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy"
ARGO_CD_SYNC_OPTIONS = "argocd.argoproj.io/sync-options"
ARGO_CD_SYNC_WAVE = "argocd.argoproj.io/sync-wave"
FLUX_FORCE = "kustomize.toolkit.fluxcd.io/force"

DEFAULT_FILES_WAVE = -1
"""Argo CD wave of the test-file ConfigMaps, before the Service and Jobs (wave 0)."""


def _frozen_annotations(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(value.items())))


@frozen(kw_only=True)
class GitOpsPreset:
    """A named set of annotations for a test's objects, with the trade-offs in its docstring.

    Attributes:
        name: What the preset is called in messages and docs (``argo-cd-sync-hook`` ...).
        job_annotations: Put on the master and the worker Job.
        service_annotations: Put on the master Service.
        files_annotations: Put on every ConfigMap under the ``files`` given to :meth:`apply`.
        reapplies_jobs: The tool recreates a Job that Git declares once it is gone, so a TTL
            on the Jobs re-runs the test: :meth:`apply` refuses a test with one.
        rerun_on_change: What the preset is made for: ``True``, content-addressed runs (a
            test with fixed names is a :class:`GitOpsWarning`); ``False``, fixed names (a
            ``rerun_on_change`` test is refused); ``None``: either.
    """

    name: str
    job_annotations: Mapping[str, str] = field(factory=dict, converter=_frozen_annotations)
    service_annotations: Mapping[str, str] = field(factory=dict, converter=_frozen_annotations)
    files_annotations: Mapping[str, str] = field(factory=dict, converter=_frozen_annotations)
    reapplies_jobs: bool = False
    rerun_on_change: bool | None = None

    def apply(self, test: "LocustTest", *files: "IConstruct") -> None:
        """Annotate ``test``'s Jobs and Service, and every ConfigMap found under ``files``.

        ``files`` are searched with ``node.find_all()``: pass a ``LocustTestFiles``, a
        ``kplus.ConfigMap``, a ``cdk8s.ApiObject`` or a whole chart. A ``files`` construct
        holding no ConfigMap is a :class:`SpecError` (a preset silently not applied would
        leave the ordering it promises unmet). So is a test the preset does not fit (see
        :func:`check_preset`), before anything is annotated.
        """
        import cdk8s

        check_preset(self, test)

        for job in (test.master_job, test.worker_job):
            for key, value in self.job_annotations.items():
                job.metadata.add_annotation(key, value)
        for key, value in self.service_annotations.items():
            test.master_service.metadata.add_annotation(key, value)
        for scope in files:
            config_maps = [
                child
                for child in scope.node.find_all()
                if isinstance(child, cdk8s.ApiObject) and child.kind == "ConfigMap"
            ]
            if not config_maps:
                raise SpecError("files", f"{scope.node.path or 'the app'} holds no ConfigMap to annotate")
            for config_map in config_maps:
                for key, value in self.files_annotations.items():
                    config_map.metadata.add_annotation(key, value)


def check_preset(preset: GitOpsPreset, test: "LocustTest") -> None:
    """Refuse (:class:`SpecError`, naming both options) or warn about a test ``preset`` does not fit.

    The TTL is read from the rendered Jobs, so an operator-wide one
    (``OperatorDefaults.job_ttl_seconds_after_finished``) is seen as well as the test's own.
    """
    if test.schedule is not None:
        _check_scheduled(preset)
        return  # Git declares the CronJobs, which are changed in place; the Jobs they create are not compared
    ttl = job_spec(test.manifests.master_job).get("ttlSecondsAfterFinished")
    if preset.reapplies_jobs and ttl is not None:
        option = (
            "ttl_seconds_after_finished"
            if test.ttl_seconds_after_finished is not None
            else "defaults.job_ttl_seconds_after_finished"
        )
        raise forbidden(
            option,
            f"{ttl} is not for the {preset.name} preset: it re-applies the Jobs Git declares, so once the TTL "
            "deletes them they are created again and the test runs again, every "
            f"{ttl} seconds (the self-heal trap); leave the TTL off and let pruning remove old runs, or use "
            "argo_cd_sync_hook(), whose hook Jobs are not compared with Git",
        )
    if preset.rerun_on_change is False and test.rerun_on_change:
        raise forbidden(
            "rerun_on_change",
            f"True is not for the {preset.name} preset: hook Jobs are never pruned, so the Jobs of every earlier "
            "run would stay; use argo_cd_waves() with rerun_on_change=True, or this preset with fixed names",
        )
    if preset.rerun_on_change is True and not test.rerun_on_change:
        warnings.warn(
            f"{test.test_name}: the {preset.name} preset is made for rerun_on_change=True: with fixed names, a "
            "changed test is applied over the Jobs of the last run, which Kubernetes refuses (a Job's pod template "
            "is immutable) and the sync fails; pass rerun_on_change=True, or use argo_cd_replace()",
            GitOpsWarning,
            stacklevel=3,
        )


def _check_scheduled(preset: GitOpsPreset) -> None:
    """Refuse a preset that makes no sense on a test run by two CronJobs (``schedule=``)."""
    if preset.rerun_on_change is False:
        raise forbidden(
            "schedule",
            f"a scheduled test is not for the {preset.name} preset: its CronJobs would become hooks, "
            "created again on every sync without waiting for any run, and the sync could not fail with the "
            "test; leave the preset off (Argo CD applies CronJobs in place) or use argo_cd_waves()",
        )


def _wave(files_wave: int) -> str:
    if isinstance(files_wave, bool) or not isinstance(files_wave, int) or not -INT32_MAX <= files_wave <= INT32_MAX:
        raise invalid("files_wave", files_wave, "must be an integer (an Argo CD wave)")
    return str(files_wave)


def argo_cd_waves(*, files_wave: int = DEFAULT_FILES_WAVE) -> GitOpsPreset:
    """Argo CD, for ``rerun_on_change=True``: only orders the test files before the run.

    Annotations: ``argocd.argoproj.io/sync-wave: "-1"`` on the ConfigMaps; the Service and
    both Jobs stay in wave 0. The master and worker Job must share a wave: Argo CD waits for a
    wave to be healthy before the next, and a master Job is healthy only when the test is over,
    which it never is without workers.

    Trade-offs: a change in Git gives new Job and Service names, applied as new objects; with
    ``syncPolicy.automated.prune: true`` Argo CD deletes the previous run (its pods and logs
    too). An unchanged test is not run again, even with self-heal, as long as its Jobs exist:
    do not give the Jobs a TTL (``ttl_seconds_after_finished``), or self-heal recreates them
    once deleted and runs the test again (:meth:`GitOpsPreset.apply` refuses a test with one).
    On a test without ``rerun_on_change`` it is a :class:`GitOpsWarning`.
    """
    return GitOpsPreset(
        name="argo-cd-waves",
        files_annotations={ARGO_CD_SYNC_WAVE: _wave(files_wave)},
        reapplies_jobs=True,
        rerun_on_change=True,
    )


def argo_cd_sync_hook(*, files_wave: int = DEFAULT_FILES_WAVE) -> GitOpsPreset:
    """Argo CD: the Jobs are ``Sync`` hooks, deleted before each sync creates them again.

    Annotations: ``argocd.argoproj.io/hook: Sync`` and
    ``argocd.argoproj.io/hook-delete-policy: BeforeHookCreation`` on both Jobs; the files'
    wave as in :func:`argo_cd_waves` (hooks and resources of one phase follow the waves).

    Trade-offs: the test runs on *every* sync operation, whatever changed (a label on another
    object, a manual sync), and never through self-heal, since hooks are not compared with Git.
    The sync lasts as long as the test, and a failed test fails the sync. The last run's Jobs
    stay until the next sync deletes them (a TTL is safe here). Use it without
    ``rerun_on_change`` (:meth:`GitOpsPreset.apply` refuses such a test): hooks are never
    pruned, so renamed hook Jobs of old runs would stay.
    """
    return GitOpsPreset(
        name="argo-cd-sync-hook",
        job_annotations={ARGO_CD_HOOK: "Sync", ARGO_CD_HOOK_DELETE_POLICY: "BeforeHookCreation"},
        files_annotations={ARGO_CD_SYNC_WAVE: _wave(files_wave)},
        rerun_on_change=False,
    )


def argo_cd_replace(*, files_wave: int = DEFAULT_FILES_WAVE) -> GitOpsPreset:
    """Argo CD, fixed names: a changed Job is deleted and created again instead of patched.

    Annotations: ``argocd.argoproj.io/sync-options: Force=true,Replace=true`` on both Jobs;
    the files' wave as in :func:`argo_cd_waves`.

    Trade-offs: every sync operation that includes the Jobs deletes and recreates them, so the
    test runs again on any sync of the Application unless it sets the ``ApplyOutOfSyncOnly=true``
    sync option (then only when the Jobs differ from Git). A Job deleted by a TTL or a person is
    out of sync too, so self-heal runs the test again: keep Jobs without a TTL under self-heal.
    Replace drops fields other controllers set on the object, and the old run's pods and logs
    go with the old Job. The Service is applied as usual (its fields are mutable).
    """
    return GitOpsPreset(
        name="argo-cd-replace",
        job_annotations={ARGO_CD_SYNC_OPTIONS: "Force=true,Replace=true"},
        files_annotations={ARGO_CD_SYNC_WAVE: _wave(files_wave)},
        reapplies_jobs=True,
    )


def flux_force() -> GitOpsPreset:
    """Flux, fixed names: ``kustomize.toolkit.fluxcd.io/force: enabled`` on both Jobs.

    When applying a changed Job fails on its immutable pod template, Flux's
    kustomize-controller deletes and recreates it (for these objects only, unlike the
    Kustomization-wide ``spec.force``). Flux has no sync waves: it applies the ConfigMaps and
    the Jobs in one pass, and a pod whose ConfigMap is not there yet waits for it; for a strict
    order put the files in a Kustomization that the test's Kustomization ``dependsOn``.

    Trade-offs: Flux re-applies every object at each interval, so a Job deleted by a TTL (or a
    person) is created again and the test runs again: no TTL under Flux. With
    ``rerun_on_change=True`` no force is needed (every change is new objects) and
    ``prune: true`` removes the old run.
    """
    return GitOpsPreset(name="flux-force", job_annotations={FLUX_FORCE: "enabled"}, reapplies_jobs=True)
