"""Matching a document's seller or buyer to a party of the dossier, and finding duplicates in a list."""
