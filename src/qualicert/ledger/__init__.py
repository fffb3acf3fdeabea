"""Ledger: the append-only event table every change of state is written to."""
