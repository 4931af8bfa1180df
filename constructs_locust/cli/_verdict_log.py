"""Find the thresholds verdict, and the report upload's result, in a log; bounded for hostile input.

A log is what ``kubectl logs`` prints for the master pod: Locust's own lines, the thresholds
plugin's table and its one JSON line (``{"kind": "constructs-locust/verdict", "version": 1,
...}``), and, when reports are uploaded, the upload container's one JSON line
(``{"kind": "constructs-locust/upload", "version": 1, ...}``). ``kubectl logs --prefix`` puts
``[pod/NAME/CONTAINER] `` before each line and ``--timestamps`` a time: the object is read from
the line's first ``{`` to its end. The last verdict and the last upload line count.

What a log may cost is bounded: at most :data:`MAX_LOG_BYTES` read, lines longer than
:data:`MAX_LINE_BYTES` skipped unparsed, only lines naming ``constructs-locust/`` parsed, and
nesting errors caught. Every problem is a :class:`LogError` with one line of text.
"""

import math
from collections.abc import Mapping
from typing import IO, Any, NamedTuple

__all__ = [
    "MAX_LINE_BYTES",
    "MAX_LOG_BYTES",
    "UPLOAD_KIND",
    "UPLOAD_STATUSES",
    "VERDICT_KIND",
    "Found",
    "LogError",
    "scan",
]

VERDICT_KIND = "constructs-locust/verdict"
UPLOAD_KIND = "constructs-locust/upload"
VERDICT_VERSION = 1
UPLOAD_VERSION = 1
UPLOAD_STATUSES = ("ok", "failed", "timeout")
RESULTS = ("pass", "fail")
MAX_LOG_BYTES = 256 * 1024 * 1024
"""The most of a log that is read (256 MiB)."""
MAX_LINE_BYTES = 1024 * 1024
"""Longer lines (1 MiB) are skipped: no verdict is that long."""
_MARK = b'"constructs-locust/'
_THRESHOLD_KEYS = {
    "metric": (str,),
    "name": (str, type(None)),
    "method": (str, type(None)),
    "comparison": (str,),
    "limit": (int, float),
    "unit": (str,),
    "measured": (int, float, type(None)),
    "result": (str,),
}
_TOTAL_KEYS = ("requests", "failures", "failure_ratio", "rps", "duration")
_LARGEST = 10**18
"""No measured value or limit is larger: a bigger number (JSON allows any) is a malformed verdict."""


class LogError(Exception):
    """The log cannot be judged: no verdict, a malformed one, or a log too large to read."""


class Found(NamedTuple):
    """The last verdict and the last upload result of a log (``None``: none), with their line numbers."""

    verdict: dict[str, Any] | None
    verdict_line: int
    upload: dict[str, Any] | None
    upload_line: int


def scan(stream: IO[bytes]) -> Found:
    """Read ``stream`` to its end and return what it holds; :class:`LogError` if it cannot be read as a log."""
    verdict: dict[str, Any] | None = None
    upload: dict[str, Any] | None = None
    verdict_line = upload_line = 0
    total = 0
    number = 0
    skipping = False
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        total += len(line)
        if total > MAX_LOG_BYTES:
            raise LogError(f"the log is larger than {MAX_LOG_BYTES // (1024 * 1024)} MiB; give the master's log only")
        complete = line.endswith(b"\n")
        if skipping or len(line) > MAX_LINE_BYTES:
            skipping = not complete  # the rest of an over-long line
            number += complete
            continue
        number += 1
        if _MARK not in line:
            continue
        found = _object(line, number)
        if found is None:
            continue
        if found["kind"] == VERDICT_KIND:
            verdict, verdict_line = _checked_verdict(found, number), number
        else:
            upload, upload_line = _checked_upload(found, number), number
    return Found(verdict, verdict_line, upload, upload_line)


def _object(line: bytes, number: int) -> dict[str, Any] | None:
    """The object from the line's first ``{`` to its end, if it is one of ours; else ``None``."""
    start = line.find(b"{")
    if start < 0:
        return None
    import json  # here, not at start-up: the parser imports this module and --help reads no log

    text = line[start:].decode("utf-8", errors="replace").strip()
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or value.get("kind") not in (VERDICT_KIND, UPLOAD_KIND):
        return None
    return value


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _checked_verdict(value: dict[str, Any], number: int) -> dict[str, Any]:
    _version(value, VERDICT_VERSION, number)
    where = f"line {number}: the verdict"
    if value.get("result") not in RESULTS:
        raise LogError(f'{where} has no result "pass" or "fail"')
    totals = value.get("totals")
    if not isinstance(totals, Mapping) or not all(_number(totals.get(key)) for key in _TOTAL_KEYS):
        raise LogError(f"{where} has no totals ({', '.join(_TOTAL_KEYS)}, numbers)")
    thresholds = value.get("thresholds")
    if not isinstance(thresholds, list):
        raise LogError(f"{where} has no list of thresholds")
    for index, item in enumerate(thresholds):
        if not isinstance(item, Mapping) or not _threshold_ok(item):
            raise LogError(f"{where}'s threshold {index} is malformed")
    test = value.get("test")
    if test is not None and not isinstance(test, str):
        raise LogError(f"{where}'s test is not a string")
    return value


def _threshold_ok(item: Mapping[str, Any]) -> bool:
    for key, types in _THRESHOLD_KEYS.items():
        field = item.get(key)
        if not isinstance(field, types) or isinstance(field, bool):
            return False
        if isinstance(field, int | float) and not _number(field):
            return False
    return item["result"] in RESULTS


def _checked_upload(value: dict[str, Any], number: int) -> dict[str, Any]:
    _version(value, UPLOAD_VERSION, number)
    where = f"line {number}: the upload result"
    if value.get("status") not in UPLOAD_STATUSES:
        raise LogError(f"{where} has no status {', '.join(repr(s) for s in UPLOAD_STATUSES)}")
    if not isinstance(value.get("destination"), str):
        raise LogError(f"{where} has no destination")
    code = value.get("exit_code")
    if code is not None and (not isinstance(code, int) or not _number(code)):
        raise LogError(f"{where}'s exit_code is not an integer")
    return value


def _version(value: Mapping[str, Any], supported: int, number: int) -> None:
    version = value.get("version")
    if version != supported or isinstance(version, bool):
        import json

        raise LogError(
            f"line {number}: {value['kind']} version {json.dumps(version)[:40]} is not {supported}, "
            "the version this reader knows; use a constructs-locust as new as the one that rendered the test"
        )


def _number(value: object) -> bool:
    """A JSON number a report can show: finite, at most 10**18 either way, no bool."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return -_LARGEST <= value <= _LARGEST and (isinstance(value, int) or math.isfinite(value))
