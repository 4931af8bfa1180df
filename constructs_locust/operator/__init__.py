"""The operator's own configuration: ``OperatorDefaults`` and the readers of its Helm values and environment.

``_defaults`` holds the parts (resources, Kafka) and their checks, ``_env`` reads the operator's
environment as its ``LoadConfig`` does, ``_helm_values`` turns the chart's values into that
environment, and ``_operator_defaults`` puts them together; each imports only those before it.
"""

from ._defaults import KafkaDefaults, ResourceDefaults
from ._env import OperatorConfigWarning
from ._operator_defaults import OperatorDefaults, defaults_from_env, defaults_from_helm_values

__all__ = [
    "KafkaDefaults",
    "OperatorConfigWarning",
    "OperatorDefaults",
    "ResourceDefaults",
    "defaults_from_env",
    "defaults_from_helm_values",
]
