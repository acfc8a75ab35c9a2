"""The ledger's screens: a dossier's chart of accounts and its FEC export."""
