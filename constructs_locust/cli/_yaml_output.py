"""The YAML the command line writes: the rendered objects and the kept documents."""

from collections.abc import Sequence
from typing import Any

import yaml

from ..kube import _yaml as _kube_yaml
from ..kube._yaml_writer import dump_plain
from ._results import OtherDocument, RenderedTest

__all__ = [
    "dump_tests",
]


_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """PyYAML's safe dumper (libyaml when available) that never writes anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write every object in full: Kubernetes manifests do not use YAML aliases."""
        return True


_Dumper.add_representer(str, _kube_yaml.represent_str)  # no string is read back by kubectl as another type


def dump_tests(tests: Sequence[RenderedTest | OtherDocument]) -> str:
    """One multi-document YAML stream: per test its Service, master Job, worker Job; other documents as they are."""
    chunks: list[str] = []
    documents: list[Any] = []
    for item in tests:
        if isinstance(item, RenderedTest):
            documents.extend(item.manifests)
        elif item.text is None:
            documents.append(item.document)
        else:
            chunks.append(_dump(documents))
            documents = []
            chunks.append(item.text)
    chunks.append(_dump(documents))
    return _kube_yaml.join_documents(chunks)


def _dump(documents: Sequence[Any]) -> str:
    if not documents:
        return ""
    fast = dump_plain(documents)  # the same bytes as below, from the same emitter, without PyYAML's Python layers
    if fast is not None:
        return fast
    text: str = yaml.dump_all(
        documents,
        Dumper=_Dumper,
        sort_keys=False,
        explicit_start=True,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return text
