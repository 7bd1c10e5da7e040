"""Import and export of documents and annotations."""
