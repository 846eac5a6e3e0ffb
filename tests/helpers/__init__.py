"""Importable helpers for tests, e.g. plugins that spawned worker processes load by name."""
