"""What persists across PMCT's days: instances, long-term keys, partners' external IDs."""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.heldout37._org import SFTP_USERS
from benchmarks.heldout37._plan import Plan
from benchmarks.heldout37._records import Trail


@dataclass
class World:
    nodes_old: list[str]
    nodes_new: list[str]
    gateways: list[str]
    sftp_users: list[str]
    bridge_key_old: str
    bridge_key_new: str
    billing_key: str
    edi_admin_key: str
    tokyo_instances: list[str]
    broker_external_id: str = "pmct-customs-7731"
    authority_external_id: str = "MPA-VTS-2291-PMCT"
    vendor_external_id: str = "kranwerk-support-5530"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls, trail: Trail, plan: Plan) -> World:
        nodes = plan.count(6, 2)
        return cls(
            nodes_old=[trail.instance_id() for _ in range(nodes)],
            nodes_new=[trail.instance_id() for _ in range(nodes)],
            gateways=[f"qc{n:02d}-greengrass-core" for n in range(1, plan.count(10, 2) + 1)],
            sftp_users=list(SFTP_USERS[: plan.count(12, 3)]),
            bridge_key_old=trail.key_id("AKIA"),
            bridge_key_new=trail.key_id("AKIA"),
            billing_key=trail.key_id("ASIA"),
            edi_admin_key=trail.key_id("AKIA"),
            tokyo_instances=[trail.instance_id() for _ in range(2)],
        )
