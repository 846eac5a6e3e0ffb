"""Robot Framework integration: what a robot imports or attaches to a run."""
