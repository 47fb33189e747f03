"""withhold: keep protected identifiers off a published site."""

__version__ = "0.1.0"
