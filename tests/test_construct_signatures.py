"""Every public construct shows its real keyword arguments, not jsii's ``(*args, **kwargs)``."""

import inspect
import pydoc

import pytest

import constructs_locust

KEYWORDS = {
    "LocustTestFiles": ("src", "lib", "exclude", "name", "namespace", "immutable"),
    "OtelCollector": ("name", "namespace", "exporters", "config", "image", "replicas"),
    "LocustMasterJob": ("manifest",),
    "LocustMasterService": ("manifest",),
    "LocustWorkerJob": ("manifest",),
}


@pytest.mark.parametrize(("name", "keywords"), KEYWORDS.items())
def test_signature_shows_the_real_keyword_arguments(name: str, keywords: tuple[str, ...]) -> None:
    cls = getattr(constructs_locust, name)
    parameters = inspect.signature(cls).parameters
    assert list(parameters)[:2] == ["scope", "id"]
    assert "args" not in parameters and "kwargs" not in parameters
    for keyword in keywords:
        assert parameters[keyword].kind is inspect.Parameter.KEYWORD_ONLY
    assert f"{name}(scope: constructs.Construct, id: str, *, {keywords[0]}" in pydoc.render_doc(cls)
