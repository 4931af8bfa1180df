"""Sphinx configuration of the constructs-locust documentation (Markdown pages, furo theme).

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` from the repository root.
"""

import os
import sys
from pathlib import Path

# Before anything imports cdk8s (autodoc does): jsii's Node 20 banner would print on every build.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE / "_ext")]

import constructs_locust  # noqa: E402
import constructs_locust.testing  # noqa: E402

# The cdk8s constructs (and testing's syrupy extension) are imported on first use (the modules'
# __getattr__), but autodoc lists a module's members from its namespace: load them for this build.
for _module in (constructs_locust, constructs_locust.testing):
    for _name in _module.__all__:
        vars(_module).setdefault(_name, getattr(_module, _name))

project = "constructs-locust"
author = "the constructs-locust authors"
copyright = "the constructs-locust authors"
release = constructs_locust.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "constructs_locust_docs",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Keep what the pages write: "--autostart" stays two hyphens, 'FILE' straight quotes, as typed.
smartquotes = False

html_theme = "furo"
html_title = f"constructs-locust {release}"
templates_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
nitpicky = False
