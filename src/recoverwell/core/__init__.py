"""Vocabulary shared by every layer: types, units, time, errors and settings. No I/O."""
