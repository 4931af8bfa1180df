"""Shared fixtures: specs built the way a user builds them, and in-process synthesis."""

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
