"""veribot's tests; a package so that no installed top-level ``tests`` package (O365 ships
one) shadows ``tests.helpers``."""
