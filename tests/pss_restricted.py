"""The Pod Security Standard "restricted" (baseline included) as a checker of a rendered pod.

One function per control of https://kubernetes.io/docs/concepts/security/pod-security-standards/
(the current list, as the PodSecurity admission enforces it); every message names the control
and the container. ``containers`` means containers, init containers and ephemeral containers.
"""

from collections.abc import Callable, Iterator
from typing import Any

BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})
RESTRICTED_VOLUME_TYPES = frozenset(
    {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
)
SECCOMP_OK = frozenset({"RuntimeDefault", "Localhost"})


def containers(pod: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for container in pod.get(key) or ():
            yield f"{key}[{container['name']}]", container


def _contexts(pod: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "pod", pod.get("securityContext") or {}
    for where, container in containers(pod):
        yield where, container.get("securityContext") or {}


# --- baseline ---------------------------------------------------------------------------------


def host_process(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"HostProcess: {where} sets windowsOptions.hostProcess"
        for where, context in _contexts(pod)
        if (context.get("windowsOptions") or {}).get("hostProcess")
    ]


def host_namespaces(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [f"Host Namespaces: pod sets {key}" for key in ("hostNetwork", "hostPID", "hostIPC") if pod.get(key)]


def privileged(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Privileged Containers: {where} is privileged"
        for where, container in containers(pod)
        if (container.get("securityContext") or {}).get("privileged")
    ]


def baseline_capabilities(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    found = []
    for where, container in containers(pod):
        added = ((container.get("securityContext") or {}).get("capabilities") or {}).get("add") or ()
        found += [f"Capabilities: {where} adds {cap}" for cap in added if cap not in BASELINE_CAPABILITIES]
    return found


def host_path_volumes(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [f"HostPath Volumes: volume {v['name']}" for v in pod.get("volumes") or () if "hostPath" in v]


def host_ports(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Host Ports: {where} uses hostPort {port['hostPort']}"
        for where, container in containers(pod)
        for port in container.get("ports") or ()
        if port.get("hostPort")
    ]


def app_armor(pod: dict[str, Any], metadata: dict[str, Any]) -> list[str]:
    found = [
        f"AppArmor: annotation {key}={value}"
        for key, value in (metadata.get("annotations") or {}).items()
        if key.startswith("container.apparmor.security.beta.kubernetes.io/")
        and not (value == "runtime/default" or value.startswith("localhost/"))
    ]
    for where, context in _contexts(pod):
        profile = context.get("appArmorProfile")
        if profile and profile.get("type") not in SECCOMP_OK:
            found.append(f"AppArmor: {where} appArmorProfile type {profile.get('type')}")
    return found


def se_linux(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    found = []
    for where, context in _contexts(pod):
        options = context.get("seLinuxOptions") or {}
        if options.get("type", "") not in SELINUX_TYPES:
            found.append(f"SELinux: {where} type {options['type']}")
        found += [f"SELinux: {where} sets {key}" for key in ("user", "role") if options.get(key)]
    return found


def proc_mount(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"/proc Mount Type: {where} procMount {context['procMount']}"
        for where, context in _contexts(pod)
        if context.get("procMount", "Default") != "Default"
    ]


def baseline_seccomp(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Seccomp: {where} is Unconfined"
        for where, context in _contexts(pod)
        if (context.get("seccompProfile") or {}).get("type") == "Unconfined"
    ]


def sysctls(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Sysctls: {sysctl['name']}"
        for sysctl in (pod.get("securityContext") or {}).get("sysctls") or ()
        if sysctl["name"] not in SAFE_SYSCTLS
    ]


# --- restricted -------------------------------------------------------------------------------


def volume_types(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    found = []
    for volume in pod.get("volumes") or ():
        kinds = set(volume) - {"name"}
        found += [
            f"Volume Types: volume {volume['name']} is {kind}" for kind in sorted(kinds - RESTRICTED_VOLUME_TYPES)
        ]
    return found


def privilege_escalation(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Privilege Escalation: {where} does not set allowPrivilegeEscalation: false"
        for where, container in containers(pod)
        if (container.get("securityContext") or {}).get("allowPrivilegeEscalation") is not False
    ]


def non_root(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    pod_value = (pod.get("securityContext") or {}).get("runAsNonRoot")
    found = ["Running as Non-root: pod sets runAsNonRoot: false"] if pod_value is False else []
    for where, container in containers(pod):
        value = (container.get("securityContext") or {}).get("runAsNonRoot")
        if value is False or (value is None and pod_value is not True):
            found.append(f"Running as Non-root: {where} is not required to run as non-root")
    return found


def non_root_user(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    return [
        f"Running as Non-root user: {where} sets runAsUser 0" for where, c in _contexts(pod) if c.get("runAsUser") == 0
    ]


def restricted_seccomp(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    pod_type = ((pod.get("securityContext") or {}).get("seccompProfile") or {}).get("type")
    found = [f"Seccomp: pod profile {pod_type}"] if pod_type is not None and pod_type not in SECCOMP_OK else []
    for where, container in containers(pod):
        kind = ((container.get("securityContext") or {}).get("seccompProfile") or {}).get("type")
        if kind is None and pod_type not in SECCOMP_OK:
            found.append(f"Seccomp: {where} has no RuntimeDefault or Localhost profile")
        elif kind is not None and kind not in SECCOMP_OK:
            found.append(f"Seccomp: {where} profile {kind}")
    return found


def restricted_capabilities(pod: dict[str, Any], _: dict[str, Any]) -> list[str]:
    found = []
    for where, container in containers(pod):
        capabilities = (container.get("securityContext") or {}).get("capabilities") or {}
        if "ALL" not in (capabilities.get("drop") or ()):
            found.append(f"Capabilities: {where} does not drop ALL")
        found += [
            f"Capabilities: {where} adds {cap}" for cap in capabilities.get("add") or () if cap != "NET_BIND_SERVICE"
        ]
    return found


CONTROLS: tuple[Callable[[dict[str, Any], dict[str, Any]], list[str]], ...] = (
    host_process,
    host_namespaces,
    privileged,
    baseline_capabilities,
    host_path_volumes,
    host_ports,
    app_armor,
    se_linux,
    proc_mount,
    baseline_seccomp,
    sysctls,
    volume_types,
    privilege_escalation,
    non_root,
    non_root_user,
    restricted_seccomp,
    restricted_capabilities,
)


def restricted_violations(template: dict[str, Any]) -> list[str]:
    """Every way a pod template (``{metadata, spec}``) fails "restricted"; ``[]`` when it meets it."""
    pod, metadata = template["spec"], template.get("metadata") or {}
    return [problem for control in CONTROLS for problem in control(pod, metadata)]
