"""Web layer: the HTTP API under /api/v1 and the server-rendered pages. No rules live here."""
