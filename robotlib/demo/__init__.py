"""The demo: generate a world, verify it, and score the outcome against the expected answers."""
