"""A CronJob's ``schedule`` and ``timeZone`` as the API server checks them, in its words.

``pkg/apis/batch/validation``: ``validateScheduleFormat`` parses the schedule with
``cron.ParseStandard`` (github.com/robfig/cron/v3, v3.0.1: five fields, minute hour
day-of-month month day-of-week, or a ``@`` descriptor) and refuses any schedule that contains
``TZ`` (the ``TZ=``/``CRON_TZ=`` prefixes); ``validateTimeZone`` refuses an empty zone, a name
outside the IANA naming rules, ``Local``, and a name ``time.LoadLocation`` does not find. Each
error is the API server's ``field.Invalid`` with the parser's or the validator's own message,
and every error it would list is raised at once.

The parser is rewritten here from robfig/cron's rules, not translated line by line; where Go
would panic (a ``TZ=`` prefix with nothing after it) only the ``TZ`` error is reported.

The zone database is the ``tzdata`` package's (IANA's, as Go's embedded ``time/tzdata``),
not the host's, so a check gives the same answer on every machine.
"""

import functools
import importlib.resources
import re

from .._core.errors import SpecError, go_quote
from .._core.field_errors import invalid, required

__all__ = ["DESCRIPTORS", "check_cron_schedule", "check_time_zone", "known_time_zones", "parse_schedule_error"]

DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
"""The ``@`` macros robfig/cron's standard parser knows (``@every <duration>`` aside)."""

EVERY = "@every "
"""robfig/cron's interval descriptor: accepted by the API server, counted from each CronJob's creation."""

