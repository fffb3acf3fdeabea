"""Certification: applications, audit programmes, audit time, teams, reports, decisions,
certificates and their lifecycle, bulk intake."""
