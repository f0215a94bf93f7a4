"""Reference solutions, one module per kata, mirroring ``katas/``."""
