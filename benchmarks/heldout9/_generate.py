"""The run: every day's background, the benign changes and the attacks on the scored days,
the trail written in S3 layout, ``truth.csv`` and the MaxMind databases."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from benchmarks.heldout9 import _attacks as A
from benchmarks.heldout9 import _attacks_sessions as S
from benchmarks.heldout9._changes import changes, rotate, staff
from benchmarks.heldout9._data import emr_nightly, glue_jobs, sagemaker_notebooks
from benchmarks.heldout9._net import NETS, write_mmdb
from benchmarks.heldout9._org import DATA, MKT, STORE, Org, make_org
from benchmarks.heldout9._people import (
    fivetran,
    legacy_users,
    person_day,
    prowler_run,
    snowflake,
    snowflake_ips,
)
from benchmarks.heldout9._workloads import (
    deploy,
    ecs_services,
    image_resize,
    jenkins,
    service_roles,
)
from benchmarks.heldout9._write import TRUTH_COLUMNS, write_trail, write_truth

__all__ = ["TRUTH_COLUMNS", "generate"]


def generate(
    out: str | Path, *, seed: int = 1, days: int = 24, scale: float = 1.0
) -> dict[str, Any]:
    """Write the suite into ``out``; returns a summary (days, scored days, events, files)."""
    if days < 8:
        raise ValueError("heldout9 needs at least 8 days (3 of history before the 5 scored)")
    org = make_org(seed, days, scale)
    state: dict[str, Any] = {}
    keys = {name: org.trail.key("AKIA") for name in ("wms-sync", "wms-labels", "edi-feed")}
    warehouse = NETS["warehouse"].host(org.rng)
    sf_ips, ft_ips = snowflake_ips(org), [NETS["fivetran"].host(org.rng) for _ in range(2)]
    s = [org.scored(k) for k in range(5)]
    for index in range(days):
        peak = 5.0 if index >= s[1] else 1.0
        ramp = 1.0 + min(max(index - (days - 15), 0), 10) * 0.08  # November builds up to the peak
        ecs_services(org, index, STORE, state, peak=peak if peak > 1 else ramp)
        resize_keys = image_resize(org, index, state, peak=peak)
        jenkins(org, index, state, moved=index >= s[1])
        if index == s[1]:  # the key the SSRF will steal: the one minted at 15:00
            state["resize:s1"] = next(k for k in resize_keys if k[0] >= org.t(index, 15))
        if index == s[3]:
            state["jenkins:s3"] = {"jenkins:keys": list(state["jenkins:keys"])}
        service_roles(org, index, STORE)
        service_roles(org, index, DATA)
        emr_nightly(org, index, new_release=index >= s[2])
        glue_jobs(org, index)
        sagemaker_notebooks(org, index, state)
        if index == s[0]:
            state["sagemaker:keys:s0"] = list(state["sagemaker:keys"])
        snowflake(org, index, sf_ips)
        fivetran(org, index, ft_ips)
        if index == s[1]:
            keys.update(rotate(org, index, keys, warehouse))
        legacy_users(org, index, keys, warehouse)
        for person in org.people:
            person_day(org, index, person)
        if org.day(index).weekday() < 5:
            for _ in range(int(org.rng.integers(1, 4))):
                deploy(
                    org,
                    org.t(index, float(org.rng.uniform(14, 22))),
                    STORE if org.rng.random() < 0.7 else DATA,
                    state,
                    "deploy",
                )
        if (
            org.day(index).weekday() == 1 and index < s[4]
        ):  # the weekly Prowler run, storefront only
            prowler_run(org, index, staff(org, "owen.mercer"), (STORE,), org.n(150))
        if index >= s[0]:
            _marketplace(org, index, state)
        if index == s[2]:
            state["mkt:s2"] = list(state["mkt"]["seller-api"])
    changes(org, state, s)
    _attacks(org, state, s, keys)
    files = write_trail(org.trail.records, Path(out))
    write_truth(org.truth, Path(out) / "truth.csv")
    write_mmdb(Path(out))
    return {
        "days": [str(org.day(i)) for i in range(days)],
        "scored": [str(org.day(i)) for i in s],
        "events": len(org.trail.records),
        "files": files,
        "new_account": MKT,
        "new_account_day": str(org.day(s[0])),
    }


def _marketplace(org: Org, index: int, state: dict[str, Any]) -> None:
    """The marketplace account (from the first scored day): its service, Config, the admin and
    Jenkins deploying into it."""
    mkt_state = state.setdefault("mkt", {})
    ecs_services(org, index, MKT, mkt_state)
    admin = dataclasses.replace(staff(org, "maya.okafor"), accounts=(MKT,))
    person_day(org, index, admin)
    if org.day(index).weekday() < 5:
        deploy(org, org.t(index, float(org.rng.uniform(15, 21))), MKT, state, "mkt")
    service_roles(org, index, MKT)


def _attacks(org: Org, state: dict[str, Any], s: list[int], keys: dict[str, str]) -> None:
    notebook = state["sagemaker:keys:s0"]
    key, _, minted = notebook[int(org.rng.integers(0, len(notebook)))]
    org.truth.append(A.notebook_role(org, key, minted))
    minted, instance, key = state["resize:s1"]
    org.truth.append(A.ssrf_imds(org, s[1], instance, key, minted))
    org.truth.append(S.redshift_share(org, s[2], staff(org, "lena.fischer").email))
    org.truth.append(S.vendor_off_network(org, s[2]))
    org.truth.append(A.new_account_task(org, s[2], state["mkt:s2"][0]))
    org.truth.append(A.codefinger(org, s[3], keys["edi-feed"]))
    org.truth.append(S.jenkins_secrets(org, s[3], state["jenkins:s3"]))
    org.truth.append(A.cryptomining(org, s[3]))
    org.truth.append(A.guivil(org, s[4], keys["wms-labels"]))
    org.truth.append(S.evasion(org, s[4], staff(org, "maya.okafor").email))
