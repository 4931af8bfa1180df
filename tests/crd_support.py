"""Re-exports ``tests/support.py`` for tests that import the CRD helpers from here."""

from tests.support import CR_FIXTURES, CRD_FILE, ROOT, binding, cr_validator, sample_crs, schema_errors, strict

__all__ = ["CRD_FILE", "CR_FIXTURES", "ROOT", "binding", "cr_validator", "sample_crs", "schema_errors", "strict"]
