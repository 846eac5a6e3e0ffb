"""The portal's default login: the service's default and the one ``sandbox serve`` offers."""

DEFAULT_PORTAL_USER = "robot"
DEFAULT_PORTAL_PASSWORD = "sandbox"
