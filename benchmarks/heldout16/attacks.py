"""The attacks of the scored days, each after a public write-up, and their truth rows (the
attacker's key, address and event ids; the severity the reader should see at least):
``attacks_keys`` (long-term and service keys used elsewhere) and ``attacks_sessions``
(federated, cross-account and CI sessions)."""

from __future__ import annotations

from benchmarks.heldout16.attacks_keys import (
    connect_toll_fraud,
    glue_creds_outside,
    leaked_sftp_key,
    pilot_instance_theft,
    scheduler_recon,
)
from benchmarks.heldout16.attacks_sessions import (
    dispatcher_from_vps,
    iot_policy_takeover,
    msp_stop_logging,
    planner_ransom_command,
    public_fare_bucket,
    snapshot_share,
)
from benchmarks.heldout16.background import World
from benchmarks.heldout16.benign import Row


def write(world: World, old_keys: dict[str, str]) -> list[Row]:
    return [
        leaked_sftp_key(world, old_keys["svc-fareproc-sftp"]),
        scheduler_recon(world),
        dispatcher_from_vps(world),
        msp_stop_logging(world),
        iot_policy_takeover(world),
        planner_ransom_command(world),
        public_fare_bucket(world),
        connect_toll_fraud(world),
        snapshot_share(world),
        glue_creds_outside(world),
        pilot_instance_theft(world),
    ]
