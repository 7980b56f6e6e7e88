"""ueba.investigate."""
