"""The jsii requests that put a construct or a finished manifest into the tree, encoded in one pass.

jsii's Python runtime prepares every argument in Python before it encodes it: it wraps each
dict in ``{"$jsii.map": ...}``, walks the result again through cattrs, and only then calls
``json.dumps``. For a Job's body that is most of a request's Python time (0.67 ms, against
0.18 ms for the same request encoded by one ``json.dumps``: ``benchmarks/``), and a test sends
two Job bodies. The bodies and metadata handed over here are plain JSON data by construction,
and the Node runtime reads a plain JSON object where a map or ``any`` is expected exactly as it
reads a wrapped one (the kernel's deserializers: "not a wire map: map its values"). So this
module encodes them directly and sends the requests the generated bindings send, in the same
order: ``create`` of the object, ``JsonPatch.add`` per top-level field, one ``addJsonPatch``.

It leaves the request to jsii's own runtime, before sending anything, wherever the two could
differ: data that is not plain JSON (``json.dumps`` refuses it: a ``datetime``, a jsii object,
NaN), data holding the text ``"$jsii.`` (a key the kernel would read as a wire token), metadata
with fields other than name, namespace, labels and annotations, a scope that is not a jsii
object, jsii's host stack traces switched on, or a runtime that is not jsii's Node process. An
answer other than a plain result (a callback into Python, such as a chart subclass's overridden
property, or an error) is handled by jsii's own code, as for any request.
"""

import json
from collections.abc import Mapping
from typing import Any, cast

import jsii
from jsii import _reference_map
from jsii._kernel import _callback_till_result, _get_overides
from jsii._kernel.providers.process import (
    ProcessProvider,
    _CallbackResponse,
    _ErrorResponse,
    _NodeProcess,
    _ProcessResponse,
)
from jsii._kernel.types import CreateRequest, CreateResponse, InvokeResponse, ObjRef
from jsii._stack_trace import is_enabled as _stack_traces_enabled
from jsii.errors import ErrorType, JavaScriptError, JSIIError

_TOKEN = b'"$jsii.'
"""How every wire token of the jsii protocol starts, as ``json.dumps`` writes a key."""

_METADATA_FIELDS = ("annotations", "finalizers", "labels", "name", "namespace", "ownerReferences")
"""``cdk8s.ApiObjectMetadata`` 's fields in the order the bindings send them."""

_PLAIN_METADATA = frozenset({"annotations", "labels", "name", "namespace"})
"""Metadata fields that are plain JSON as the bindings send them (the others are structs)."""


def create_construct(obj: object, scope: object, id: str) -> bool:
    """``jsii.create(type(obj), obj, [scope, id])`` for a ``constructs.Construct``; ``False`` if left to jsii.

    ``False`` means nothing was sent: the caller makes the request through jsii's runtime.
    """
    process = _node_process()
    scope_ref = _reference(scope)
    if process is None or scope_ref is None:
        return False
    args = b"[%b,%b]" % (scope_ref, json.dumps(id).encode())
    (ref,) = _exchange(process, [_create_request(process, obj, args)], CreateResponse)
    _register(process, obj, ref)
    return True


def create_api_object(obj: object, scope: object, id: str, manifest: Mapping[str, Any], body: list[str]) -> bool:
    """Create ``obj`` as a ``cdk8s.ApiObject`` of ``manifest`` and patch in its ``body`` fields.

    ``body`` names the top-level fields (``spec``, ``data``, ...) patched in, in order. ``False``
    means nothing was sent: the caller makes the requests through jsii's runtime.
    """
    process = _node_process()
    scope_ref = _reference(scope)
    metadata = manifest["metadata"]
    if process is None or scope_ref is None or not _PLAIN_METADATA.issuperset(metadata):
        return False
    header = _plain({"apiVersion": manifest["apiVersion"], "kind": manifest["kind"]})
    fields = _plain({field: metadata.get(field) for field in _METADATA_FIELDS})
    values = [value for value in (_plain(manifest[key]) for key in body) if value is not None]
    if header is None or fields is None or len(values) != len(body):
        return False
    # The props struct's data: the header's members, then metadata as a struct, as the bindings send it.
    props_data = header[:-1] + b',"metadata":{"$jsii.struct":{"fqn":"cdk8s.ApiObjectMetadata","data":%b}}}' % fields
    args = b'[%b,%b,{"$jsii.struct":{"fqn":"cdk8s.ApiObjectProps","data":%b}}]' % (
        scope_ref,
        json.dumps(id).encode(),
        props_data,
    )
    patches = [
        b'{"fqn":"cdk8s.JsonPatch","method":"add","args":[%b,%b],"api":"sinvoke"}'
        % (json.dumps("/" + json_pointer(key)).encode(), value)
        for key, value in zip(body, values, strict=True)
    ]
    # The patches cannot call back into Python (a static method of cdk8s's own, plain data), so they
    # go in one write with the create, which may (a chart's overridden property) and so comes last.
    *made, answer = _exchange(process, [*patches, _create_request(process, obj, args)], CreateResponse)
    ref = _register(process, obj, answer)
    if made:
        refs = b",".join(_reference_bytes(patch["result"]) for patch in made)
        request = b'{"objref":%b,"method":"addJsonPatch","args":[%b],"api":"invoke"}' % (
            _reference_bytes(ref),
            refs,
        )
        _exchange(process, [request], InvokeResponse)
    return True


