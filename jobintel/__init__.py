"""jobintel: public job postings in, role intelligence out."""

__version__ = "0.1.0"
__all__ = ["__version__"]
