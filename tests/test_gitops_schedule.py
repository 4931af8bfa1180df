"""GitOps presets on a scheduled test: Git declares CronJobs, which are changed in place.

The Jobs of a scheduled test are made by the CronJob controller, never declared in Git, so the
self-heal trap (a TTL on Jobs a tool re-applies) cannot happen and is not refused; a sync hook,
which would turn the CronJobs themselves into hooks, is refused naming both options.
"""

import warnings
from datetime import timedelta

import cdk8s
import pytest

from constructs_locust import LocustTest, LocustTestSpec, Schedule, SpecError
from constructs_locust.gitops import GitOpsPreset, argo_cd_replace, argo_cd_sync_hook, argo_cd_waves, flux_force
from tests.support import minimal_cr_spec

BOUND = ["--users", "10", "--spawn-rate", "2", "--run-time", "5m"]
NIGHTLY = Schedule(cron="0 2 * * *", max_run_time=timedelta(hours=1))


def scheduled_test(**options: object) -> LocustTest:
    """A bounded test on a nightly schedule, in a chart of its own."""
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c", namespace="perf")
    spec = LocustTestSpec.from_cr({**minimal_cr_spec(), "master": {**minimal_cr_spec()["master"], "extraArgs": BOUND}})
    return LocustTest(chart, "nightly", spec=spec, schedule=NIGHTLY, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("preset", [argo_cd_waves(), argo_cd_replace(), flux_force()], ids=lambda p: p.name)
def test_a_ttl_on_a_scheduled_test_is_not_the_self_heal_trap(preset: GitOpsPreset) -> None:
    test = scheduled_test(ttl_seconds_after_finished=timedelta(hours=2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        preset.apply(test)
    assert test.manifests.master_job["kind"] == "CronJob"


def test_waves_on_fixed_names_do_not_warn_for_a_scheduled_test() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        argo_cd_waves().apply(scheduled_test())


def test_a_sync_hook_on_a_scheduled_test_is_refused_naming_both() -> None:
    test = scheduled_test()
    with pytest.raises(SpecError, match=r"^schedule: Forbidden: a scheduled test is not for the argo-cd-sync-hook"):
        argo_cd_sync_hook().apply(test)
    written = cdk8s.Testing.synth(cdk8s.Chart.of(test))
    assert not any("argocd.argoproj.io/hook" in m["metadata"].get("annotations", {}) for m in written)
