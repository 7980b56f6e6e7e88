"""ueba.io."""
