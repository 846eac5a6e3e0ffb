"""Checks on what was read from a document: the number itself and the card's internal consistency."""
