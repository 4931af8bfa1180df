"""``LocustTestFiles``: a locustfile (or a folder) and its library as cdk8s-plus ConfigMaps.

Each ConfigMap is named after the construct plus a short hash of its content
(``<name>-<hash>``, ``<name>-lib-<hash>``), so changed files give new names (and Jobs that
point at them) while the same files give the same names in every process. The ConfigMaps are
``immutable`` by default: under a content-addressed name the data never changes.
"""

import re
from collections.abc import Sequence
from os import PathLike
from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
from constructs import Construct

from .._core.errors import go_quote
from .._core.field_errors import invalid, too_long
from .._core.names import is_dns1123_subdomain
from ..manifests._local_files import DEFAULT_EXCLUDE, ConfigMapContent, collect
from ..spec._classes import TestFiles
from ._files_arguments import check_arguments, mount_paths, removed_on_failure
from ._signature import python_signature
from ._tree import unique_child_id

HASH_LENGTH = 10
"""Hex digits of the content hash in each ConfigMap name."""

_NOT_NAME_CHARACTERS = re.compile(r"[^a-z0-9.-]+")


@python_signature
class LocustTestFiles(Construct):
    """A locustfile or a folder (``src``) and an optional library folder (``lib``) as ConfigMaps.

    Put :attr:`test_files` into the spec (``LocustTestSpec(..., test_files=files.test_files)``):
    the pods mount ``src`` at ``/lotest/src`` and ``lib`` at ``/opt/locust/lib`` (or the mount
    paths given here). Locust puts the locustfile's own folder on ``sys.path``, so modules
    next to it import as they are; the ``lib`` folder is not on it: add :attr:`python_path`
    to the spec's env variables (``EnvConfig(variables=(files.python_path,))``) and a
    locustfile can ``import`` from ``lib`` as from any installed package.

    Args:
        scope: The parent construct (usually a ``cdk8s.Chart``).
        id: The construct id; also the base of the ConfigMap names unless ``name`` is given
            (lowercased, characters a name cannot hold replaced by ``-``).
        src: A locustfile, or a folder whose files all go into the test-files ConfigMap (key =
            file name). Sub-folders are refused unless excluded.
        lib: A folder (or a single file) for the library ConfigMap. Default ``None``: none.
        exclude: ``fnmatch`` patterns of names left out of the folders. Default
            ``("__pycache__", "*.pyc")``.
        name: The base of the ConfigMap names (a DNS subdomain). Default: from ``id``.
        namespace: The ConfigMaps' namespace. Default ``None``: the chart's, if any; it must be
            the test's namespace.
        src_mount_path: Passed to :attr:`test_files`. Default ``None``: ``/lotest/src``.
        lib_mount_path: Passed to :attr:`test_files`. Default ``None``: ``/opt/locust/lib``.
        immutable: The ConfigMaps' ``immutable``. Default ``True``.

    Symlinks are treated as ``kubectl create configmap --from-file`` treats them: ``src`` or
    ``lib`` given as a symlink is followed; a symlink inside a folder is left out (named in
    :attr:`ConfigMapContent.symlinks`).

    Raises:
        SpecError: An argument has the wrong type or value (the error names the keyword), a
            path cannot be read, a file name is not a ConfigMap key, a folder holds a
            sub-folder or a special file (a pipe, a socket, a device), more than 1000 files
            (``MAX_FILES``) or 10,000 entries, or the content of one ConfigMap exceeds 1 MiB
            (the message gives the sizes). Everything is checked before anything is added to
            the tree, and a construction that fails leaves the tree as it was.
        TypeError: ``scope`` is not a construct.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        src: str | PathLike[str],
        lib: str | PathLike[str] | None = None,
        exclude: Sequence[str] = DEFAULT_EXCLUDE,
        name: str | None = None,
        namespace: str | None = None,
        src_mount_path: str | None = None,
        lib_mount_path: str | None = None,
        immutable: bool = True,
    ) -> None:
        patterns = check_arguments(scope, id, exclude=exclude, namespace=namespace, immutable=immutable)
        base = _base_name(id, name)
        mounts = mount_paths(src_mount_path, lib_mount_path)
        src_content = collect("src", src, patterns)
        lib_content = None if lib is None else collect("lib", lib, patterns)
        test_files = TestFiles(
            config_map_ref=_config_map_name(base, "", src_content),
            lib_config_map_ref=None if lib_content is None else _config_map_name(base, "-lib", lib_content),
            src_mount_path=mounts.src_mount_path,
            lib_mount_path=mounts.lib_mount_path,
        )
        with unique_child_id(id):
            super().__init__(scope, id)
        with removed_on_failure(scope, id):
            self.test_files = test_files
            """The ``TestFiles`` to put in the spec, with these ConfigMaps' names and the mount paths."""
            self.src_content = src_content
            """What the test-files ConfigMap holds (keys, data, binary data, size, digest)."""
            self.lib_content = lib_content
            """What the library ConfigMap holds; ``None`` without ``lib``."""
            self.src_config_map = _config_map(
                self, "Src", str(test_files.config_map_ref), namespace, src_content, immutable
            )
            """The test-files ``kplus.ConfigMap``."""
            self.lib_config_map = (
                None
                if lib_content is None
                else _config_map(self, "Lib", str(test_files.lib_config_map_ref), namespace, lib_content, immutable)
            )
            """The library ``kplus.ConfigMap``; ``None`` without ``lib``."""

    @property
    def python_path(self) -> dict[str, str] | None:
        """``PYTHONPATH`` pointing at the library mount, as an env variable for ``EnvConfig.variables``.

        ``None`` without ``lib``. The Locust image sets no ``PYTHONPATH`` of its own.
        """
        if self.lib_content is None:
            return None
        return {"name": "PYTHONPATH", "value": self.test_files.effective_lib_mount_path}

    def src_path(self, key: str) -> str:
        """Where the file ``key`` of ``src`` is in the pods (for ``--locustfile``): ``<mount>/<key>``."""
        if key not in self.src_content.keys:
            known = ", ".join(go_quote(each) for each in self.src_content.keys)
            if key in self.src_content.symlinks:
                raise invalid(
                    "src",
                    key,
                    f"a symlink, left out of the ConfigMap as kubectl leaves it out; the ConfigMap holds {known}",
                )
            raise invalid("src", key, f"no such file; the ConfigMap holds {known}")
        return f"{self.test_files.effective_src_mount_path.rstrip('/')}/{key}"


