"""ueba.export."""
