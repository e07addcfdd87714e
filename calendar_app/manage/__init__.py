"""Staff administration: forces and locations (editors), users and the audit log (admins)."""
