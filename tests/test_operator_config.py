"""OperatorDefaults from the operator's real configuration: its environment and its Helm values.

Expectations come from ``docs/explanation/operator-behaviour.md`` §2 (each variable, its Go default and the
startup checks) and from the chart's _helpers.tpl (which values key becomes which variable:
the current key first, then the deprecated config.* one, then a fixed default; extraEnv last).
"""

import warnings
from typing import Any

import attrs
import pytest

from constructs_locust import KafkaDefaults, OperatorDefaults, ResourceDefaults, SpecError
from constructs_locust.operator._env import OPERATOR_VARIABLES, OperatorConfigWarning, parse_env_lines
from constructs_locust.operator._helm_values import chart_environment


def from_env(env: dict[str, Any]) -> OperatorDefaults:
    with warnings.catch_warnings():
        warnings.simplefilter("error", OperatorConfigWarning)
        return OperatorDefaults.from_env(env)


def from_values(values: dict[str, Any]) -> OperatorDefaults:
    with warnings.catch_warnings():
        warnings.simplefilter("error", OperatorConfigWarning)
        return OperatorDefaults.from_helm_values(values)


# ---------------------------------------------------------------------------------------------
# OperatorDefaults checks every field's type
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"inject_affinity": 1}, "defaults.inject_affinity: Invalid value: 1: must be of type boolean"),
        ({"inject_tolerations": "true"}, 'defaults.inject_tolerations: Invalid value: "true": must be of type boolean'),
        (
            {"metrics_exporter_image": None},
            "defaults.metrics_exporter_image: Invalid value: null: must be of type string",
        ),
        (
            {"metrics_exporter_port": "9646"},
            'defaults.metrics_exporter_port: Invalid value: "9646": must be of type integer',
        ),
        (
            {"metrics_exporter_port": True},
            "defaults.metrics_exporter_port: Invalid value: true: must be of type integer",
        ),
        ({"metrics_exporter_port": 0}, "defaults.metrics_exporter_port: must be a port number (1-65535), got 0"),
        (
            {"metrics_exporter_image_pull_policy": "always"},
            'defaults.metrics_exporter_image_pull_policy: Unsupported value: "always": '
            'supported values: "Always", "IfNotPresent", "Never"',
        ),
        ({"pod_resources": {}}, "defaults.pod_resources: Invalid value: {}: must be of type ResourceDefaults"),
        ({"kafka": None}, "defaults.kafka: Invalid value: null: must be of type KafkaDefaults"),
        (
            {"default_runtime_class_name": 1},
            "defaults.default_runtime_class_name: Invalid value: 1: must be of type string",
        ),
        ({"managed_by": b"me"}, "defaults.managed_by: Invalid value: b'me': must be of type string"),
        (
            {"job_ttl_seconds_after_finished": "60"},
            "defaults.job_ttl_seconds_after_finished: must be a non-negative integer or None, got '60'",
        ),
        (
            {"master_resources": ResourceDefaults(cpu_limit="two")},
            'defaults.master_resources.cpu_limit: invalid value for MASTER_POD_CPU_LIMIT: "two" '
            "is not a valid Kubernetes quantity",
        ),
        (
            {"default_runtime_class_name": "gVisor"},
            'defaults.default_runtime_class_name: invalid value for DEFAULT_RUNTIME_CLASS_NAME: "gVisor" '
            "is not a valid DNS-1123 subdomain",
        ),
    ],
)
def test_operator_defaults_refuses_a_wrong_type_or_value(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        OperatorDefaults(**changes)
    assert str(caught.value) == message


def test_nested_defaults_check_their_types_too() -> None:
    with pytest.raises(SpecError, match=r"^defaults.cpu_request: Invalid value: 1: must be of type string$"):
        ResourceDefaults(cpu_request=1)  # type: ignore[arg-type]
    with pytest.raises(SpecError, match=r"^defaults.security_enabled: Invalid value: \"no\": must be of type boolean$"):
        KafkaDefaults(security_enabled="no")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# from_env: as LoadConfig reads the environment
# ---------------------------------------------------------------------------------------------


def test_an_empty_environment_is_the_operators_go_defaults() -> None:
    assert from_env({}) == OperatorDefaults.go_defaults()


def test_empty_values_count_as_unset_like_getenv() -> None:
    assert from_env(dict.fromkeys(OPERATOR_VARIABLES, "")) == OperatorDefaults.go_defaults()


def test_every_variable_lands_in_its_field() -> None:
    env = {
        "JOB_TTL_SECONDS_AFTER_FINISHED": "3600",
        "POD_CPU_REQUEST": "500m",
        "POD_MEM_REQUEST": "256Mi",
        "POD_EPHEMERAL_REQUEST": "50M",
        "POD_CPU_LIMIT": "2",
        "POD_MEM_LIMIT": "2Gi",
        "POD_EPHEMERAL_LIMIT": "100M",
        "MASTER_POD_CPU_REQUEST": "1",
        "WORKER_POD_MEM_LIMIT": "3Gi",
        "METRICS_EXPORTER_IMAGE": "registry.local/exporter:1",
        "METRICS_EXPORTER_PORT": "9100",
        "METRICS_EXPORTER_IMAGE_PULL_POLICY": "Never",
        "METRICS_EXPORTER_CPU_LIMIT": "300m",
        "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
        "KAFKA_SECURITY_ENABLED": "TRUE",
        "KAFKA_SECURITY_PROTOCOL_CONFIG": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "PLAIN",
        "KAFKA_SASL_JAAS_CONFIG": "jaas",
        "KAFKA_USERNAME": "user",
        "KAFKA_PASSWORD": "secret",
        "ENABLE_AFFINITY_CR_INJECTION": "t",
        "ENABLE_TAINT_TOLERATIONS_CR_INJECTION": "1",
        "DEFAULT_RUNTIME_CLASS_NAME": "gvisor",
    }
    go = OperatorDefaults.go_defaults()
    assert from_env(env) == attrs.evolve(
        go,
        job_ttl_seconds_after_finished=3600,
        pod_resources=ResourceDefaults(
            cpu_request="500m",
            memory_request="256Mi",
            ephemeral_request="50M",
            cpu_limit="2",
            memory_limit="2Gi",
            ephemeral_limit="100M",
        ),
        master_resources=ResourceDefaults(cpu_request="1"),
        worker_resources=ResourceDefaults(memory_limit="3Gi"),
        metrics_exporter_image="registry.local/exporter:1",
        metrics_exporter_port=9100,
        metrics_exporter_image_pull_policy="Never",
        metrics_exporter_resources=attrs.evolve(go.metrics_exporter_resources, cpu_limit="300m"),
        kafka=KafkaDefaults(
            bootstrap_servers="kafka:9092",
            security_enabled=True,
            security_protocol="SASL_SSL",
            sasl_mechanism="PLAIN",
            sasl_jaas_config="jaas",
            username="user",
            password="secret",
        ),
        inject_affinity=True,
        inject_tolerations=True,
        default_runtime_class_name="gvisor",
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"POD_CPU_REQUEST": "one"},
            'POD_CPU_REQUEST: invalid value for POD_CPU_REQUEST: "one" is not a valid Kubernetes quantity',
        ),
        (
            {"WORKER_POD_EPHEMERAL_LIMIT": "1 Gi"},
            'WORKER_POD_EPHEMERAL_LIMIT: invalid value for WORKER_POD_EPHEMERAL_LIMIT: "1 Gi" '
            "is not a valid Kubernetes quantity",
        ),
        (
            {"METRICS_EXPORTER_MEM_REQUEST": "64MB"},
            'METRICS_EXPORTER_MEM_REQUEST: invalid value for METRICS_EXPORTER_MEM_REQUEST: "64MB" '
            "is not a valid Kubernetes quantity",
        ),
        (
            {"DEFAULT_RUNTIME_CLASS_NAME": "Kata_QEMU"},
            'DEFAULT_RUNTIME_CLASS_NAME: invalid value for DEFAULT_RUNTIME_CLASS_NAME: "Kata_QEMU" '
            "is not a valid DNS-1123 subdomain",
        ),
        (
            {"POD_CPU_REQEST": "1"},
            'POD_CPU_REQEST: unknown operator variable "POD_CPU_REQEST": the operator reads no such setting for '
            'the pods it creates (did you mean "POD_CPU_REQUEST"?)',
        ),
        (
            {"PATH": "/usr/bin"},
            'PATH: unknown operator variable "PATH": the operator reads no such setting for the pods it creates',
        ),
        ({"POD_CPU_REQUEST": 1}, "POD_CPU_REQUEST: Invalid value: 1: must be of type string"),
        (
            {"JOB_TTL_SECONDS_AFTER_FINISHED": "-1"},
            "JOB_TTL_SECONDS_AFTER_FINISHED: Invalid value: -1: the Jobs' spec.ttlSecondsAfterFinished must be "
            "greater than or equal to 0",
        ),
        (
            {"METRICS_EXPORTER_PORT": "70000"},
            "METRICS_EXPORTER_PORT: Invalid value: 70000: the metrics exporter's port must be between 1 and 65535, "
            "inclusive",
        ),
        (
            {"METRICS_EXPORTER_IMAGE_PULL_POLICY": "always"},
            'METRICS_EXPORTER_IMAGE_PULL_POLICY: Unsupported value: "always": supported values: "Always", '
            '"IfNotPresent", "Never"',
        ),
    ],
)
def test_from_env_refuses_what_the_operator_or_the_api_server_refuses(env: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        from_env(env)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("env", "message", "field", "value"),
    [
        (
            {"ENABLE_AFFINITY_CR_INJECTION": "yes"},
            'env var ENABLE_AFFINITY_CR_INJECTION has unparseable boolean value "yes", using default false',
            "inject_affinity",
            False,
        ),
        (
            {"METRICS_EXPORTER_PORT": "96x6"},
            'env var METRICS_EXPORTER_PORT has unparseable int32 value "96x6", ignoring it',
            "metrics_exporter_port",
            9646,
        ),
        (
            {"JOB_TTL_SECONDS_AFTER_FINISHED": "3000000000"},
            'env var JOB_TTL_SECONDS_AFTER_FINISHED has unparseable int32 value "3000000000", ignoring it',
            "job_ttl_seconds_after_finished",
            None,
        ),
    ],
)
def test_unparseable_booleans_and_integers_keep_their_default_with_a_warning(
    env: dict[str, str], message: str, field: str, value: Any
) -> None:
    with pytest.warns(OperatorConfigWarning) as caught:
        defaults = OperatorDefaults.from_env(env)
    assert [str(warning.message) for warning in caught] == [message]
    assert getattr(defaults, field) == value


