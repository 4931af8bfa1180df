"""The verdict command shows a value as the thresholds plugin printed it in the run's log.

The plugin ships as a standalone file in a ConfigMap, so it cannot share the command line's
formatting; this keeps the two copies (``cli/_verdict.py`` ``_value`` and
``manifests/_thresholds_plugin.py`` ``_shown``) from drifting apart.
"""

from hypothesis import given
from hypothesis import strategies as st

from constructs_locust.cli._verdict import _value
from constructs_locust.manifests._thresholds_plugin import METRICS, _shown

_UNITS = sorted({unit for _, unit in METRICS.values()})

_VALUES = st.none() | st.integers(min_value=0, max_value=10**12) | st.floats(min_value=0, max_value=1e12)


def test_every_unit_of_the_plugin_is_covered() -> None:
    assert {"ratio", "requests"} < set(_UNITS)


@given(value=_VALUES, unit=st.sampled_from(_UNITS))
def test_the_command_shows_a_value_as_the_plugin_does(value: float | None, unit: str) -> None:
    assert _value(value, unit) == _shown(value, unit)
