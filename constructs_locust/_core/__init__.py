"""Private machinery under every layer: errors, the display of values, fields and conversion, names.

Nothing here imports another layer of the package; everything else may import from here.
"""
