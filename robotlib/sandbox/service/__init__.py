"""``veribot sandbox serve``: the world's registries as JSON APIs and a legacy web portal."""
