"""ueba.testing."""
