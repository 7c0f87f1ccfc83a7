"""One module per concern; each exposes ``defs`` and ``definitions.py`` merges them."""
