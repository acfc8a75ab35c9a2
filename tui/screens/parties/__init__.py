"""Screens of the customer and supplier lists, their record, forms and CSV import."""
