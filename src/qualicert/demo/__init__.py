"""Deterministic, realistic demo data generated through the same services users call."""
