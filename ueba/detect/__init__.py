"""ueba.detect: rules, the Scorer and the daily job.

- :mod:`ueba.detect.rules`: one module per rule family and the ``RULES`` registry;
- :mod:`ueba.detect.scorer`: :class:`~ueba.detect.scorer.Scorer` folds rule hits into FINDINGS;
- :mod:`ueba.detect.daily`: moved to :mod:`ueba.pipeline` (re-exported here);
- :mod:`ueba.detect.models`: an optional IsolationForest second opinion (``ueba[ml]``).

See ``docs/rules.md``.
"""
