"""Synthetic persons, natural and legal: names, numbers, addresses, phones, companies."""
