"""Rules: party, payment-method and user rules, dossier defaults, and the engine that resolves fields with their provenance."""
