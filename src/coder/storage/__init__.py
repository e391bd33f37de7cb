"""Storage: the SQLite project file; the only place with SQL."""
