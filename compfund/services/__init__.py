"""Services: each one user action, permission-checked, run inside a unit of work."""
