"""The hash-locked requirements agree with their sources, with each other and with pyproject.toml.

The locks are made by ``scripts/lock-requirements.sh``; these checks need no network, so a pin
edited in a ``.in`` file without re-running the script fails here, naming the package.
"""

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def locked(path: Path) -> dict[str, tuple[str, Marker | None, frozenset[str]]]:
    """name -> (version, marker, hashes) of every entry of a lock file."""
    text = re.sub(r"\\\n", " ", path.read_text())
    entries = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement_text, *_ = line.split(" --hash=", 1)
        requirement = Requirement(requirement_text)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {requirement.name} is not pinned exactly"
        hashes = frozenset(_HASH.findall(line))
        entries[canonicalize_name(requirement.name)] = (specifier.version, requirement.marker, hashes)
    return entries


def direct_pins(path: Path) -> dict[str, str]:
    """name -> version of the exact pins in a ``.in`` file, following ``-r`` includes."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(direct_pins(path.parent / line.removeprefix("-r ").strip()))
        elif line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{path.name}: {requirement.name} is not an exact pin"
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


RUNTIME = locked(ROOT / "requirements.txt")
DEV = locked(ROOT / "requirements-dev.txt")


def test_every_locked_package_has_hashes() -> None:
    for name, (_, _, hashes) in {**RUNTIME, **DEV}.items():
        assert hashes, f"{name} has no hash: pip's hash-checking mode would refuse the whole file"


def test_the_locks_hold_every_direct_pin_of_their_sources() -> None:
    for source, lock in (("requirements.in", RUNTIME), ("requirements-dev.in", DEV)):
        for name, version in direct_pins(ROOT / source).items():
            assert name in lock, f"{name} of {source} is missing from its lock: run scripts/lock-requirements.sh"
            assert lock[name][0] == version, f"{name}: {source} pins {version}, its lock has {lock[name][0]}"


def test_the_dev_lock_holds_the_runtime_lock_unchanged() -> None:
    for name, entry in RUNTIME.items():
        assert DEV.get(name) == entry, f"{name} differs between requirements.txt and requirements-dev.txt"


def test_the_dev_pins_are_past_the_published_advisories() -> None:
    pins = direct_pins(ROOT / "requirements-dev.in")
    assert tuple(map(int, pins["wheel"].split("."))) >= (0, 46, 2)
    assert tuple(map(int, pins["setuptools"].split("."))) >= (83, 0, 0)


def test_the_runtime_lock_satisfies_the_packages_declared_dependencies() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in RUNTIME, f"pyproject.toml depends on {name}, which requirements.txt does not lock"
        assert requirement.specifier.contains(RUNTIME[name][0]), f"{name} {RUNTIME[name][0]} breaks {requirement}"
