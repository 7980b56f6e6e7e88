"""The ninth held-out scenario suite: Tallgrass Goods, a US online retailer with a data platform.

Written blind: without reading ``ueba/detect/``, ``ueba/models/``, ``docs/rules.md``,
``docs/models.md``, any other suite's generator, runner, test or results. Nothing here imports
``ueba`` (``tests/evaluate/test_heldout9_suite.py`` checks with ``ast``).

``python -m benchmarks.heldout9 OUT --seed 1`` writes ``OUT/AWSLogs/...`` (S3 layout, one file
per account, region and five minutes), ``OUT/truth.csv`` and ``OUT/geo/heldout9-{ASN,City}.mmdb``.
"""

from benchmarks.heldout9._generate import TRUTH_COLUMNS, generate

__all__ = ["TRUTH_COLUMNS", "generate"]
