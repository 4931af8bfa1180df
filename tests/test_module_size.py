"""No hand-written module over 500 lines (docs/about.md "Layout"), but for those still waiting to be split."""

from tests.test_architecture import GENERATED, MAX_LINES, PACKAGE

WAITING = {"_core/model.py", "spec/_classes.py"}
"""Over the bar when this test was written and being worked on elsewhere (issue #19); a module
split below the bar leaves this set, and none joins it."""


def test_no_other_hand_written_module_is_over_the_bar() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in GENERATED
    }
    over = {module: lines for module, lines in sizes.items() if lines > MAX_LINES and module not in WAITING}
    assert over == {}
    assert set(WAITING) <= set(sizes)
