"""The ledger: chart of accounts, journal entries written at publish, the FEC export and its checks."""
