"""Dossiers (client companies): the service, their fields, invitations of the client contact, the firm."""
