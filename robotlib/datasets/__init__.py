"""Built-in dataset plugins: each module registers dataset kinds through ``register_datasets``
exactly as a third-party plugin would, and is listed in ``DEFAULT_PLUGINS``."""
