"""Cron: schedules stored in the pool's database, fired by one leading scheduler."""
