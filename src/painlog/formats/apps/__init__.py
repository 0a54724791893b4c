"""Importers of other apps' exports (Daylio, Bearable) and what they share."""
