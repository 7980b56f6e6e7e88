"""Test helpers for users and for ueba's own tests: fakes, contract suites and generators.

- :mod:`ueba.testing.corpus`: a seeded CloudTrail corpus in the S3 layout, for benchmarks.
- :mod:`ueba.testing.synth`: a seeded synthetic organisation with injected compromises.
- :mod:`ueba.testing.geo`: ``FakeGeoReader``, an in-memory stand-in for MaxMind databases.
- :mod:`ueba.testing.rules`: ``check_rule``, the contract every detection rule passes.

Sub-modules are imported on use; nothing here runs at import time.
"""