_STAR_NAMES: dict[str, int] = {}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_DAYS = {name: number for number, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_FIELDS = ((0, 59, _STAR_NAMES), (0, 23, _STAR_NAMES), (1, 31, _STAR_NAMES), (1, 12, _MONTHS), (0, 6, _DAYS))
"""minute, hour, day of month, month, day of week: (min, max, names) as robfig/cron's ``bounds``."""

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_ATOI = re.compile(r"[+-]?[0-9]+\Z")
_NOT_GO_SPACE = frozenset("\x1c\x1d\x1e\x1f")
"""Characters Python's ``str.isspace`` takes for white space and Go's ``unicode.IsSpace`` does not."""

_ZONE_PART = re.compile(r"[A-Za-z.\-_0-9+]{1,14}\Z")
"""``validTimeZoneCharacters``: one ``/``-separated part of an IANA name (digits and ``+`` tolerated)."""
_EXPLICIT_ZONE = "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"


class _CronError(Exception):
    """robfig/cron's parse error: its message is the API server's detail."""


def _go_fields(text: str, separator: str | None = None) -> list[str]:
    """Go's ``strings.Fields`` (``separator`` ``None``) or ``strings.FieldsFunc`` on one character."""
    if separator is not None:
        return [part for part in text.split(separator) if part]
    fields, current = [], ""
    for char in text:
        if char.isspace() and char not in _NOT_GO_SPACE:
            if current:
                fields.append(current)
            current = ""
        else:
            current += char
    if current:
        fields.append(current)
    return fields


def _go_trim_space(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start].isspace() and text[start] not in _NOT_GO_SPACE:
        start += 1
    while end > start and text[end - 1].isspace() and text[end - 1] not in _NOT_GO_SPACE:
        end -= 1
    return text[start:end]


def _atoi(expr: str) -> int:
    """``mustParseInt``: Go's ``strconv.Atoi``, then no negative number."""
    if not _ATOI.match(expr):
        raise _CronError(f"failed to parse int from {expr}: strconv.Atoi: parsing {go_quote(expr)}: invalid syntax")
    number = int(expr)
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise _CronError(f"failed to parse int from {expr}: strconv.Atoi: parsing {go_quote(expr)}: value out of range")
    if number < 0:
        raise _CronError(f"negative number ({number}) not allowed: {expr}")
    return number


def _int_or_name(expr: str, names: dict[str, int]) -> int:
    named = names.get(expr.lower())
    return named if named is not None else _atoi(expr)


def _check_range(expr: str, low: int, high: int, names: dict[str, int]) -> None:
    """``getRange``: ``*``/``?``, ``N``, ``N-M``, each with an optional ``/step``."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        start = _int_or_name(low_and_high[0], names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], names)
        else:
            raise _CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _atoi(range_and_step[1])
        if len(low_and_high) == 1:
            end = high  # "N/step" means "N-max/step"
    else:
        raise _CronError(f"too many slashes: {expr}")
    if start < low:
        raise _CronError(f"beginning of range ({start}) below minimum ({low}): {expr}")
    if end > high:
        raise _CronError(f"end of range ({end}) above maximum ({high}): {expr}")
    if start > end:
        raise _CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise _CronError(f"step of range should be a positive number: {expr}")


def _go_load_location_error(name: str) -> str | None:
    """What Go's ``time.LoadLocation(name)`` returns as its error, against :func:`known_time_zones`."""
    if name in ("", "UTC", "Local"):
        return None
    if ".." in name or name[0] in "/\\":
        return "time: invalid location name"
    return None if name in known_time_zones() else f"unknown time zone {name}"


def parse_schedule_error(schedule: str) -> str | None:
    """The error ``cron.ParseStandard(schedule)`` returns (its text), or ``None`` if it parses."""
    try:
        _parse_standard(schedule)
    except _CronError as error:
        return str(error)
    return None


def _parse_standard(spec: str) -> None:
    if not spec:
        raise _CronError("empty spec string")
    if spec.startswith(("TZ=", "CRON_TZ=")):
        space, equals = spec.find(" "), spec.find("=")
        if space < 0:
            return  # Go slices spec[eq+1:-1] and panics; the TZ rule reports this schedule
        location = spec[equals + 1 : space]
        error = _go_load_location_error(location)
        if error is not None:
            raise _CronError(f"provided bad location {location}: {error}")
        spec = _go_trim_space(spec[space:])
    if spec.startswith("@"):
        if spec not in DESCRIPTORS and not spec.startswith(EVERY):
            raise _CronError(f"unrecognized descriptor: {spec}")
        return  # "@every <duration>" is refused by check_cron_schedule before it gets here
    fields = _go_fields(spec)
    if len(fields) != len(_FIELDS):
        raise _CronError(f"expected exactly {len(_FIELDS)} fields, found {len(fields)}: [{' '.join(fields)}]")
    for field, (low, high, names) in zip(fields, _FIELDS, strict=True):
        for expr in _go_fields(field, ","):
            _check_range(expr, low, high, names)


def check_cron_schedule(path: str, schedule: str) -> None:
    """Refuse ``schedule`` as the API server refuses a new CronJob's ``spec.schedule``.

    Beyond the API server, ``@every <duration>`` is refused too: each CronJob counts it from its
    own creation, so a test's master and worker CronJobs, created apart, would not fire together.
    """
    if not schedule:
        raise required(path)
    if _go_trim_space(schedule).startswith(EVERY) and "TZ" not in schedule:
        raise invalid(
            path,
            schedule,
            "@every is counted from each CronJob's creation, so the master and worker CronJobs "
            "would not fire together; use five fields or one of " + ", ".join(DESCRIPTORS),
        )
    errors = []
    detail = parse_schedule_error(schedule)
    if detail is not None:
        errors.append(invalid(path, schedule, detail))
    if "TZ" in schedule:
        errors.append(invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
    if errors:
        raise SpecError.of(errors)


def check_time_zone(path: str, zone: str) -> None:
    """Refuse ``zone`` as the API server refuses a CronJob's ``spec.timeZone`` (``validateTimeZone``)."""
    if not zone:
        raise invalid(path, zone, "timeZone must be nil or non-empty string")
    for part in zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _ZONE_PART.match(part):
            raise invalid(path, zone, f"unknown time zone {zone}")
    errors = []
    if zone.lower() == "local":
        errors.append(invalid(path, zone, _EXPLICIT_ZONE))
    error = _go_load_location_error(zone)
    if error is not None:
        errors.append(invalid(path, zone, error))
    if errors:
        raise SpecError.of(errors)


@functools.cache
def known_time_zones() -> frozenset[str]:
    """Every zone name of the IANA database, as the ``tzdata`` package lists it (``tzdata/zones``)."""
    text = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())
