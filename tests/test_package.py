"""The library installs as a wheel and works in another project's chart."""

import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OTHER_PROJECT = textwrap.dedent(
    """
    import importlib.metadata
    import pathlib
    import sys

    import cdk8s
    from constructs import Construct

    import constructs_locust
    from constructs_locust import LocustTest, LocustTestSpec

    class Storefront(Construct):
        '''Another team's construct: its own ConfigMap plus a load test against it.'''

        def __init__(self, scope: Construct, id: str) -> None:
            super().__init__(scope, id)
            cdk8s.ApiObject(self, "files", api_version="v1", kind="ConfigMap", metadata={"name": "shop-tests"})
            spec = LocustTestSpec.from_cr({
                "image": "locustio/locust:2.43.4",
                "master": {"command": "--locustfile /lotest/src/shop.py"},
                "worker": {"command": "--locustfile /lotest/src/shop.py", "replicas": 3},
                "testFiles": {"configMapRef": "shop-tests"},
            })
            LocustTest(self, "shop", spec=spec)

    app = cdk8s.App(outdir=sys.argv[1])
    Storefront(cdk8s.Chart(app, "storefront", namespace="shop"), "front")
    app.synth()
    package = pathlib.Path(constructs_locust.__file__).parent
    print(package)
    print((package / "py.typed").exists())
    print(constructs_locust.__version__ == importlib.metadata.version("constructs-locust"))
    """
)


def test_wheel_installs_into_a_fresh_venv_and_synthesizes_a_chart_of_its_own(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        timeout=300,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("constructs_locust-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300
    )
    # The dependencies (cdk8s, attrs, ...) come from the test environment: no network in tests.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    project = tmp_path / "other-project"
    project.mkdir()
    (project / "app.py").write_text(OTHER_PROJECT)
    result = subprocess.run(
        [str(python), "app.py", str(project / "dist")],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    package_dir, has_py_typed, version_matches = result.stdout.split()
    assert Path(package_dir).is_relative_to(env_dir), "constructs_locust was not imported from the installed wheel"
    assert has_py_typed == "True"
    assert version_matches == "True", "constructs_locust.__version__ differs from the installed package's version"
    synthesized = (project / "dist" / "storefront.k8s.yaml").read_text()
    assert "kind: ConfigMap" in synthesized
    assert "name: front-shop-master" not in synthesized  # the test's name is its id, not its construct path
    assert "name: shop-worker" in synthesized
    assert "namespace: shop" in synthesized
