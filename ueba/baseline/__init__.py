"""ueba.baseline."""
