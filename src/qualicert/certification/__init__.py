"""Certification: applications, audit programmes, audit time, teams, reports, decisions, certificates, lifecycle, bulk intake."""
