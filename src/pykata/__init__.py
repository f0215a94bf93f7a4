"""pykata: self-grading code katas for Python backend interviews."""

__version__ = "0.1.0"