def test_env_lines_are_name_equals_value_with_comments_and_blank_lines() -> None:
    env, where = parse_env_lines("# operator env\n\nPOD_CPU_REQUEST=500m\nKAFKA_SASL_JAAS_CONFIG=a=b 'c'\r\n")
    assert env == {"POD_CPU_REQUEST": "500m", "KAFKA_SASL_JAAS_CONFIG": "a=b 'c'"}
    assert where == {
        "POD_CPU_REQUEST": "line 3: POD_CPU_REQUEST",
        "KAFKA_SASL_JAAS_CONFIG": "line 4: KAFKA_SASL_JAAS_CONFIG",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("POD_CPU_REQUEST 500m\n", 'line 1: expected NAME=VALUE, got "POD_CPU_REQUEST 500m"'),
        ("\n1POD=2\n", 'line 2: expected NAME=VALUE, got "1POD=2"'),
        ("POD_CPU_REQUEST=1\nPOD_CPU_REQUEST=2\n", "line 2: POD_CPU_REQUEST is set twice (line 1 and line 2)"),
    ],
)
def test_bad_env_lines_are_refused_with_their_line(text: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_env_lines(text)
    assert str(caught.value) == message


# ---------------------------------------------------------------------------------------------
# from_helm_values: the chart's values, over its defaults, through its template
# ---------------------------------------------------------------------------------------------


def test_no_values_is_a_default_helm_install() -> None:
    assert from_values({}) == OperatorDefaults()


def test_the_chart_sets_the_variables_of_its_template() -> None:
    env, paths = chart_environment({})
    assert env == {
        "POD_CPU_REQUEST": "250m",
        "POD_MEM_REQUEST": "128Mi",
        "POD_EPHEMERAL_REQUEST": "30M",
        "POD_CPU_LIMIT": "1000m",
        "POD_MEM_LIMIT": "1024Mi",
        "POD_EPHEMERAL_LIMIT": "50M",
        **{
            f"{role}_POD_{what}": ""
            for role in ("MASTER", "WORKER")
            for what in ("CPU_REQUEST", "MEM_REQUEST", "EPHEMERAL_REQUEST", "CPU_LIMIT", "MEM_LIMIT", "EPHEMERAL_LIMIT")
        },
        "ENABLE_AFFINITY_CR_INJECTION": "true",
        "ENABLE_TAINT_TOLERATIONS_CR_INJECTION": "true",
        "DEFAULT_RUNTIME_CLASS_NAME": "",
        "METRICS_EXPORTER_IMAGE": "containersol/locust_exporter:v0.5.0",
        "METRICS_EXPORTER_PORT": "9646",
        "METRICS_EXPORTER_IMAGE_PULL_POLICY": "IfNotPresent",
        "METRICS_EXPORTER_CPU_REQUEST": "100m",
        "METRICS_EXPORTER_MEM_REQUEST": "64Mi",
        "METRICS_EXPORTER_EPHEMERAL_REQUEST": "30M",
        "METRICS_EXPORTER_CPU_LIMIT": "250m",
        "METRICS_EXPORTER_MEM_LIMIT": "128Mi",
        "METRICS_EXPORTER_EPHEMERAL_LIMIT": "50M",
        "JOB_TTL_SECONDS_AFTER_FINISHED": "",
    }
    assert paths["POD_MEM_LIMIT"] == "locustPods.resources.limits.memory"
    assert paths["METRICS_EXPORTER_PORT"] == "locustPods.metricsExporter.port"


def test_a_teams_values_file() -> None:
    values = {
        "replicaCount": 1,  # the operator's own Deployment: nothing to do with the tests' pods
        "locustPods": {
            "resources": {
                "requests": {"cpu": "250m", "memory": "256Mi", "ephemeralStorage": "50M"},
                "limits": {"cpu": "1000m", "memory": "1Gi", "ephemeralStorage": "100M"},
            },
            "workerResources": {"limits": {"memory": "2Gi"}},
            "affinityInjection": False,
            "runtimeClassName": "gvisor",
            "ttlSecondsAfterFinished": 600,
            "metricsExporter": {"pullPolicy": "Always", "port": 9100},
        },
    }
    helm = OperatorDefaults()
    assert from_values(values) == attrs.evolve(
        helm,
        pod_resources=ResourceDefaults(
            cpu_request="250m",
            memory_request="256Mi",
            ephemeral_request="50M",
            cpu_limit="1000m",
            memory_limit="1Gi",
            ephemeral_limit="100M",
        ),
        worker_resources=ResourceDefaults(memory_limit="2Gi"),
        inject_affinity=False,
        default_runtime_class_name="gvisor",
        job_ttl_seconds_after_finished=600,
        metrics_exporter_image_pull_policy="Always",
        metrics_exporter_port=9100,
    )


def test_role_specific_resources_need_their_requests_or_limits_map() -> None:
    values = {"locustPods": {"masterResources": {"requests": {"cpu": "500m", "memory": 0}}}}
    assert from_values(values).master_resources == ResourceDefaults(cpu_request="500m")


def test_a_deprecated_config_key_the_chart_still_maps() -> None:
    values = {"config": {"loadGenerationJobs": {"ttlSecondsAfterFinished": 3600}}}
    assert from_values(values) == OperatorDefaults(job_ttl_seconds_after_finished=3600)


def test_a_deprecated_key_under_a_chart_default_has_no_effect_and_says_so() -> None:
    values = {"config": {"loadGenerationPods": {"resource": {"cpuRequest": "2"}}}}
    with pytest.warns(OperatorConfigWarning) as caught:
        defaults = OperatorDefaults.from_helm_values(values)
    assert defaults == OperatorDefaults()
    assert [str(warning.message) for warning in caught] == [
        "config.loadGenerationPods.resource.cpuRequest has no effect: the chart takes "
        "locustPods.resources.requests.cpu (250m) first"
    ]


def test_null_removes_a_chart_default_so_the_deprecated_key_counts() -> None:
    values = {
        "locustPods": {"resources": {"requests": {"cpu": None}}, "tolerationsInjection": None},
        "config": {
            "loadGenerationPods": {"resource": {"cpuRequest": "2"}, "taintTolerations": {"enableCrInjection": False}}
        },
    }
    defaults = from_values(values)
    assert defaults.pod_resources.cpu_request == "2"
    assert defaults.inject_tolerations is False


def test_numbers_are_written_as_helm_writes_float64() -> None:
    values = {"locustPods": {"resources": {"limits": {"memory": 2147483648, "cpu": 1.5}}}}
    env, _ = chart_environment(values)
    assert (env["POD_MEM_LIMIT"], env["POD_CPU_LIMIT"]) == ("2.147483648e+09", "1.5")
    assert from_values(values).pod_resources.memory_limit == "2.147483648e+09"  # a valid quantity: 2Gi


def test_a_ttl_of_a_million_seconds_is_lost_in_helms_float_formatting() -> None:
    with pytest.warns(OperatorConfigWarning) as caught:
        defaults = OperatorDefaults.from_helm_values({"locustPods": {"ttlSecondsAfterFinished": 1000000}})
    assert defaults.job_ttl_seconds_after_finished is None
    assert [str(warning.message) for warning in caught] == [
        "locustPods.ttlSecondsAfterFinished: env var JOB_TTL_SECONDS_AFTER_FINISHED has unparseable int32 "
        'value "1e+06", ignoring it'
    ]


def test_kafka_variables_only_when_kafka_is_enabled() -> None:
    off = {"kafka": {"bootstrapServers": "kafka:9092"}}
    on = {"kafka": {"enabled": True, "bootstrapServers": "kafka:9092"}}
    assert from_values(off).kafka == KafkaDefaults()
    assert from_values(on).kafka == KafkaDefaults(bootstrap_servers="kafka:9092")


def test_extra_env_comes_last_and_wins() -> None:
    values = {
        "extraEnv": [
            {"name": "LOG_LEVEL", "value": "debug"},
            {"name": "POD_CPU_LIMIT", "value": "4"},
        ]
    }
    assert from_values(values).pod_resources.cpu_limit == "4"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"locustPods": {"resources": {"requests": {"cpu": "half"}}}},
            'locustPods.resources.requests.cpu: invalid value for POD_CPU_REQUEST: "half" is not a valid Kubernetes '
            "quantity",
        ),
        (
            {"locustPods": {"masterResources": {"limits": {"memory": "1 GB"}}}},
            'locustPods.masterResources.limits.memory: invalid value for MASTER_POD_MEM_LIMIT: "1 GB" is not a valid '
            "Kubernetes quantity",
        ),
        (
            {"locustPods": {"resources": None}, "config": {"loadGenerationPods": {"resource": {"memLimit": "lots"}}}},
            'config.loadGenerationPods.resource.memLimit: invalid value for POD_MEM_LIMIT: "lots" is not a valid '
            "Kubernetes quantity",
        ),
        (
            {"locustPods": {"runtimeClassName": "gVisor"}},
            'locustPods.runtimeClassName: invalid value for DEFAULT_RUNTIME_CLASS_NAME: "gVisor" is not a valid '
            "DNS-1123 subdomain",
        ),
        (
            {"locustPods": {"workerResource": {}}},
            'locustPods.workerResource: unknown key "workerResource": the operator\'s chart has no such value '
            '(did you mean "workerResources"?)',
        ),
        (
            {"locustPod": {}},
            'locustPod: unknown key "locustPod": the operator\'s chart has no such value (did you mean "locustPods"?)',
        ),
        (
            {"config": {"loadGenerationPods": {"resources": {}}}},
            'config.loadGenerationPods.resources: unknown key "resources": the operator\'s chart has no such value '
            '(did you mean "resource"?)',
        ),
        (
            {"locustPods": {"affinityInjection": "false"}},
            'locustPods.affinityInjection: Invalid value: "false": must be of type boolean',
        ),
        (
            {"locustPods": {"metricsExporter": {"port": 0}}},
            "locustPods.metricsExporter.port: Invalid value: 0: must be greater than or equal to 1",
        ),
        (
            {"locustPods": {"metricsExporter": {"pullPolicy": "Sometimes"}}},
            'locustPods.metricsExporter.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", '
            '"IfNotPresent", "Never"',
        ),
        (
            {"locustPods": {"ttlSecondsAfterFinished": True}},
            "locustPods.ttlSecondsAfterFinished: Invalid value: true: must be of type string or integer",
        ),
        (
            {"locustPods": {"resources": {"requests": {"cpu": ["1"]}}}},
            "locustPods.resources.requests.cpu: Invalid value: ['1']: must be a string, number or boolean",
        ),
        ({"locustPods": "big"}, 'locustPods: Invalid value: "big": must be of type object'),
        (
            {"extraEnv": [{"name": "POD_CPU_LIMIT", "valueFrom": {"configMapKeyRef": {"name": "a", "key": "b"}}}]},
            "extraEnv[0].valueFrom: POD_CPU_LIMIT comes from the cluster (valueFrom), which a values file does not "
            "hold: read the operator's environment instead (--operator-env FILE, OperatorDefaults.from_env)",
        ),
        (
            {"kafka": {"enabled": True, "security": {"enabled": True}}},
            "kafka.security.enabled: the operator's chart cannot render these values (helm: nil pointer evaluating "
            "interface {}.loadGenerationPods at config): with Kafka security on, its template also reads "
            "config.loadGenerationPods.kafka (acl, sasl), which must then be set",
        ),
        (
            {
                "kafka": {"enabled": True, "security": {"enabled": True}, "credentials": {"secretName": "kafka-user"}},
                "config": {"loadGenerationPods": {"kafka": {"acl": {}, "sasl": {"jaas": {"config": "x"}}}}},
            },
            "kafka.credentials.secretName: the chart gives the operator KAFKA_USERNAME and KAFKA_PASSWORD from a "
            "Secret, whose content a values file does not hold: read the operator's environment instead "
            "(--operator-env FILE, OperatorDefaults.from_env)",
        ),
        ([], "Helm values must be a mapping, got []"),
    ],
)
def test_from_helm_values_refuses_with_the_keys_path(values: Any, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        from_values(values)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (9646, "9646"),
        (100000, "100000"),
        (1000000, "1e+06"),
        (1234567, "1.234567e+06"),
        (0.5, "0.5"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-3, "-3"),
        (0, "0"),
        (True, "true"),
        (None, ""),
    ],
)
def test_values_are_printed_as_go_prints_helms_float64_values(number: Any, text: str) -> None:
    values = {"locustPods": {"masterResources": {"requests": {"cpu": number}}}}
    env, _ = chart_environment(values)
    assert env["MASTER_POD_CPU_REQUEST"] == (text if number else "")  # `| default ""` drops 0, false, null
    assert chart_environment({"extraEnv": [], "config": {"loadGenerationJobs": {"ttlSecondsAfterFinished": number}}})[
        0
    ]["JOB_TTL_SECONDS_AFTER_FINISHED"] == (text if number else "")


