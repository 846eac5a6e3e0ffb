"""Turning rendered documents into the phone photos and scans an applicant uploads."""
