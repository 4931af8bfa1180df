"""The enumerations of the LocustTest spec, and the ``Literal`` of each one's values."""

import enum
from typing import Literal

__all__ = [
    "ImagePullPolicy",
    "ImagePullPolicyValue",
    "MountTarget",
    "MountTargetValue",
    "OtlpProtocol",
    "OtlpProtocolValue",
]


class ImagePullPolicy(enum.StrEnum):
    """When the kubelet pulls the Locust image (``spec.imagePullPolicy``)."""

    ALWAYS = "Always"
    IF_NOT_PRESENT = "IfNotPresent"
    NEVER = "Never"


ImagePullPolicyValue = Literal["Always", "IfNotPresent", "Never"]
"""The values of :class:`ImagePullPolicy`, which ``image_pull_policy`` accepts as plain strings."""


class OtlpProtocol(enum.StrEnum):
    """The OTLP transport (``spec.observability.openTelemetry.protocol``)."""

    GRPC = "grpc"
    HTTP_PROTOBUF = "http/protobuf"


OtlpProtocolValue = Literal["grpc", "http/protobuf"]
"""The values of :class:`OtlpProtocol`, which ``protocol`` accepts as plain strings."""


class MountTarget(enum.StrEnum):
    """Which pods get a user volume mount (``spec.volumeMounts[].target``)."""

    MASTER = "master"
    WORKER = "worker"
    BOTH = "both"


MountTargetValue = Literal["master", "worker", "both"]
"""The values of :class:`MountTarget`, which ``target`` accepts as plain strings."""
