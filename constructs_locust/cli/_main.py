"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``render`` prints, for every test in input order, the master Service, the master Job and the
worker Job as multi-document YAML (or writes one file per test with ``-o DIR``); ``validate``
only checks, and reports every input. Both read several YAML documents per file, folders of
YAML files and ``-`` for standard input, accept ``locust.io/v2`` and ``locust.io/v1``
LocustTests, render with the user's operator configuration (``--operator-values``,
``--operator-env``) and namespace (``-n``), and report every problem of every input as
``FILE: NAME: message`` on standard error (or as JSON with ``--output json``): when the operator
configuration has errors, the CRs are still checked (against the default configuration) and
their errors reported with the configuration's. Nothing is written unless every input is valid.

This module never imports cdk8s (whose Node runtime takes about half a second to start):
the manifests come from the pure builders in :mod:`constructs_locust.manifests`, the very
objects that the ``LocustTest`` construct hands to cdk8s.
"""

import argparse
import importlib
import signal
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from .._core.errors import SpecError, go_quote
from ..operator import OperatorDefaults
from ..operator._env import OperatorConfigWarning
from . import _verdict as verdict_command
from ._atomic_output import Interrupted, OutputError, as_typed, write_files
from ._dashboard import run_dashboard
from ._inputs import operator_defaults_from_file
from ._overwrite import overwritten_inputs
from ._parser import build_parser
from ._reading import read_file, read_inputs, yaml_message
from ._reports import json_report, report, report_run, warning_lines
from ._results import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    KEPT_FILE,
    NO_NAME,
    PROG,
    STDIN_LABEL,
    Entry,
    InputOptions,
    OtherDocument,
    Problem,
    RenderedTest,
    _Run,
)
from ._stdio import STDOUT_LABEL, silence_stdout, write_stdout
from ._yaml_output import dump_tests

__all__ = ["main"]

OUT_OF_MEMORY = "out of memory (nothing was written); lower --max-input-size or split the input"
"""What a run that ran out of memory says (nothing was written)."""


def main(argv: Sequence[str] | None = None, *, prog: str = PROG, parser: argparse.ArgumentParser | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    ``prog`` is the program name shown in help and usage texts. ``parser`` is
    :func:`._parser.build_parser`'s for ``prog``, if the caller built it already (not built twice).
    """
    parser = build_parser(prog) if parser is None else parser
    try:
        args, extra = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
        if args.command != "crd" and extra:
            args.command_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "crd":
            return _crd(extra, f"{prog} crd")
        if args.command == "init":
            from ._init import run_init  # here, not at start-up: only init writes a repository

            return run_init(args)
        if args.command == "verdict":
            return verdict_command.run(args.file, args.format)
        if args.command == "dashboard":
            return run_dashboard(args)
        return _run(args, prog)
    except BrokenPipeError:
        silence_stdout()
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except MemoryError:  # wherever it strikes: one line, never a traceback
        report([Problem(prog, NO_NAME, OUT_OF_MEMORY)])
        return EXIT_INVALID


def _crd(argv: list[str], prog: str) -> int:
    """Hand the ``crd`` command and its own arguments to :mod:`._crd` (imported only for it)."""
    crd = importlib.import_module(f"{__package__}._crd")
    status: int = crd.main(argv, prog=prog)
    return status


def _run(args: argparse.Namespace, prog: str = PROG) -> int:
    defaults, config, config_warnings = _operator_defaults(args.operator_values, args.operator_env, args.max_input_size)
    options = InputOptions(args.namespace, args.other_kinds, defaults, args.max_input_size)
    entries: list[Entry] = read_inputs(args.files, options)
    if config:  # read with the operator's defaults instead: the inputs' own problems are reported too
        entries = [entry for entry in entries if isinstance(entry, Problem)]
    run = _Run(entries, config, config_warnings, prog)
    if args.strict:
        run = _strict(run, summary=args.output == "text", render=args.command == "render")
    if args.command == "validate":
        return _validate(run, json_output=args.output == "json")
    return _render(run, args.output_dir, json_output=args.output == "json")


