"""The system under test: a tiny HTTP server on a free loopback port that counts requests."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

LOOPBACK = "127.0.0.1"


class _CountingHandler(BaseHTTPRequestHandler):
    """Answers every GET with ``200 ok`` and counts it by path."""

    target: ClassVar["TargetServer"]
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out separately: no 40 ms delayed-ACK stalls

    def do_GET(self) -> None:
        type(self).target.count(self.path)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class TargetServer:
    """The HTTP target the Locust workers load; a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: Counter[str] = Counter()
        handler = type("Handler", (_CountingHandler,), {"target": self})
        self._server = ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), name="e2e-target", daemon=True)

    @property
    def url(self) -> str:
        """The base URL, as given to Locust's ``--host``."""
        return f"http://{LOOPBACK}:{self._server.server_address[1]}"

    def count(self, path: str) -> None:
        """Count one request for ``path``."""
        with self._lock:
            self._hits[path] += 1

    def hits(self) -> Counter[str]:
        """A snapshot of the request counts by path."""
        with self._lock:
            return Counter(self._hits)

    def __enter__(self) -> "TargetServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
