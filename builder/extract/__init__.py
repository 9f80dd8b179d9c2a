"""Extraction steps: one module per fact kind."""
