"""Customers and suppliers of a dossier: changes, fields, lists and their index, the record, contacts, payments, search."""
