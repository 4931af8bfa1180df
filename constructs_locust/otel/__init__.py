"""OpenTelemetry beyond the CR's strings: typed options, the collector's exporters and its configuration."""
