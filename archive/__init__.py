"""The nianbao archive: SQLite tables of schema.md written with sqlite-utils."""
