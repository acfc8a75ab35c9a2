"""The inbox pipeline: files dropped in a dossier's folder become read, matched, checked documents."""
