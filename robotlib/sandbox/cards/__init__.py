"""Rendering synthetic documents: the ID card (two renderers) and the business licence."""
