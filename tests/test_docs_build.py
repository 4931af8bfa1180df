"""The documentation site builds with warnings as errors, and its reference pages come from the code.

CI runs the same build: ``python -m sphinx -W --keep-going -b html docs <folder>``.
"""

import html
import re
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import constructs_locust
import constructs_locust.testing
from constructs_locust.cli import build_parser
from tests.support import ROOT

BUILD_SECONDS_BUDGET = 120  # about 20 s alone; generous for a loaded machine


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "docs", str(output)]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert elapsed < BUILD_SECONDS_BUDGET
    return output


def test_every_page_is_built(site: Path) -> None:
    sources = {path.relative_to(ROOT / "docs").with_suffix(".html") for path in (ROOT / "docs").rglob("*.md")}
    assert sources and all((site / page).exists() for page in sources)


def spec_classes() -> list[type]:
    """Every attrs class reachable from LocustTestSpec's fields."""
    found: list[type] = []
    queue: list[type] = [constructs_locust.LocustTestSpec]
    while queue:
        cls = queue.pop()
        if cls in found:
            continue
        found.append(cls)
        for name in dir(constructs_locust):
            candidate = getattr(constructs_locust, name)
            if (
                isinstance(candidate, type)
                and attrs.has(candidate)
                and any(candidate.__name__ in str(field.type) for field in attrs.fields(cls))
            ):
                queue.append(candidate)
    return found


def test_the_cr_field_reference_lists_every_attrs_field(site: Path) -> None:
    page = (site / "reference" / "cr-fields.html").read_text()
    classes = spec_classes()
    assert len(classes) >= 10
    for cls in classes:
        for field in attrs.fields(cls):
            assert f"{cls.__name__}.{field.name}" in page
    assert "observability.openTelemetry.extraEnvVars" in page
    assert "IfNotPresent" in page and "≤ 500" in page  # defaults and CRD rules


def test_the_cli_reference_shows_every_command_and_option(site: Path) -> None:
    page = (site / "reference" / "cli.html").read_text()
    parser = build_parser("constructs-locust")
    for name, command in parser._subparsers._group_actions[0].choices.items():  # type: ignore[union-attr]
        assert f"usage: constructs-locust {name}" in page
        for action in command._actions:
            for flag in action.option_strings:
                assert flag in page


def test_the_api_reference_documents_every_public_name(site: Path) -> None:
    page = (site / "reference" / "api.html").read_text()
    for name in constructs_locust.__all__:
        if name != "__version__":
            assert f'id="constructs_locust.{name}"' in page, name
    assert 'id="constructs_locust.gitops.argo_cd_waves"' in page
    assert 'id="constructs_locust.testing.synth_manifests"' in page


def test_the_operator_behaviour_page_has_an_anchor_per_section(site: Path) -> None:
    page = (site / "explanation" / "operator-behaviour.html").read_text()
    for label in ("op-1", "op-5-1", "op-5-2", "op-13"):
        assert f'id="{label}"' in page


def page_text(path: Path) -> str:
    """A built page's text as a reader sees it: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def test_cr_field_descriptions_keep_angle_brackets_and_double_hyphens(site: Path) -> None:
    text = page_text(site / "reference" / "cr-fields.html")
    assert "--autoquit <timeout>" in text and "secret-<name>" in text
    assert "--autostart" in text and "\N{EN DASH}autostart" not in text


def test_the_api_reference_documents_the_lazy_testing_names(site: Path) -> None:
    page = (site / "reference" / "api.html").read_text()
    for name in constructs_locust.testing.__all__:
        assert f'id="constructs_locust.testing.{name}"' in page, name


def test_attribute_docstrings_are_not_read_as_type_and_description(site: Path) -> None:
    # Napoleon reads an attribute docstring "X: y" as type X, description y, and prints "y. Type: X".
    page = (site / "reference" / "api.html").read_text()
    assert re.search(r'<dt class="field-(odd|even)">Type<', page) is None
    text = page_text(site / "reference" / "api.html")
    assert "Argo CD wave of the test-file ConfigMaps, before the Service and Jobs (wave 0)." in text
