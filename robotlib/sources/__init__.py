"""Data sources: typed questions to registries, answered by pluggable connectors."""
