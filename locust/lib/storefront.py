"""Paths of the storefront under test, shared by its locustfiles (mounted from the lib ConfigMap)."""

import random

CATALOG_PATH = "/catalog"
ITEM_NAME = "/item/[id]"
ITEM_IDS = (17, 42, 108, 256)


def item_path(item_id: int) -> str:
    """The page of one item."""
    return f"/item/{item_id}"


def pick_item() -> int:
    """An item a shopper opens."""
    return random.choice(ITEM_IDS)
