"""Reports: problem and warning lines on standard error, and the JSON report."""

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ._results import NO_NAME, Entry, OtherDocument, Problem, RenderedTest, _Run

__all__ = ["json_report", "json_results", "metadata_of", "report", "report_run", "warning_lines"]


def warning_lines(entries: Sequence[Entry]) -> list[Problem]:
    """Each valid test's warnings, as ``FILE: NAME: warning: ...`` lines."""
    return [
        Problem(entry.source, entry.name, f"warning: {message}", entry.namespace)
        for entry in entries
        if isinstance(entry, RenderedTest)
        for message in entry.warnings
    ]


def report_run(
    run: _Run,
    problems: Sequence[Problem],
    late: Sequence[Problem],
    *,
    json_output: bool,
    stream: Any,
    only_notes: bool = False,
) -> None:
    """Write the run's problems (and the configuration's warnings) as text lines or as one JSON report.

    ``late`` are the problems found after reading (with the output): in JSON, each marks the
    result of its test invalid, or is a result of its own.
    """
    if not json_output:
        report([*run.config_warnings, *warning_lines(run.entries), *problems])
        return
    if only_notes and not run.config_warnings and not warning_lines(run.entries):
        return
    _write_text(stream, json_report(run, problems, late))


def json_report(run: _Run, problems: Sequence[Problem], late: Sequence[Problem]) -> str:
    """The ``--output json`` report of a run (see ``JSON_EPILOG``)."""
    report = {"valid": not problems, "results": json_results(run.config, run.config_warnings, run.entries, late)}
    return json.dumps(report, indent=2, ensure_ascii=True) + "\n"


def json_results(
    config: Sequence[Problem],
    config_warnings: Sequence[Problem],
    entries: Sequence[Entry],
    late: Sequence[Problem] = (),
) -> list[dict[str, Any]]:
    """One JSON-ready result per test, other document, unreadable input and configuration file with news.

    ``late`` problems (about the output) go to the result of their test, else to one of their own.
    """
    results: list[dict[str, Any]] = []
    for problem in config:
        if results and results[-1]["file"] == problem.source and results[-1]["test"] is None:
            results[-1]["errors"].append(problem.message)  # more errors of the same file
        else:
            results.append(_result(problem.source, None, None, "invalid", [problem.message], []))
    for note in config_warnings:
        text = note.message.removeprefix("warning: ")
        if results and results[-1]["file"] == note.source and results[-1]["test"] is None:
            results[-1]["warnings"].append(text)
        else:
            results.append(_result(note.source, None, None, "valid", [], [text]))
    for entry in entries:
        if isinstance(entry, RenderedTest):
            results.append(_result(entry.source, entry.name, entry.namespace, "valid", [], list(entry.warnings)))
        elif isinstance(entry, OtherDocument):
            namespace = metadata_of(entry.document).get("namespace")
            status = "kept" if entry.kept else "skipped"
            test = None if entry.name == NO_NAME else entry.name
            results.append(_result(entry.source, test, namespace, status, [], []))
        else:
            test = None if entry.name == NO_NAME else entry.name
            last = results[-1] if results else None
            if last and last["status"] == "invalid" and (last["file"], last["test"]) == (entry.source, test):
                last["errors"].extend(entry.message.splitlines())  # more errors of the same test
            else:
                results.append(_result(entry.source, test, entry.namespace, "invalid", entry.message.splitlines(), []))
    for problem in late:
        test = None if problem.name == NO_NAME else problem.name
        owners = [result for result in results if (result["file"], result["test"]) == (problem.source, test)]
        if owners:
            owners[-1]["status"] = "invalid"
            owners[-1]["errors"].append(problem.message)
        else:
            results.append(_result(problem.source, test, None, "invalid", [problem.message], []))
    return results


def _result(
    file: str, test: str | None, namespace: str | None, status: str, errors: list[str], found: list[str]
) -> dict[str, Any]:
    return {"file": file, "test": test, "namespace": namespace, "status": status, "errors": errors, "warnings": found}


def metadata_of(document: Any) -> Mapping[str, Any]:
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    return metadata if isinstance(metadata, Mapping) else {}


def report(problems: Sequence[Problem]) -> None:
    _write_text(sys.stderr, "".join(f"{problem}\n" for problem in problems))


def _write_text(stream: Any, text: str) -> None:
    """Write ``text`` to ``stream`` (standard error): a closed or broken one is not an error of its own."""
    try:
        if stream is not None and text:
            stream.write(text)
            stream.flush()
    except (OSError, ValueError):
        pass  # nowhere left to tell: the exit status still says it
