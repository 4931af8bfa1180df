"""OpenTelemetry beyond the CR's strings: typed options, the collector's exporters and its configuration."""

from ._options import OtelOptions, OtlpEndpoint, SecretKeyRef, escape_resource_attributes

__all__ = [
    "OtelOptions",
    "OtlpEndpoint",
    "SecretKeyRef",
    "escape_resource_attributes",
]
