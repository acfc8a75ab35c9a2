"""The demo firm: dossiers, parties, payments and invoices made through the product's own services."""
