"""Alembic migrations of ``storage``: the schema of the database, one revision per change."""
