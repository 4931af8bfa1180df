"""A schedule's cron expression and time zone are refused as the API server refuses them, in its words.

The messages are those of ``pkg/apis/batch/validation`` (``validateScheduleFormat``,
``validateTimeZone``) and of robfig/cron v3.0.1's ``ParseStandard``, which it calls; the
expected texts below are written from their sources. Every error the API server lists for a
value is listed, in its order.
"""

from datetime import timedelta

import pytest

from constructs_locust import Schedule, SpecError
from constructs_locust.kube._cron import DESCRIPTORS, check_cron_schedule, check_time_zone, known_time_zones

TZ_RULE = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"

VALID_SCHEDULES = [
    "0 2 * * *",
    "*/15 * * * *",
    "0 9-17/2 * * 1-5",
    "30 1 1,15 * *",
    "0 0 * jan-mar MON-fri",
    "? ? ? ? ?",
    "0 0 31 12 6",
    "0 0 * * 0",
    "5/20 * * * *",
    "*-5 * * * *",  # robfig/cron reads "*" and ignores what follows the dash
    "0\t2  *\n* *",  # any white space between fields
    ", * * * *",  # an empty list: robfig/cron accepts it (and never fires)
    *DESCRIPTORS,
]

INVALID_SCHEDULES = [
    ("61 * * * *", ["end of range (61) above maximum (59): 61"]),
    ("0 24 * * *", ["end of range (24) above maximum (23): 24"]),
    ("0 0 0 * *", ["beginning of range (0) below minimum (1): 0"]),
    ("0 0 * 13 *", ["end of range (13) above maximum (12): 13"]),
    ("0 0 * * 7", ["end of range (7) above maximum (6): 7"]),
    ("10-5 * * * *", ["beginning of range (10) beyond end of range (5): 10-5"]),
    ("*/0 * * * *", ["step of range should be a positive number: */0"]),
    ("1-2-3 * * * *", ["too many hyphens: 1-2-3"]),
    ("*/2/3 * * * *", ["too many slashes: */2/3"]),
    ("x * * * *", ['failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax']),
    ("-1 * * * *", ['failed to parse int from : strconv.Atoi: parsing "": invalid syntax']),
    ("*/-5 * * * *", ["negative number (-5) not allowed: -5"]),
    ("1_0 * * * *", ['failed to parse int from 1_0: strconv.Atoi: parsing "1_0": invalid syntax']),
    (
        "99999999999999999999 * * * *",
        [
            "failed to parse int from 99999999999999999999: strconv.Atoi: parsing "
            '"99999999999999999999": value out of range'
        ],
    ),
    ("0 0 * foo *", ['failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax']),
    ("0 0 * * sunday", ['failed to parse int from sunday: strconv.Atoi: parsing "sunday": invalid syntax']),
    ("* * * *", ["expected exactly 5 fields, found 4: [* * * *]"]),
    ("0 0 0 * * *", ["expected exactly 5 fields, found 6: [0 0 0 * * *]"]),
    ("   ", ["expected exactly 5 fields, found 0: []"]),
    ("@fortnightly", ["unrecognized descriptor: @fortnightly"]),
    ("@daily ", ["unrecognized descriptor: @daily "]),
    ("@DAILY", ["unrecognized descriptor: @DAILY"]),
    ("CRON_TZ=UTC 0 2 * * *", [TZ_RULE]),
    ("TZ=Europe/Paris @daily", [TZ_RULE]),
    ("TZ=UTC", [TZ_RULE]),  # no space: robfig/cron slices past the end and Go panics; only the TZ rule here
    (
        "CRON_TZ=Europe/Pariss 0 2 * * *",
        ["provided bad location Europe/Pariss: unknown time zone Europe/Pariss", TZ_RULE],
    ),
    ("TZ=a..b * * * * *", ["provided bad location a..b: time: invalid location name", TZ_RULE]),
    ("0 2 * * * TZ", ["expected exactly 5 fields, found 6: [0 2 * * * TZ]", TZ_RULE]),
]


