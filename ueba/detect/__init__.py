"""ueba.detect."""
