"""A target that records who called: run as ``python -m tests.e2e.address_target HOST PORT LOG``.

The remote-workers end-to-end test starts it inside a network namespace (``ip netns exec``), where
the pytest process cannot bind. Every request is answered ``200 ok`` and appended to ``LOG`` as
``<client address> <path>`` (one line, flushed), so the test can tell which namespace each
request came from. ``ready`` is the first line, written once the socket listens.
"""

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO


def serve(host: str, port: int, log_path: Path) -> None:
    """Listen on ``host:port`` and record every request in ``log_path`` until killed."""
    lock = threading.Lock()
    log: BinaryIO = log_path.open("ab", buffering=0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            with lock:
                log.write(f"{self.client_address[0]} {self.path}\n".encode())
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the output quiet."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    log.write(b"ready\n")
    server.serve_forever(0.1)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
