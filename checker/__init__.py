"""checker: an offline, explainable coverage checker for CMI assignments."""

__version__ = "0.1.0"
