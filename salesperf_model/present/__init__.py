"""Charts and words for the reports."""

__all__ = []
