"""The semester, day by day: the background of every day, and on the last five days the
benign changes and attacks, with their truth rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout6 import _attacks_keys as keys
from benchmarks.heldout6 import _attacks_services as services
from benchmarks.heldout6 import _background as bg
from benchmarks.heldout6 import _benign as benign
from benchmarks.heldout6._net import NETS
from benchmarks.heldout6._org import Org, Person
from benchmarks.heldout6._records import role
from benchmarks.heldout6._workloads import Cluster, Hpc, eks_day, hpc_day, notebooks

START = dt.date(2026, 11, 5)  # a Thursday; Thanksgiving (Nov 26) falls in the scored days


def _lab(org: Org, lab: str) -> list[Person]:
    return [p for p in org.people if p.lab == lab]


def build(seed: int, days: int, scale: float) -> tuple[Org, list[dict[str, Any]], str]:
    """(the organisation with every record, the truth rows, the threat-listed address)."""
    org = Org(seed, START, days, scale)
    rng = org.rng
    s0 = days - 5
    hpc = Hpc.build(org)
    gen = org.accounts["genomics"]
    node_role = role(gen, "genomics-eks-NodeInstanceRole-7GH2K", rng)
    align = role(gen, "genomics-align-irsa", rng)
    nextflow = role(gen, "genomics-nextflow-irsa", rng)
    east = Cluster.build(
        org, "us-east-2", "genomics-pipelines", {"nextflow": nextflow, "align": align}, node_role
    )
    west = Cluster.build(org, "us-west-2", "genomics-gpu", {"nextflow": nextflow}, node_role)
    neuro = [
        org.person(n, "neuro", "neuro", ["cli_mac", "boto_mac"], True, False, i == 0)
        for i, n in enumerate(("ines.duarte", "karl.lund", "maya.stone"))
    ]
    for p in neuro:
        p.since = org.joins
    student = org.person(
        "sofia.marin", "climate", "research", ["cli_mac", "boto_mac"], False, False, False
    )
    student.since = days  # exists from B1's morning
    roster = org.people + neuro + [student]
    starters = {nb.name: _lab(org, nb.name.split("-")[0]) for nb in org.notebooks}
    threat_ip = NETS["m247"].address(rng)

    climate, health, ml, astro, genomics = (
        _lab(org, x) for x in ("climate", "health", "ml", "astro", "genomics")
    )
    # the history's conference week in Berlin (four of the climate lab)
    for p in climate[1:5]:
        p.extra["travel"] = {d: ("dfn", "telekom", 7) for d in range(7, 12) if d < s0}

    truth: list[dict[str, Any]] = []
    truth += benign.trip(
        org,
        range(s0 + 1, days),
        ml[:3],
        ("sinet", "ntt", 15),
        "B2",
        "a lab's conference trip to Japan with the usual laptops",
    )
    truth += benign.switch_tools(
        org,
        climate[5],
        range(s0 + 3, days),
        ["rclone"],
        "B4",
        "a researcher moves from the CLI to rclone",
    )
    truth += benign.switch_tools(
        org,
        astro[2],
        range(s0 + 2, days),
        ["cli_mac_new", "boto_mac"],
        "B10",
        "a student's new laptop",
    )
    health[0].extra["away"] = {s0 + 2, s0 + 3}  # B8's holiday, known before the days run
    peak = int(300 * scale)  # Spot instances at the deadline (300 at full scale)
    burst = {s0: {h: peak for h in range(14, 24)}, s0 + 1: {h: peak for h in range(0, 6)}}
    truth += benign.burst_truth(org, hpc, org.at(s0, 13.5), org.at(s0 + 1, 8))

    for index in range(days):
        bg.people(org, index, roster)
        bg.central_it(org, index)
        bg.analyzer(org, index)
        bg.data_transfer(org, index)
        bg.world(org, index)
        hpc_day(org, index, hpc, burst.get(index))
        ran = notebooks(
            org,
            index,
            starters,
            frozenset({"climate-notebook"}) if index == s0 + 3 else frozenset(),
        )
        if index >= s0 + 3:
            eks_day(
                org,
                index,
                Cluster(
                    east.region, east.nat_ip, east.provider, east.nodes, node_role, {"align": align}
                ),
            )
            eks_day(org, index, west, range(13, 24) if index == s0 + 3 else range(24))
            if index == s0 + 3:
                eks_day(
                    org,
                    index,
                    Cluster(
                        east.region,
                        east.nat_ip,
                        east.provider,
                        east.nodes,
                        node_role,
                        {"nextflow": nextflow},
                    ),
                    range(0, 13),
                )
        else:
            eks_day(org, index, east)
        if index < s0:
            continue
        day = index - s0
        if day == 0:
            truth += benign.new_student(org, index, student)
            truth += benign.new_account(
                org, index, neuro, [org.admin_roles["neuro"], org.analyzer["neuro"]]
            )
            truth += keys.leaked_github_key(org, index, ml[4])
        elif day == 1:
            truth += benign.access_review(org, index)
            truth += benign.rotate_key(org, index, genomics[3])
            truth += services.sagemaker_mining(org, index, ml[5], org.notebooks[1].role)
            truth += keys.exfiltration(org, index, health[3])
        elif day == 2:
            truth += benign.phone_holiday(org, range(index, index + 2), health[0])
            truth += services.console_takeover(org, index, health[1], health[2])
            truth += keys.quota_requests(org, index, genomics[4])
        elif day == 3:
            truth += benign.region_move(org, index, genomics[2], west, nextflow)
            sessions = ran["climate-notebook"]
            truth += services.notebook_outside(
                org, index, sessions[len(sessions) // 2], 10 + len(sessions) // 2 + 0.4
            )
            truth += services.public_write(org, index, climate[6])
            truth += keys.session_token_persistence(org, index, astro[4])
        elif day == 4:
            truth += keys.admin_backdoor(org, index, genomics[0], threat_ip)
            truth += services.stolen_pod_token(org, index, east, "align", align)
    return org, truth, threat_ip
