"""Accounts: users, roles, API tokens, and who may act for which body, lab, region or org."""
