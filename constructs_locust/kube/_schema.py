"""Kubernetes 1.37.0 core/v1 structures the LocustTest CR passes through (generated).

Do not edit: ``python scripts/generate_kube_schema.py`` writes this file from the strict
schemas bundled in kubernetes-validate. ``TYPES[name]`` is ``(keys, required)``: each allowed
key with its value's description (see the script), and the keys the type requires.
"""

KUBERNETES_VERSION = "1.37.0"

TYPES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "AWSElasticBlockStoreVolumeSource": (
        {
            "fsType": "string",
            "partition": "int32",
            "readOnly": "boolean",
            "volumeID": "string",
        },
        ("volumeID",),
    ),
    "Affinity": (
        {
            "nodeAffinity": "@NodeAffinity",
            "podAffinity": "@PodAffinity",
            "podAntiAffinity": "@PodAntiAffinity",
        },
        (),
    ),
    "AppArmorProfile": (
        {
            "localhostProfile": "string",
            "type": "string",
        },
        ("type",),
    ),
    "AzureDiskVolumeSource": (
        {
            "cachingMode": "string",
            "diskName": "string",
            "diskURI": "string",
            "fsType": "string",
            "kind": "string",
            "readOnly": "boolean",
        },
        ("diskName", "diskURI"),
    ),
    "AzureFileVolumeSource": (
        {
            "readOnly": "boolean",
            "secretName": "string",
            "shareName": "string",
        },
        ("secretName", "shareName"),
    ),
    "CSIVolumeSource": (
        {
            "driver": "string",
            "fsType": "string",
            "nodePublishSecretRef": "@LocalObjectReference",
            "readOnly": "boolean",
            "volumeAttributes": "{}string",
        },
        ("driver",),
    ),
    "Capabilities": (
        {
            "add": "[]string",
            "drop": "[]string",
        },
        (),
    ),
    "CephFSVolumeSource": (
        {
            "monitors": "[]string",
            "path": "string",
            "readOnly": "boolean",
            "secretFile": "string",
            "secretRef": "@LocalObjectReference",
            "user": "string",
        },
        ("monitors",),
    ),
    "CinderVolumeSource": (
        {
            "fsType": "string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
            "volumeID": "string",
        },
        ("volumeID",),
    ),
    "ClusterTrustBundleProjection": (
        {
            "labelSelector": "@LabelSelector",
            "name": "string",
            "optional": "boolean",
            "path": "string",
            "signerName": "string",
            "user": "int64",
        },
        ("path",),
    ),
    "ConfigMapKeySelector": (
        {
            "key": "string",
            "name": "string",
            "optional": "boolean",
        },
        ("key",),
    ),
    "ConfigMapProjection": (
        {
            "items": "[]@KeyToPath",
            "name": "string",
            "optional": "boolean",
        },
        (),
    ),
    "ConfigMapVolumeSource": (
        {
            "defaultMode": "int32",
            "defaultUser": "int64",
            "items": "[]@KeyToPath",
            "name": "string",
            "optional": "boolean",
        },
        (),
    ),
    "DownwardAPIProjection": (
        {
            "items": "[]@DownwardAPIVolumeFile",
        },
        (),
    ),
    "DownwardAPIVolumeFile": (
        {
            "fieldRef": "@ObjectFieldSelector",
            "mode": "int32",
            "path": "string",
            "resourceFieldRef": "@ResourceFieldSelector",
            "user": "int64",
        },
        ("path",),
    ),
    "DownwardAPIVolumeSource": (
        {
            "defaultMode": "int32",
            "defaultUser": "int64",
            "items": "[]@DownwardAPIVolumeFile",
        },
        (),
    ),
    "EmptyDirVolumeSource": (
        {
            "medium": "string",
            "mode": "int32",
            "sizeLimit": "quantity",
        },
        (),
    ),
    "EnvVar": (
        {
            "name": "string",
            "value": "string",
            "valueFrom": "@EnvVarSource",
        },
        ("name",),
    ),
    "EnvVarSource": (
        {
            "configMapKeyRef": "@ConfigMapKeySelector",
            "fieldRef": "@ObjectFieldSelector",
            "fileKeyRef": "@FileKeySelector",
            "resourceFieldRef": "@ResourceFieldSelector",
            "secretKeyRef": "@SecretKeySelector",
        },
        (),
    ),
    "EphemeralVolumeSource": (
        {
            "volumeClaimTemplate": "@PersistentVolumeClaimTemplate",
        },
        (),
    ),
    "FCVolumeSource": (
        {
            "fsType": "string",
            "lun": "int32",
            "readOnly": "boolean",
            "targetWWNs": "[]string",
            "wwids": "[]string",
        },
        (),
    ),
    "FileKeySelector": (
        {
            "key": "string",
            "optional": "boolean",
            "path": "string",
            "volumeName": "string",
        },
        ("volumeName", "path", "key"),
    ),
    "FlexVolumeSource": (
        {
            "driver": "string",
            "fsType": "string",
            "options": "{}string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
        },
        ("driver",),
    ),
    "FlockerVolumeSource": (
        {
            "datasetName": "string",
            "datasetUUID": "string",
        },
        (),
    ),
    "GCEPersistentDiskVolumeSource": (
        {
            "fsType": "string",
            "partition": "int32",
            "pdName": "string",
            "readOnly": "boolean",
        },
        ("pdName",),
    ),
    "GitRepoVolumeSource": (
        {
            "directory": "string",
            "repository": "string",
            "revision": "string",
        },
        ("repository",),
    ),
    "GlusterfsVolumeSource": (
        {
            "endpoints": "string",
            "path": "string",
            "readOnly": "boolean",
        },
        ("endpoints", "path"),
    ),
    "HostPathVolumeSource": (
        {
            "path": "string",
            "type": "string",
        },
        ("path",),
    ),
    "ISCSIVolumeSource": (
        {
            "chapAuthDiscovery": "boolean",
            "chapAuthSession": "boolean",
            "fsType": "string",
            "initiatorName": "string",
            "iqn": "string",
            "iscsiInterface": "string",
            "lun": "int32",
            "portals": "[]string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
            "targetPortal": "string",
        },
        ("targetPortal", "iqn", "lun"),
    ),
    "ImageVolumeSource": (
        {
            "pullPolicy": "string",
            "reference": "string",
        },
        (),
    ),
    "KeyToPath": (
        {
            "key": "string",
            "mode": "int32",
            "path": "string",
            "user": "int64",
        },
        ("key", "path"),
    ),
    "LabelSelector": (
        {
            "matchExpressions": "[]@LabelSelectorRequirement",
            "matchLabels": "{}string",
        },
        (),
    ),
    "LabelSelectorRequirement": (
        {
            "key": "string",
            "operator": "string",
            "values": "[]string",
        },
        ("key", "operator"),
    ),
    "LocalObjectReference": (
        {
            "name": "string",
        },
        (),
    ),
    "ManagedFieldsEntry": (
        {
            "apiVersion": "string",
            "fieldsType": "string",
            "fieldsV1": "any",
            "manager": "string",
            "operation": "string",
            "subresource": "string",
            "time": "time",
        },
        (),
    ),
    "NFSVolumeSource": (
        {
            "path": "string",
            "readOnly": "boolean",
            "server": "string",
        },
        ("server", "path"),
    ),
    "NodeAffinity": (
        {
            "preferredDuringSchedulingIgnoredDuringExecution": "[]@PreferredSchedulingTerm",
            "requiredDuringSchedulingIgnoredDuringExecution": "@NodeSelector",
        },
        (),
    ),
    "NodeSelector": (
        {
            "nodeSelectorTerms": "[]@NodeSelectorTerm",
        },
        ("nodeSelectorTerms",),
    ),
    "NodeSelectorRequirement": (
        {
            "key": "string",
            "operator": "string",
            "values": "[]string",
        },
        ("key", "operator"),
    ),
    "NodeSelectorTerm": (
        {
            "matchExpressions": "[]@NodeSelectorRequirement",
            "matchFields": "[]@NodeSelectorRequirement",
        },
        (),
    ),
    "ObjectFieldSelector": (
        {
            "apiVersion": "string",
            "fieldPath": "string",
        },
        ("fieldPath",),
    ),
    "ObjectMeta": (
        {
            "annotations": "{}string",
            "creationTimestamp": "time",
            "deletionGracePeriodSeconds": "int64",
            "deletionTimestamp": "time",
            "finalizers": "[]string",
            "generateName": "string",
            "generation": "int64",
            "labels": "{}string",
            "managedFields": "[]@ManagedFieldsEntry",
            "name": "string",
            "namespace": "string",
            "ownerReferences": "[]@OwnerReference",
            "resourceVersion": "string",
            "selfLink": "string",
            "uid": "string",
        },
        (),
    ),
    "OwnerReference": (
        {
            "apiVersion": "string",
            "blockOwnerDeletion": "boolean",
            "controller": "boolean",
            "kind": "string",
            "name": "string",
            "uid": "string",
        },
        ("apiVersion", "kind", "name", "uid"),
    ),
    "PersistentVolumeClaimSpec": (
        {
            "accessModes": "[]string",
            "dataSource": "@TypedLocalObjectReference",
            "dataSourceRef": "@TypedObjectReference",
            "resources": "@VolumeResourceRequirements",
            "selector": "@LabelSelector",
            "storageClassName": "string",
            "volumeAttributesClassName": "string",
            "volumeMode": "string",
            "volumeName": "string",
        },
        (),
    ),
    "PersistentVolumeClaimTemplate": (
        {
            "metadata": "@ObjectMeta",
            "spec": "@PersistentVolumeClaimSpec",
        },
        ("spec",),
    ),
    "PersistentVolumeClaimVolumeSource": (
        {
            "claimName": "string",
            "readOnly": "boolean",
        },
        ("claimName",),
    ),
    "PhotonPersistentDiskVolumeSource": (
        {
            "fsType": "string",
            "pdID": "string",
        },
        ("pdID",),
    ),
    "PodAffinity": (
        {
            "preferredDuringSchedulingIgnoredDuringExecution": "[]@WeightedPodAffinityTerm",
            "requiredDuringSchedulingIgnoredDuringExecution": "[]@PodAffinityTerm",
        },
        (),
    ),
    "PodAffinityTerm": (
        {
            "labelSelector": "@LabelSelector",
            "matchLabelKeys": "[]string",
            "mismatchLabelKeys": "[]string",
            "namespaceSelector": "@LabelSelector",
            "namespaces": "[]string",
            "topologyKey": "string",
        },
        ("topologyKey",),
    ),
    "PodAntiAffinity": (
        {
            "preferredDuringSchedulingIgnoredDuringExecution": "[]@WeightedPodAffinityTerm",
            "requiredDuringSchedulingIgnoredDuringExecution": "[]@PodAffinityTerm",
        },
        (),
    ),
    "PodCertificateProjection": (
        {
            "certificateChainPath": "string",
            "credentialBundlePath": "string",
            "keyPath": "string",
            "keyType": "string",
            "maxExpirationSeconds": "int32",
            "signerName": "string",
            "user": "int64",
            "userAnnotations": "{}string",
        },
        ("signerName", "keyType"),
    ),
    "PodSecurityContext": (
        {
            "appArmorProfile": "@AppArmorProfile",
            "fsGroup": "int64",
            "fsGroupChangePolicy": "string",
            "runAsGroup": "int64",
            "runAsNonRoot": "boolean",
            "runAsUser": "int64",
            "seLinuxChangePolicy": "string",
            "seLinuxOptions": "@SELinuxOptions",
            "seccompProfile": "@SeccompProfile",
            "supplementalGroups": "[]int64",
            "supplementalGroupsPolicy": "string",
            "sysctls": "[]@Sysctl",
            "windowsOptions": "@WindowsSecurityContextOptions",
        },
        (),
    ),
    "PortworxVolumeSource": (
        {
            "fsType": "string",
            "readOnly": "boolean",
            "volumeID": "string",
        },
        ("volumeID",),
    ),
    "PreferredSchedulingTerm": (
        {
            "preference": "@NodeSelectorTerm",
            "weight": "int32",
        },
        ("weight", "preference"),
    ),
    "ProjectedVolumeSource": (
        {
            "defaultMode": "int32",
            "defaultUser": "int64",
            "sources": "[]@VolumeProjection",
        },
        (),
    ),
    "QuobyteVolumeSource": (
        {
            "group": "string",
            "readOnly": "boolean",
            "registry": "string",
            "tenant": "string",
            "user": "string",
            "volume": "string",
        },
        ("registry", "volume"),
    ),
    "RBDVolumeSource": (
        {
            "fsType": "string",
            "image": "string",
            "keyring": "string",
            "monitors": "[]string",
            "pool": "string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
            "user": "string",
        },
        ("monitors", "image"),
    ),
    "ResourceClaim": (
        {
            "name": "string",
            "request": "string",
        },
        ("name",),
    ),
    "ResourceFieldSelector": (
        {
            "containerName": "string",
            "divisor": "quantity",
            "resource": "string",
        },
        ("resource",),
    ),
    "ResourceRequirements": (
        {
            "claims": "[]@ResourceClaim",
            "limits": "{}quantity",
            "requests": "{}quantity",
        },
        (),
    ),
    "SELinuxOptions": (
        {
            "level": "string",
            "role": "string",
            "type": "string",
            "user": "string",
        },
        (),
    ),
    "ScaleIOVolumeSource": (
        {
            "fsType": "string",
            "gateway": "string",
            "protectionDomain": "string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
            "sslEnabled": "boolean",
            "storageMode": "string",
            "storagePool": "string",
            "system": "string",
            "volumeName": "string",
        },
        ("gateway", "system", "secretRef"),
    ),
    "SeccompProfile": (
        {
            "localhostProfile": "string",
            "type": "string",
        },
        ("type",),
    ),
    "SecretKeySelector": (
        {
            "key": "string",
            "name": "string",
            "optional": "boolean",
        },
        ("key",),
    ),
    "SecretProjection": (
        {
            "items": "[]@KeyToPath",
            "name": "string",
            "optional": "boolean",
        },
        (),
    ),
    "SecretVolumeSource": (
        {
            "defaultMode": "int32",
            "defaultUser": "int64",
            "items": "[]@KeyToPath",
            "optional": "boolean",
            "secretName": "string",
        },
        (),
    ),
    "SecurityContext": (
        {
            "allowPrivilegeEscalation": "boolean",
            "appArmorProfile": "@AppArmorProfile",
            "capabilities": "@Capabilities",
            "privileged": "boolean",
            "procMount": "string",
            "readOnlyRootFilesystem": "boolean",
            "runAsGroup": "int64",
            "runAsNonRoot": "boolean",
            "runAsUser": "int64",
            "seLinuxOptions": "@SELinuxOptions",
            "seccompProfile": "@SeccompProfile",
            "windowsOptions": "@WindowsSecurityContextOptions",
        },
        (),
    ),
    "ServiceAccountTokenProjection": (
        {
            "audience": "string",
            "expirationSeconds": "int64",
            "path": "string",
            "user": "int64",
        },
        ("path",),
    ),
    "StorageOSVolumeSource": (
        {
            "fsType": "string",
            "readOnly": "boolean",
            "secretRef": "@LocalObjectReference",
            "volumeName": "string",
            "volumeNamespace": "string",
        },
        (),
    ),
    "Sysctl": (
        {
            "name": "string",
            "value": "string",
        },
        ("name", "value"),
    ),
    "Toleration": (
        {
            "effect": "string",
            "key": "string",
            "operator": "string",
            "tolerationSeconds": "int64",
            "value": "string",
        },
        (),
    ),
    "TopologySpreadConstraint": (
        {
            "labelSelector": "@LabelSelector",
            "matchLabelKeys": "[]string",
            "maxSkew": "int32",
            "minDomains": "int32",
            "nodeAffinityPolicy": "string",
            "nodeTaintsPolicy": "string",
            "topologyKey": "string",
            "whenUnsatisfiable": "string",
        },
        ("maxSkew", "topologyKey", "whenUnsatisfiable"),
    ),
    "TypedLocalObjectReference": (
        {
            "apiGroup": "string",
            "kind": "string",
            "name": "string",
        },
        ("kind", "name"),
    ),
    "TypedObjectReference": (
        {
            "apiGroup": "string",
            "kind": "string",
            "name": "string",
            "namespace": "string",
        },
        ("kind", "name"),
    ),
    "Volume": (
        {
            "awsElasticBlockStore": "@AWSElasticBlockStoreVolumeSource",
            "azureDisk": "@AzureDiskVolumeSource",
            "azureFile": "@AzureFileVolumeSource",
            "cephfs": "@CephFSVolumeSource",
            "cinder": "@CinderVolumeSource",
            "configMap": "@ConfigMapVolumeSource",
            "csi": "@CSIVolumeSource",
            "downwardAPI": "@DownwardAPIVolumeSource",
            "emptyDir": "@EmptyDirVolumeSource",
            "ephemeral": "@EphemeralVolumeSource",
            "fc": "@FCVolumeSource",
            "flexVolume": "@FlexVolumeSource",
            "flocker": "@FlockerVolumeSource",
            "gcePersistentDisk": "@GCEPersistentDiskVolumeSource",
            "gitRepo": "@GitRepoVolumeSource",
            "glusterfs": "@GlusterfsVolumeSource",
            "hostPath": "@HostPathVolumeSource",
            "image": "@ImageVolumeSource",
            "iscsi": "@ISCSIVolumeSource",
            "name": "string",
            "nfs": "@NFSVolumeSource",
            "persistentVolumeClaim": "@PersistentVolumeClaimVolumeSource",
            "photonPersistentDisk": "@PhotonPersistentDiskVolumeSource",
            "portworxVolume": "@PortworxVolumeSource",
            "projected": "@ProjectedVolumeSource",
            "quobyte": "@QuobyteVolumeSource",
            "rbd": "@RBDVolumeSource",
            "scaleIO": "@ScaleIOVolumeSource",
            "secret": "@SecretVolumeSource",
            "storageos": "@StorageOSVolumeSource",
            "vsphereVolume": "@VsphereVirtualDiskVolumeSource",
        },
        ("name",),
    ),
    "VolumeMount": (
        {
            "bindMountOptions": "[]string",
            "mountPath": "string",
            "mountPropagation": "string",
            "name": "string",
            "readOnly": "boolean",
            "recursiveReadOnly": "string",
            "subPath": "string",
            "subPathExpr": "string",
        },
        ("name", "mountPath"),
    ),
    "VolumeProjection": (
        {
            "clusterTrustBundle": "@ClusterTrustBundleProjection",
            "configMap": "@ConfigMapProjection",
            "downwardAPI": "@DownwardAPIProjection",
            "podCertificate": "@PodCertificateProjection",
            "secret": "@SecretProjection",
            "serviceAccountToken": "@ServiceAccountTokenProjection",
        },
        (),
    ),
    "VolumeResourceRequirements": (
        {
            "limits": "{}quantity",
            "requests": "{}quantity",
        },
        (),
    ),
    "VsphereVirtualDiskVolumeSource": (
        {
            "fsType": "string",
            "storagePolicyID": "string",
            "storagePolicyName": "string",
            "volumePath": "string",
        },
        ("volumePath",),
    ),
    "WeightedPodAffinityTerm": (
        {
            "podAffinityTerm": "@PodAffinityTerm",
            "weight": "int32",
        },
        ("weight", "podAffinityTerm"),
    ),
    "WindowsSecurityContextOptions": (
        {
            "gmsaCredentialSpec": "string",
            "gmsaCredentialSpecName": "string",
            "hostProcess": "boolean",
            "runAsUserName": "string",
        },
        (),
    ),
}
