"""The ``veribot`` command line: thin commands over functions that do the work."""
