"""Who may do what: users, roles and permissions, the audit log."""