def test_from_env_reports_every_problem() -> None:
    with pytest.raises(SpecError) as caught:
        from_env({"POD_CPU_REQEST": "1", "POD_CPU_LIMIT": "lots", "METRICS_EXPORTER_PORT": "0", "PATH": "/bin"})
    assert [(error.path, error.reason.split(":")[0]) for error in caught.value.errors] == [
        ("POD_CPU_REQEST", 'unknown operator variable "POD_CPU_REQEST"'),
        ("PATH", 'unknown operator variable "PATH"'),
        ("METRICS_EXPORTER_PORT", "Invalid value"),
        ("POD_CPU_LIMIT", "invalid value for POD_CPU_LIMIT"),
    ]


def test_from_helm_values_reports_every_problem() -> None:
    with pytest.raises(SpecError) as caught:
        from_values({"locustPod": {}, "locustPods": {"affinityInjection": "no", "workerResource": {}}, "kafka": []})
    assert [error.path for error in caught.value.errors] == [
        "locustPod",
        "locustPods.affinityInjection",
        "locustPods.workerResource",
        "kafka",
    ]


def test_bad_env_lines_are_all_refused() -> None:
    with pytest.raises(SpecError) as caught:
        parse_env_lines("A\nPOD_CPU_LIMIT=1\n2B=3\nPOD_CPU_LIMIT=2\n")
    assert [str(error) for error in caught.value.errors] == [
        'line 1: expected NAME=VALUE, got "A"',
        'line 3: expected NAME=VALUE, got "2B=3"',
        "line 4: POD_CPU_LIMIT is set twice (line 2 and line 4)",
    ]
    errors: list[SpecError] = []
    assert parse_env_lines("A\nPOD_CPU_LIMIT=1\n", errors=errors) == (
        {"POD_CPU_LIMIT": "1"},
        {"POD_CPU_LIMIT": "line 2: POD_CPU_LIMIT"},
    )
    assert [str(error) for error in errors] == ['line 1: expected NAME=VALUE, got "A"']
