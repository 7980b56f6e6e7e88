"""The sixteenth held-out scenario suite: Salish Metro Transit, a city's public transit
authority (us-west-2 and us-east-1), written without reading the rules (``docs/evaluation.md``).

``python -m benchmarks.heldout16 OUT --seed N`` writes ``OUT/AWSLogs/...`` (S3-layout CloudTrail
delivery files), ``OUT/truth.csv``, ``OUT/threat.txt`` and ``OUT/geo/heldout16-{ASN,City}.mmdb``.
Nothing is imported from ``ueba``.
"""

from benchmarks.heldout16.output import Written, build, generate

__all__ = ["Written", "build", "generate"]