def _strict(run: _Run, *, summary: bool, render: bool) -> _Run:
    """``--strict``: every warning, the operator configuration's included, is a problem of its file or test.

    With ``summary``, one more line says why the run failed (and, for ``render``, that nothing was written).
    """
    warned = bool(run.config_warnings) or any(
        isinstance(entry, RenderedTest) and entry.warnings for entry in run.entries
    )
    entries = _warnings_as_problems(run.entries)
    if warned and summary:
        written = ": nothing written" if render else ""
        entries.append(Problem(run.prog, NO_NAME, f"warnings are errors with --strict{written}"))
    config = sorted([*run.config, *run.config_warnings], key=_config_line)  # an env file's in line order
    return run._replace(entries=entries, config=config, config_warnings=[])


def _config_line(problem: Problem) -> int:
    """The line of an env file that a configuration problem or warning names (``line N: ...``); else 0."""
    number = problem.message.removeprefix("warning: ").removeprefix("line ").partition(":")[0]
    return int(number) if number.isdigit() else 0


def _warnings_as_problems(entries: list[Entry]) -> list[Entry]:
    """``--strict``: a test with warnings is invalid, each warning one of its problems."""
    strict: list[Entry] = []
    for entry in entries:
        if isinstance(entry, RenderedTest) and entry.warnings:
            strict.extend(
                Problem(entry.source, entry.name, f"warning: {message}", entry.namespace) for message in entry.warnings
            )
        else:
            strict.append(entry)
    return strict


def _operator_defaults(
    values_file: str | None, env_file: str | None, max_input_bytes: int
) -> tuple[OperatorDefaults | None, list[Problem], list[Problem]]:
    """The operator configuration of ``--operator-values``/``--operator-env``, or its problems and warnings."""
    path, kind = (values_file, "values") if values_file is not None else (env_file, "env")
    if path is None:
        return None, [], []
    data = read_file(path, max_input_bytes)
    if isinstance(data, Problem):
        return None, [data], []
    defaults: OperatorDefaults | None = None
    problems: list[Problem] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OperatorConfigWarning)
        try:
            defaults = operator_defaults_from_file(kind, data)
        except SpecError as error:
            problems = [Problem(path, NO_NAME, str(single)) for single in error.errors]
        except yaml.YAMLError as error:
            problems = [Problem(path, NO_NAME, yaml_message(error, data))]
    # the warnings come with the errors too: --strict reports every problem in one run
    notes = [Problem(path, NO_NAME, f"warning: {w.message}") for w in caught if w.category is OperatorConfigWarning]
    return defaults, problems, notes