def _base_name(id: str, name: str | None) -> str:
    """The ConfigMap names' base: ``name`` as given, or ``id`` made into a name."""
    if name is not None:
        if not isinstance(name, str) or not is_dns1123_subdomain(name):
            raise invalid("name", name, "must be a lowercase RFC 1123 subdomain (a ConfigMap name)")
        return name
    base = _NOT_NAME_CHARACTERS.sub("-", str(id).lower())
    base = re.sub(r"[-.]*\.[-.]*", ".", base).strip("-.")  # a run holding a dot becomes one dot
    if not base or not is_dns1123_subdomain(base):
        raise invalid("id", id, "cannot be made into a ConfigMap name; give name=")
    return base


def _config_map_name(base: str, suffix: str, content: ConfigMapContent) -> str:
    name = f"{base}{suffix}-{content.digest[:HASH_LENGTH]}"
    if len(name) > 253:
        raise too_long("name", f"ConfigMap name {go_quote(name)} may not be more than 253 bytes")
    return name


def _config_map(
    scope: Construct, id: str, name: str, namespace: str | None, content: ConfigMapContent, immutable: bool
) -> kplus.ConfigMap:
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    return kplus.ConfigMap(
        scope,
        id,
        metadata=cdk8s.ApiObjectMetadata(**metadata),
        data=content.data or None,
        binary_data=content.binary_data or None,
        immutable=immutable,
    )
