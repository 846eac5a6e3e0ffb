"""Built-in bot plugins, registered through the same hooks as third-party bots."""
