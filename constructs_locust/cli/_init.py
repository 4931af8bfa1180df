"""``constructs-locust init DIR``: write a ready load-test repository into an empty directory.

The files come from :mod:`._init_code` and :mod:`._init_project`. ``init`` never replaces a
file: DIR must be empty (a ``.git`` folder aside) unless ``--force`` is given, and with
``--force`` it writes only the files that are missing; a file that exists with other content
is a conflict, every conflict is reported and nothing is written. Files are created
exclusively (``open(..., "x")``), so one that appears meanwhile is never overwritten either,
and a failure or an interrupt removes every file and folder the run had created.
"""

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from .._core.errors import SpecError
from .._core.field_errors import forbidden, too_long
from .._core.names import check_namespace, check_test_name
from ._init_code import LIB_MODULE, lib_module, locustfile, main_py, test_main_py
from ._init_command import INIT_EPILOG, MAX_GITOPS_NAME, REPO_URL_PLACEHOLDER, add_init_command
from ._init_options import InitOptions, default_name
from ._init_pin import installed_pin
from ._init_project import (
    cdk8s_yaml,
    gitignore,
    gitops_file,
    pyproject_toml,
    readme,
    requirements_txt,
    workflow,
)
from ._reports import report
from ._results import EXIT_INVALID, EXIT_OK, EXIT_USAGE, NO_NAME, Problem
from ._stdio import write_stdout

__all__ = ["INIT_EPILOG", "REPO_URL_PLACEHOLDER", "add_init_command", "plan_files", "run_init"]


def run_init(args: argparse.Namespace) -> int:
    """Run ``init`` with the parsed arguments; return the exit status."""
    directory = Path(args.directory)
    try:
        options = _options(args, directory)
    except SpecError as error:
        try:
            args.command_parser.error(str(error))  # usage and the error on standard error, as argparse's own
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    files = plan_files(options)
    problems = _problems(directory, files, force=args.force)
    if problems:
        report(problems)
        return EXIT_INVALID
    try:
        written = _write(directory, files)
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) else args.directory
        reason = error.strerror or type(error).__name__
        report([Problem(where, NO_NAME, f"cannot write: {reason} (nothing was written)")])
        return EXIT_INVALID
    kept = len(files) - len(written)
    note = f", {kept} already there" if kept else ""
    write_stdout(f"{args.directory}: wrote {len(written)} files{note}; next: {_next_steps(args.directory)}\n")
    return EXIT_OK


def _next_steps(directory: str) -> str:
    return (
        f"cd {directory} && python -m pip install -r requirements.txt && python main.py && "
        "python -m pytest --snapshot-update (see README.md)"
    )


def _options(args: argparse.Namespace, directory: Path) -> InitOptions:
    name = args.name if args.name is not None else default_name(directory.resolve().name)
    errors: list[SpecError] = []
    for path, check, value in (("--name", check_test_name, name), ("--namespace", check_namespace, args.namespace)):
        try:
            check(value)
        except SpecError as error:
            errors.append(error.at(path))
    if args.gitops and len(name) > MAX_GITOPS_NAME and not errors:
        detail = f"may have at most {MAX_GITOPS_NAME} characters with --gitops (rerun_on_change)"
        errors.append(too_long("--name", detail))
    if args.repo_url != REPO_URL_PLACEHOLDER and args.gitops is None:
        errors.append(forbidden("--repo-url", "only the --gitops manifests read it: add --gitops argocd or flux"))
    if errors:
        raise SpecError.of(errors)
    return InitOptions(
        name=name,
        namespace=args.namespace,
        cloud=args.cloud,
        gitops=args.gitops,
        otel=args.otel,
        repo_url=args.repo_url,
        pin=installed_pin(),
        tools=tuple(_tool_pin(tool) for tool in ("pytest", "kubernetes-validate")),
        python=f"{sys.version_info.major}.{sys.version_info.minor}",
    )


def _tool_pin(name: str) -> str:
    """``NAME==VERSION`` as installed here; unpinned if it is not installed."""
    import importlib.metadata  # here, not at start-up: --help never needs it

    try:
        return f"{name}=={importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return name


def plan_files(options: InitOptions) -> dict[str, str]:
    """Every file of the new repository: its path (``/``-separated, relative) to its text."""
    files = {
        ".gitignore": gitignore(options),
        "README.md": readme(options),
        "cdk8s.yaml": cdk8s_yaml(options),
        "main.py": main_py(options),
        "pyproject.toml": pyproject_toml(options),
        "requirements.txt": requirements_txt(options),
        "locust/locustfile.py": locustfile(options),
        f"locust/lib/{LIB_MODULE}.py": lib_module(options),
        "tests/test_main.py": test_main_py(options),
        ".github/workflows/load-tests.yml": workflow(options),
    }
    extra = gitops_file(options)
    if extra is not None:
        files[extra[0]] = extra[1]
    return files


def _problems(directory: Path, files: Mapping[str, str], *, force: bool) -> list[Problem]:
    """Why nothing can be written: DIR is not a directory, is not empty, or a file conflicts."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        return [Problem(str(directory), NO_NAME, "exists and is not a directory (nothing was written)")]
    if not directory.exists():
        return []
    try:
        entries = sorted(entry for entry in os.listdir(directory) if entry != ".git")
    except OSError as error:
        return [Problem(str(directory), NO_NAME, f"cannot read: {error.strerror} (nothing was written)")]
    if entries and not force:
        return [
            Problem(
                str(directory),
                NO_NAME,
                f"not empty ({len(entries)} entries, e.g. {entries[0]!r}): init writes into an empty directory; "
                "--force writes only the missing files (nothing was written)",
            )
        ]
    return list(_conflicts(directory, files))


def _conflicts(directory: Path, files: Mapping[str, str]) -> Iterator[Problem]:
    for relative, text in files.items():
        target = directory / relative
        for parent in reversed(target.relative_to(directory).parents[:-1]):
            folder = directory / parent
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                reason = f"is in the way of {relative}: not a directory (nothing was written)"
                yield Problem(str(folder), NO_NAME, reason)
                break
        else:
            if target.is_symlink() or (target.exists() and not target.is_file()):
                yield Problem(str(target), NO_NAME, "exists and is not a regular file (nothing was written)")
            elif target.exists() and target.read_bytes() != text.encode("utf-8"):
                yield Problem(
                    str(target), NO_NAME, "exists with other content: init never replaces a file (nothing was written)"
                )


def _write(directory: Path, files: Mapping[str, str]) -> list[str]:
    """Create the missing files (and folders) exclusively; on any failure remove what this run created."""
    created_dirs: list[Path] = []
    created_files: list[Path] = []
    try:
        for relative, text in files.items():
            target = directory / relative
            if target.exists():  # identical (checked): left as it is
                continue
            _make_dirs(target.parent, created_dirs)
            with open(target, "x", encoding="utf-8", newline="\n") as stream:
                created_files.append(target)
                stream.write(text)
            if relative == "main.py":
                target.chmod(0o755)
    except BaseException:
        for path in reversed(created_files):
            path.unlink(missing_ok=True)
        for folder in reversed(created_dirs):
            with contextlib.suppress(OSError):  # not empty: something else was put there meanwhile
                folder.rmdir()
        raise
    return [str(path) for path in created_files]


def _make_dirs(folder: Path, created: list[Path]) -> None:
    """Make ``folder`` and its missing parents, recording each one made (outermost first)."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)
