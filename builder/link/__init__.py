"""Linking: facts → concepts (indicators, units of measure) and administrative units."""
