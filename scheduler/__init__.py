"""The scheduler: the task pool (storage backends), worker processes and the runner over them.

Depends on the robotlib core (domain model, plugin host); the core never imports it.
"""
