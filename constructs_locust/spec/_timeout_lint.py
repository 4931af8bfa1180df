"""The warning about an OTLP exporter timeout written in milliseconds where seconds are read.

The OpenTelemetry specification gives ``OTEL_EXPORTER_OTLP_TIMEOUT`` (and its traces, metrics
and logs variants) in milliseconds, but the Python SDK in the Locust images reads seconds
(the OpenTelemetry how-to guide, "extraEnvVars that matter"): ``"2000"`` there waits 2000 s
for an unreachable collector, not 2 s. A value of :data:`SUSPICIOUS_SECONDS` or more is taken
for milliseconds meant, and warned about.
"""

import re
from collections.abc import Iterable, Iterator
from typing import Any

from .._core.errors import go_quote

__all__ = ["SUSPICIOUS_SECONDS", "otlp_timeout_warnings"]

SUSPICIOUS_SECONDS = 1000
"""An export timeout of this many seconds (16 minutes) or more is most likely meant in milliseconds."""

_TIMEOUT_VARIABLE = re.compile("OTEL_EXPORTER_OTLP_(?:(?:TRACES|METRICS|LOGS)_)?TIMEOUT")


def otlp_timeout_warnings(variables: Iterable[tuple[str, str, Any]]) -> Iterator[str]:
    """A warning for each ``(CR path, name, literal value)`` that sets an OTLP timeout in milliseconds."""
    for path, name, value in variables:
        if not _TIMEOUT_VARIABLE.fullmatch(name) or not isinstance(value, str):
            continue
        try:
            seconds = float(value)
        except ValueError:
            continue
        if seconds >= SUSPICIOUS_SECONDS:
            yield (
                f"{path}: {name} is {go_quote(value)}, which the Python SDK of the Locust image reads as seconds "
                f'({value} s), not milliseconds; write seconds (e.g. "2"), or use OtelOptions(exporter_timeout=...)'
            )
