"""ueba.detect.rules."""
