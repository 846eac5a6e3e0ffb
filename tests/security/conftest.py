"""The security tests use the integration fixtures: real pools, real processes."""

from tests.integration.conftest import (  # noqa: F401 (fixtures)
    config_file,
    echo_plugin,
    pool,
    postgres_database,
    postgres_url,
)
from tests.integration.test_protection import pool_url  # noqa: F401 (fixture: SQLite, PostgreSQL)
