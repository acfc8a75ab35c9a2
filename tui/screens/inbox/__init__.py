"""Screens of the inbox: the lists (Achats, Ventes, à classer) and the document view."""