def _render(run: _Run, output_dir: Path | None, *, json_output: bool) -> int:
    tests = [entry for entry in run.entries if isinstance(entry, RenderedTest)]
    kept = [entry for entry in run.entries if isinstance(entry, OtherDocument) and entry.kept]
    late = _output_dir_problems(output_dir, tests) if output_dir is not None and not run.config else []
    if output_dir is not None and not run.config:
        late += _overwrite_problems(output_dir, run.entries)
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)] + late
    if problems:
        report_run(run, problems, late, json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    report_run(run, [], [], json_output=json_output, stream=sys.stderr, only_notes=True)
    try:
        if output_dir is None:
            printed = [
                entry
                for entry in run.entries
                if isinstance(entry, RenderedTest) or (isinstance(entry, OtherDocument) and entry.kept)
            ]
            return _write_stdout(run, dump_tests(printed), json_output=json_output)
        files = {f"{test.name}.yaml": dump_tests([test]) for test in tests}
        if kept:
            files[KEPT_FILE] = dump_tests(kept)
    except (RecursionError, ValueError, yaml.YAMLError) as error:
        failure = Problem(run.prog, NO_NAME, f"cannot render: {type(error).__name__}: {error}")
        report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    except MemoryError:
        failure = Problem(run.prog, NO_NAME, f"cannot render: {OUT_OF_MEMORY}")
        report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    return _write_output_dir(run, output_dir, files, json_output=json_output)


def _write_output_dir(run: _Run, output_dir: Path, files: Mapping[str, str], *, json_output: bool) -> int:
    """Write the files all or nothing (see :mod:`constructs_locust.cli._atomic_output`); report a failure."""
    status = EXIT_INVALID
    try:
        write_files(output_dir, files)
        return EXIT_OK
    except OutputError as error:
        outcome = "" if error.changed else " (nothing was changed)"
        failure = Problem(as_typed(error.path, output_dir), NO_NAME, f"cannot write: {error.reason}{outcome}")
    except Interrupted as error:
        state = "every file was written" if error.completed else f"{output_dir} was left as it was"
        failure = Problem(str(output_dir), NO_NAME, f"{error}: {state}")
        status = 128 + error.signum
    except UnicodeEncodeError as error:
        failure = Problem(str(output_dir), NO_NAME, f"cannot write: {error.reason} in the output")
    report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
    return status


def _write_stdout(run: _Run, text: str, *, json_output: bool) -> int:
    """Write ``text`` to standard output; a closed or full output is one problem."""
    reason = write_stdout(text)
    if reason is None:
        return EXIT_OK
    failure = Problem(STDOUT_LABEL, NO_NAME, f"cannot write: {reason}")
    report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
    return EXIT_INVALID


def _validate(run: _Run, *, json_output: bool) -> int:
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)]
    if json_output:
        json_text = json_report(run, problems, [])
        if write_stdout(json_text) is not None:
            return EXIT_INVALID
        return EXIT_INVALID if problems else EXIT_OK
    report([*run.config_warnings, *warning_lines(run.entries)])
    lines = []
    for entry in run.entries:
        if isinstance(entry, RenderedTest):
            lines.append(f"{Problem(entry.source, entry.name, 'valid')}\n")
        elif isinstance(entry, OtherDocument):
            state = f"{'kept' if entry.kept else 'skipped'} ({entry.kind})"
            lines.append(f"{Problem(entry.source, entry.name, state)}\n")
    unwritable = write_stdout("".join(lines))
    if unwritable is not None:
        problems = [*problems, Problem(STDOUT_LABEL, NO_NAME, f"cannot write: {unwritable}")]
    report(problems)
    return EXIT_INVALID if problems else EXIT_OK


def _output_dir_problems(output_dir: Path, tests: Sequence[RenderedTest]) -> list[Problem]:
    """An output directory that is a file, or two tests that would share one output file."""
    problems: list[Problem] = []
    if output_dir.exists() and not output_dir.is_dir():
        problems.append(
            Problem(str(output_dir), NO_NAME, "cannot write: exists and is not a directory (nothing was changed)")
        )
    owners: dict[str, RenderedTest] = {}
    for test in tests:
        first = owners.setdefault(test.name, test)
        if first is not test:
            file = output_dir / f"{test.name}.yaml"
            problems.append(
                Problem(
                    test.source,
                    test.name,
                    f"{file} would hold two tests: this one and the one in namespace "
                    f"{go_quote(first.namespace or '')} from {first.source}; render them to different directories",
                )
            )
    return problems


def _overwrite_problems(output_dir: Path, entries: Sequence[Entry]) -> list[Problem]:
    """``render DIR -o DIR``: each input file that an output file would replace, named (nothing is written)."""
    outputs = {f"{entry.name}.yaml" for entry in entries if isinstance(entry, RenderedTest)}
    if any(isinstance(entry, OtherDocument) and entry.kept for entry in entries):
        outputs.add(KEPT_FILE)
    sources = [entry.source for entry in entries if entry.source != STDIN_LABEL]
    return [
        Problem(
            source,
            NO_NAME if output == KEPT_FILE else output.removesuffix(".yaml"),
            f"output would overwrite an input: -o {output_dir} writes {output_dir / output}; "
            "render into another directory",
        )
        for source, output in overwritten_inputs(output_dir, outputs, sources)
    ]
