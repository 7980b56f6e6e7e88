"""The eighteenth held-out suite: Fjällmark Mutual, a Nordic mutual insurance and pension company
(written without reading the rules; imports nothing from ``ueba``).

``python -m benchmarks.heldout18 OUT --seed N [--days 24] [--scale 1.0] [--scored-days 5]``
writes ``OUT/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`` (five-minute delivery
files), ``OUT/truth.csv``, ``OUT/threat.txt`` and ``OUT/geo/fjallmark-{ASN,City}.mmdb``. The trail
ends on Friday 6 November 2026; the last ``scored_days`` days carry the incidents.
"""

from __future__ import annotations

from benchmarks.heldout18._write import END, Written, generate

__all__ = ["END", "Written", "generate"]