@pytest.mark.parametrize("cron", VALID_SCHEDULES)
def test_a_schedule_the_api_server_takes_is_taken(cron: str) -> None:
    check_cron_schedule("spec.schedule", cron)
    assert Schedule(cron=cron, max_run_time=timedelta(hours=1)).cron == cron


@pytest.mark.parametrize(("cron", "details"), INVALID_SCHEDULES, ids=[case[0] for case in INVALID_SCHEDULES])
def test_a_schedule_the_api_server_refuses_is_refused_with_its_messages(cron: str, details: list[str]) -> None:
    with pytest.raises(SpecError) as caught:
        check_cron_schedule("spec.schedule", cron)
    quoted = '"' + cron.replace("\t", "\\t").replace("\n", "\\n") + '"'
    assert [str(error) for error in caught.value.errors] == [
        f"spec.schedule: Invalid value: {quoted}: {detail}" for detail in details
    ]


def test_an_empty_schedule_is_required() -> None:
    with pytest.raises(SpecError) as caught:
        Schedule(cron="", max_run_time=timedelta(hours=1))
    assert str(caught.value) == "Schedule.cron: Required value"


@pytest.mark.parametrize("cron", ["@every 1h", "@every 90s", "@every bad"])
def test_every_is_refused_because_each_cron_job_counts_it_from_its_own_creation(cron: str) -> None:
    with pytest.raises(SpecError) as caught:
        Schedule(cron=cron, max_run_time=timedelta(hours=1))
    assert caught.value.path == "Schedule.cron"
    assert "@every is counted from each CronJob's creation" in caught.value.reason


VALID_ZONES = ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "US/Eastern", "EST5EDT"]

INVALID_ZONES = [
    ("", ["timeZone must be nil or non-empty string"]),
    ("Local", ["timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"]),
    (
        "local",
        [
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            "unknown time zone local",
        ],
    ),
    ("Europe/Pariss", ["unknown time zone Europe/Pariss"]),
    ("europe/paris", ["unknown time zone europe/paris"]),
    ("/Europe/Paris", ["unknown time zone /Europe/Paris"]),
    ("Europe//Paris", ["unknown time zone Europe//Paris"]),
    ("Europe/Paris/", ["unknown time zone Europe/Paris/"]),
    ("Europe/../Paris", ["unknown time zone Europe/../Paris"]),
    ("Europe/./Paris", ["unknown time zone Europe/./Paris"]),
    ("-Europe/Paris", ["unknown time zone -Europe/Paris"]),
    ("Europe/Paris Time", ["unknown time zone Europe/Paris Time"]),
    ("America/ABCDEFGHIJKLMNO", ["unknown time zone America/ABCDEFGHIJKLMNO"]),
    ("Europe/Par\u00eds", ["unknown time zone Europe/Par\u00eds"]),
    ("CET+1", ["unknown time zone CET+1"]),
]


@pytest.mark.parametrize("zone", VALID_ZONES)
def test_an_iana_zone_is_taken(zone: str) -> None:
    check_time_zone("spec.timeZone", zone)


@pytest.mark.parametrize(("zone", "details"), INVALID_ZONES, ids=[case[0] or "empty" for case in INVALID_ZONES])
def test_a_zone_the_api_server_refuses_is_refused_with_its_messages(zone: str, details: list[str]) -> None:
    with pytest.raises(SpecError) as caught:
        check_time_zone("spec.timeZone", zone)
    assert [str(error) for error in caught.value.errors] == [
        f'spec.timeZone: Invalid value: "{zone}": {detail}' for detail in details
    ]


def test_the_zone_database_is_the_tzdata_packages_not_the_hosts() -> None:
    zones = known_time_zones()
    assert {"UTC", "Europe/Paris", "Asia/Kolkata", "America/New_York"} <= zones
    assert not any(zone.startswith(("posix/", "right/")) for zone in zones)
    assert len(zones) > 500
