"""The scheduler: the task pool (storage backends), the execution path, and the process roles
over them (supervisor, dispatcher, worker processes, cron leader).

Depends on the robotlib core (domain model, plugin host); the core never imports it.
"""
