"""Service functions: take the session first, change data, never commit (the caller does)."""
