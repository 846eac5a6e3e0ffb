"""Robot identities, roles and scopes: who may use which source, in which pool."""

from robotlib.permissions.engine import ALL_POOLS, Grants, Permissions

__all__ = ["ALL_POOLS", "Grants", "Permissions"]
