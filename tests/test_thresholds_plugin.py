"""The thresholds plugin against real Locust statistics, in a process of its own.

Importing Locust monkey-patches the process with gevent, which deadlocks where jsii's threads
already run (this suite's conftest starts them): the checks in
``tests/locust_process/plugin_checks.py`` run under their own pytest, without the conftest.
"""

import subprocess
import sys

from tests.support import ROOT

CHECKS = ROOT / "tests" / "locust_process" / "plugin_checks.py"


def test_the_plugin_checks_pass_in_a_locust_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--noconftest", str(CHECKS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert " passed" in completed.stdout and "skipped" not in completed.stdout, completed.stdout
