"""Storefront load test: shoppers browse the catalog and open items (used by main.py's ``storefront``).

The request paths and names come from ``storefront``, a module of ``lib/``: in the pods, the lib
ConfigMap is mounted at ``/opt/locust/lib`` and ``PYTHONPATH`` points there.
"""

from locust import HttpUser, between, task
from storefront import CATALOG_PATH, ITEM_NAME, item_path, pick_item


class Shopper(HttpUser):
    """A shopper who browses three times as often as they open an item."""

    wait_time = between(1, 3)

    @task(3)
    def browse(self) -> None:
        """Open the catalog."""
        self.client.get(CATALOG_PATH)

    @task
    def view_item(self) -> None:
        """Open one item, reported under one name for all items."""
        self.client.get(item_path(pick_item()), name=ITEM_NAME)
