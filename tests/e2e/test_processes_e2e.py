"""End to end: what Locust's ``--processes`` does to the identity (real processes, the pinned SDK 1.45).

Locust sets OpenTelemetry up before it forks its children, so they start with the parent's
resource. ``OtelOptions.apply`` warns (:class:`ForkedProcessesWarning`); this run shows why:
with the pinned OpenTelemetry Python SDK the forked children of one worker pod do not report
the pod's ``service.instance.id`` but a random UUID each (the SDK's service-instance detector
re-runs after a fork), while ``k8s.pod.name`` and the test attributes stay the pod's. With an
SDK before 1.43 they would all report the pod's one id and overwrite each other's series.
"""

import re
import time

import pytest

from constructs_locust import ForkedProcessesWarning
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .otlp_receiver import key_values
from .watch_scenarios import NAMESPACE, prepare_test, run_test, stage

pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_forked_children_lose_the_pods_instance_id(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One worker pod with ``--processes 2``: two children, two random ids, one pod name."""
    workdir = tmp_path_factory.mktemp("processes")
    with stage(workdir, identity=True) as staged:
        with pytest.warns(ForkedProcessesWarning, match="--processes"):
            prepared = prepare_test(
                workdir, "fork", staged, identity=True, replicas=1, worker_args=("--processes", "2")
            )
        run = run_test(prepared)
        time.sleep(0.5)
    pod = f"fork-worker-{run.run_hash}-00000"
    ids: set[str] = set()
    for export in run.receiver.recorder.exports("metrics"):
        for block in export.request.resource_metrics:
            resource = key_values(block.resource.attributes)
            names = {metric.name for scope in block.scope_metrics for metric in scope.metrics}
            if resource.get("k8s.pod.name") == pod and "locust.client.duration" in names:
                assert resource["locust.test.run"] == run.run_hash
                ids.add(resource["service.instance.id"])
    assert len(ids) == 2, (ids, run.outputs())
    assert f"{NAMESPACE}.{pod}" not in ids
    assert all(_UUID.fullmatch(value) for value in ids), ids
