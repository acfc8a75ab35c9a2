"""The rules of a dossier: the Règles screen, its editor, and rule health (issue 18)."""
