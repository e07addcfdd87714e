"""Importing .ics files: the pure reader, the importer, its page and its CLI command."""
