"""The synthetic registries: who is in them, the CSV datasets, screening sets."""
