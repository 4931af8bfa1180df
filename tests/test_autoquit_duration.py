"""``Autoquit.timeout`` takes a ``timedelta`` as every other number of seconds does; the CR keeps seconds."""

from datetime import timedelta

import pytest

from constructs_locust import Autoquit, LocustTestSpec, MasterSpec, SpecError, TestFiles, WorkerSpec, render_manifests


def test_a_timedelta_is_stored_and_written_as_its_seconds() -> None:
    assert Autoquit(timeout=timedelta(minutes=2)) == Autoquit(timeout=120)
    assert Autoquit(timeout=timedelta(minutes=2)).to_cr() == {"enabled": True, "timeout": 120}


def test_the_master_quits_after_the_same_seconds() -> None:
    def master_args(timeout: int | timedelta) -> list[str]:
        spec = LocustTestSpec(
            image="locustio/locust:2.47.0",
            master=MasterSpec(command="-f /lotest/src/t.py", autoquit=Autoquit(timeout=timeout)),
            worker=WorkerSpec(command="-f /lotest/src/t.py", replicas=1),
            test_files=TestFiles(config_map_ref="t"),
        )
        job = render_manifests(spec, "t").master_job
        return list(job["spec"]["template"]["spec"]["containers"][0]["args"])

    assert "--autoquit" in master_args(timedelta(seconds=90))
    assert master_args(timedelta(seconds=90)) == master_args(90)


@pytest.mark.parametrize(
    ("timeout", "message"),
    [
        (timedelta(milliseconds=1500), "must be a whole number of seconds"),
        (timedelta(seconds=-1), "must not be negative"),
    ],
)
def test_a_bad_timedelta_is_refused_at_its_cr_path(timeout: timedelta, message: str) -> None:
    with pytest.raises(SpecError, match=rf"^spec\.master\.autoquit\.timeout: Invalid value: .*: {message}$"):
        Autoquit(timeout=timeout)
