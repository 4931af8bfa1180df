"""The operator's own configuration: ``OperatorDefaults`` and the readers of its Helm values and environment."""
