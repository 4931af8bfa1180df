"""Every port, path, name and flag the operator uses, in one place."""

MASTER = "master"
WORKER = "worker"
ROLES = (MASTER, WORKER)

MASTER_PORT = 5557
MASTER_BIND_PORT = 5558
WEB_UI_PORT = 8089
WORKER_PORT = 8080
MASTER_CONTAINER_PORTS = (MASTER_PORT, MASTER_BIND_PORT, WEB_UI_PORT)
WORKER_CONTAINER_PORTS = (WORKER_PORT,)
SERVICE_PORTS = (MASTER_PORT, MASTER_BIND_PORT)
METRICS_PORT_NAME = "prometheus-metrics"
WEB_UI_PORT_NAME = "web-ui"
"""The master Service's web UI port (``ServiceOptions(web_ui=True)``; the operator has none)."""

MAX_WORKER_REPLICAS = 500
MASTER_REPLICAS = 1
BACKOFF_LIMIT = 0
RESTART_POLICY = "Never"
DEFAULT_AUTOQUIT_TIMEOUT = 60

DEFAULT_SRC_MOUNT_PATH = "/lotest/src"
DEFAULT_LIB_MOUNT_PATH = "/opt/locust/lib"
LIB_VOLUME_NAME = "locust-lib"
SECRET_VOLUME_PREFIX = "secret-"

METRICS_EXPORTER_NAME = "locust-metrics-exporter"
METRICS_PATH = "/metrics"

LABEL_APP = "app"
LABEL_POD_NAME = "performance-test-pod-name"
LABEL_MANAGED_BY = "managed-by"
LABEL_TEST_NAME = "performance-test-name"
LABEL_RUN = "performance-test-run"
"""The run-hash label of ``rerun_on_change`` (on the Jobs and the Service; on the pods when asked for)."""
PROTECTED_LABELS = (LABEL_POD_NAME, LABEL_MANAGED_BY)

MAX_JOB_NAME_LENGTH = 63
MAX_CR_NAME_LENGTH = MAX_JOB_NAME_LENGTH - len("-master")  # 56

OTEL_FLAG = "--otel"
OTEL_TRACES_EXPORTER = "OTEL_TRACES_EXPORTER"
OTEL_METRICS_EXPORTER = "OTEL_METRICS_EXPORTER"
OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
OTEL_EXPORTER_OTLP_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL"
OTEL_EXPORTER_OTLP_INSECURE = "OTEL_EXPORTER_OTLP_INSECURE"
OTLP_EXPORTER = "otlp"
DEFAULT_OTLP_PROTOCOL = "grpc"

API_GROUP = "locust.io"
API_VERSION = "locust.io/v2"
V1_API_VERSION = "locust.io/v1"
"""The deprecated v1 ``apiVersion`` (read by ``spec._document``, which imports ``spec._v1`` only for it)."""
KIND = "LocustTest"

KAFKA_VARIABLES = (
    "KAFKA_BOOTSTRAP_SERVERS",
    "KAFKA_SECURITY_ENABLED",
    "KAFKA_SECURITY_PROTOCOL_CONFIG",
    "KAFKA_SASL_MECHANISM",
    "KAFKA_SASL_JAAS_CONFIG",
    "KAFKA_USERNAME",
    "KAFKA_PASSWORD",
)
"""The Kafka variables the operator reads and puts into every Locust container, in its order."""