def _node_process() -> _NodeProcess | None:
    """jsii's Node process, or ``None`` where requests must go through jsii's own runtime."""
    provider = jsii.kernel.provider
    if not isinstance(provider, ProcessProvider) or _stack_traces_enabled():
        return None
    process: _NodeProcess = provider._process
    return process


def _reference(value: object) -> bytes | None:
    """``value`` 's jsii reference on the wire, or ``None`` if it is not a jsii object."""
    ref = getattr(value, "__jsii_ref__", None)
    return _reference_bytes(ref) if isinstance(ref, ObjRef) else None


def _reference_bytes(ref: ObjRef) -> bytes:
    """An object reference as jsii's runtime writes it (``{"$jsii.byref": ...}``, interfaces if any)."""
    wire: dict[str, Any] = {"$jsii.byref": ref.ref}
    if ref.interfaces:
        wire["$jsii.interfaces"] = ref.interfaces
    return json.dumps(wire).encode()


def _plain(value: object) -> bytes | None:
    """``value`` as JSON if it is plain JSON data the kernel reads as jsii's wrapped form, else ``None``."""
    try:
        encoded = json.dumps(value, allow_nan=False).encode()
    except (TypeError, ValueError):
        return None
    return None if _TOKEN in encoded else encoded


_CREATE_FIELDS: dict[type, bytes] = {}
"""A class -> the ``fqn``, ``overrides`` and ``interfaces`` of its create requests (they depend on the class only)."""


def _create_fields(process: _NodeProcess, obj: object) -> bytes:
    """The ``fqn``, ``overrides`` and ``interfaces`` of a create request for ``obj``, as jsii computes them."""
    cls = type(obj)
    fields = _CREATE_FIELDS.get(cls)
    if fields is None:
        request = CreateRequest(
            fqn=getattr(cls, "__jsii_type__", None) or "Object",
            overrides=_get_overides(cls, obj),
            interfaces=[iface.__jsii_type__ for iface in getattr(cls, "__jsii_ifaces__", [])],
        )
        wire = process._serializer.unstructure(request)  # as jsii's runtime writes it
        fields = _CREATE_FIELDS[cls] = b'"fqn":%b,"overrides":%b,"interfaces":%b' % (
            json.dumps(wire["fqn"]).encode(),
            json.dumps(wire["overrides"]).encode(),
            json.dumps(wire["interfaces"]).encode(),
        )
    return fields


def _create_request(process: _NodeProcess, obj: object, args: bytes) -> bytes:
    """The create request for ``obj`` with the arguments ``args`` (a JSON array)."""
    return b'{%b,"args":%b,"api":"create"}' % (_create_fields(process, obj), args)


def _register(process: _NodeProcess, obj: object, answer: Any) -> ObjRef:
    """Give ``obj`` the reference a create request answered and register it, as ``jsii.create`` does."""
    ref = answer if isinstance(answer, ObjRef) else process._serializer.structure(answer, CreateResponse)
    obj.__jsii_ref__ = ref  # type: ignore[attr-defined]
    _reference_map.register_reference(obj)
    return ref


def _exchange(process: _NodeProcess, requests: list[bytes], response_type: type) -> list[Any]:
    """Write ``requests`` to the Node process at once and read their answers, as jsii's ``send`` does.

    Node answers them in order. Only the last may call back into Python (Node then waits for
    Python's answer before it reads another line), and only its answer can be a callback: jsii's
    own loop runs it to the end (``response_type`` is the last request's). A plain result comes
    back as the ``ok`` payload (references already ``ObjRef`` s). An error raises what jsii
    raises, once every answer has been read, so the next request finds Node in step.
    """
    assert process._process.stdin is not None
    process._process.stdin.write(b"".join(b"%b\n" % request for request in requests))
    process._process.stdin.flush()
    answers: list[Any] = []
    failure: BaseException | None = None
    for index in range(len(requests)):
        message = process._next_message()
        if "ok" in message:
            answers.append(message["ok"])
            continue
        try:
            answers.append(_settle(process, message, response_type if index == len(requests) - 1 else None))
        except (JSIIError, RuntimeError) as error:
            failure = failure or error
    if failure is not None:
        raise failure
    return answers


def _settle(process: _NodeProcess, message: Any, response_type: type | None) -> Any:
    """An answer that is not a plain result: a callback run to its end, or the error jsii raises."""
    response: Any = process._serializer.structure(message, cast(Any, _ProcessResponse))
    if isinstance(response, _CallbackResponse):
        if response_type is None:
            raise JSIIError(f"a callback into Python answered a request that cannot make one: {message!r}")
        settled = _callback_till_result(jsii.kernel, response.callback, response_type)
        return {"result": settled} if response_type is InvokeResponse else settled
    assert isinstance(response, _ErrorResponse)
    if response.name == ErrorType.JSII_FAULT.value:
        raise JSIIError(response.error) from JavaScriptError(response.stack)  # type: ignore[no-untyped-call]
    raise RuntimeError(response.error) from JavaScriptError(response.stack)  # type: ignore[no-untyped-call]


def json_pointer(key: str) -> str:
    """``key`` as one JSON Pointer segment (RFC 6901: ``~`` and ``/`` escaped)."""
    return key.replace("~", "~0").replace("/", "~1")
