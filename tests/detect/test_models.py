"""IsolationForestModel: a calibrated second opinion, saved with skops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("skops")

from ueba.detect.models import IsolationForestModel
from ueba.detect.rules import HITS
from ueba.detect.scorer import Scorer
from ueba.exceptions import ModelError


def _history(fx: Any, days: int = 6) -> pl.LazyFrame:
    rows = []
    for d in range(days):
        for h in range(0, 24, 2):
            # ordinary variety: 3-11 calls an hour over 1-3 APIs, now and then an error
            for i in range(3 + (d * 7 + h) % 9):
                rows.append(
                    {
                        **fx.role("app", "s", f"ASIAH{d}", None, None),
                        **fx.AWS_IP,
                        **fx.BOTO,
                        "event_name": ["GetObject", "PutObject", "HeadObject"][
                            i % (1 + (d + h) % 3)
                        ],
                        "error_code": "NoSuchKey" if (i + h) % 13 == 0 else None,
                        "event_time": fx.T0 - dt.timedelta(days=days - d, hours=-h, minutes=-i),
                    }
                )
    return fx.build(rows)


def _burst(fx: Any) -> pl.LazyFrame:
    r = {**fx.role("app", "x", "ASIAEVIL", None, None), **fx.ATTACKER_IP, **fx.MAC_CLI}
    return fx.build(
        [
            {
                **r,
                "event_name": f"List{i}",
                "error_code": "AccessDenied",
                "event_time": fx.T0 + dt.timedelta(seconds=i),
            }
            for i in range(40)
        ]
    )


def test_unusual_hour_scores_high_and_usual_hour_low(fx: Any) -> None:
    model = IsolationForestModel(n_estimators=50, random_state=0).fit(_history(fx))
    strange = model.score_samples(_burst(fx))["anomaly"][0]
    usual = model.score_samples(_history(fx, days=1))["anomaly"].max()
    assert strange > 0.99 and usual < strange


def test_hits_are_hits_and_the_scorer_uses_them(fx: Any) -> None:
    model = IsolationForestModel(n_estimators=50, random_state=0).fit(_history(fx))
    hits = model.hits(_burst(fx)).collect()
    assert dict(hits.schema) == dict(HITS) and hits.height == 1
    assert "stranger than" in hits["reason"][0]
    # a model judges against history: silent while the principal is learning, heard once mature
    assert not any(
        "isolation_forest" in rules
        for rules in Scorer(None, models=[model]).score(_burst(fx)).collect()["rules"]
    )
    role = "arn:aws:iam::653711331788:role/app"
    mature = fx.view([("principal", role, "api", "s3.amazonaws.com:GetObject")], mature=[role])
    out = Scorer(mature, models=[model]).score(_burst(fx)).collect()
    assert "isolation_forest" in out["rules"][0]


def test_save_and_load_round_trip_without_pickle(fx: Any, tmp_path: Path) -> None:
    model = IsolationForestModel(n_estimators=20, random_state=0).fit(_history(fx))
    path = model.save(tmp_path / "iforest.skops")
    again = IsolationForestModel.load(path)
    a = model.score_samples(_burst(fx))["anomaly"].to_list()
    assert again.score_samples(_burst(fx))["anomaly"].to_list() == a


def test_too_little_history_and_unfitted_are_model_errors(fx: Any) -> None:
    with pytest.raises(ModelError, match="principal-hour"):
        IsolationForestModel().fit(_burst(fx))
    with pytest.raises(ModelError, match="not fitted"):
        IsolationForestModel().score_samples(_burst(fx))
