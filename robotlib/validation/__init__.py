"""Checks on what a document says: the identity number and the card's own consistency."""
