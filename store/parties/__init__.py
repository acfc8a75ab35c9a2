"""Queries on parties: changes, the CSV import, the lists, merges, the record."""
