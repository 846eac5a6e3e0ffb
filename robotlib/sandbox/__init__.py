"""The synthetic world for the sandbox: rendered identity cards and their phone photos."""
