"""ueba.enrich."""
