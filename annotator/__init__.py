"""annotator: side-by-side span annotation with cross-document links."""

__version__ = "0.1.0"
