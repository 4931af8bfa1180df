"""The deprecation message of an old module path agrees in number with the modules it names."""

import importlib
import sys

import pytest


@pytest.mark.parametrize(
    ("old", "now"),
    [
        ("runs", "this module is now constructs_locust.manifests._runs, which is internal)"),
        ("crd", "this module is now constructs_locust.spec._crd and constructs_locust.cli._crd, which are internal)"),
    ],
)
def test_the_message_says_is_for_one_module_and_are_for_two(
    old: str, now: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"constructs_locust.{old}"
    monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.warns(DeprecationWarning) as caught:
        importlib.import_module(name)
    assert str(caught[0].message).endswith(now)
