"""The credentials of the organisation's workloads, derived from the seed and the time alone so
that background and incidents agree on which key a workload held at a given moment (an attack
steals the key the workload really had), without sharing state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from benchmarks.heldout12 import _org, _trail


@dataclass(frozen=True)
class Workload:
    """A role whose keys an AWS service mints: every ``period`` hours per ``unit`` (instance,
    function, gateway certificate)."""

    name: str
    account: str
    region: str
    role: str
    minter: str  # ec2.amazonaws.com, lambda.amazonaws.com, rolesanywhere.amazonaws.com, ...
    units: tuple[str, ...]  # instance ids, function names, certificate serials, ...
    period: int = 1
    kind: str = "service"  # "ec2", "lambda", "notebook", "gateway", "iot", "config"


def slot(w: Workload, when: dt.datetime) -> dt.datetime:
    """The start of the key period ``when`` falls in."""
    hour = (when.hour // w.period) * w.period
    return when.replace(hour=hour, minute=0, second=0, microsecond=0)


def key_at(seed: int, w: Workload, unit: str, when: dt.datetime, serial: str = "") -> str:
    """The session key ``unit`` of ``w`` held at ``when`` (a new one each period)."""
    return _trail.key(_trail.rng(seed, "key", w.name, unit, serial, slot(w, when).isoformat()))


def session_name(w: Workload, unit: str) -> str:
    return {"lambda": unit, "ec2": unit, "notebook": "SageMaker", "iot": "IoTRule"}.get(
        w.kind, unit
    )


A = _org.ACCOUNTS
CA, US = _org.CA, _org.US

HISTORIAN = Workload(
    "historian", A["otdata"], CA, "HistorianReplicator", "rolesanywhere.amazonaws.com",
    ("pi-gw-sudbury-01", "pi-gw-sudbury-02", "pi-gw-ottawa-01", "pi-gw-canton-01"), kind="gateway",
)  # fmt: skip
EDGE = Workload(
    "edge", A["gridiot"], CA, "SubstationEdgeTelemetry", "rolesanywhere.amazonaws.com",
    ("edge-rtu-sudbury-07", "edge-rtu-ottawa-03", "edge-rtu-canton-02"), kind="gateway",
)  # fmt: skip
ETL = Workload(
    "etl", A["otdata"], CA, "historian-etl-instance", "ec2.amazonaws.com",
    ("i-0a4f3c9e21b7d5806", "i-0c81e77d2f9a0b413"), kind="ec2",
)  # fmt: skip
NOTEBOOK = Workload(
    "notebook", A["otdata"], CA, "ScadaAnalyticsNotebookRole", "sagemaker.amazonaws.com",
    ("scada-analytics-nb",), kind="notebook",
)  # fmt: skip
DECODER = Workload(
    "decoder", A["gridiot"], CA, "meter-decoder-role", "lambda.amazonaws.com",
    ("meter-decoder",), period=4, kind="lambda",
)  # fmt: skip
CORRELATOR = Workload(
    "correlator", A["gridiot"], CA, "outage-correlator-role", "lambda.amazonaws.com",
    ("outage-correlator",), period=4, kind="lambda",
)  # fmt: skip
IOT_RULE = Workload(
    "iotrule", A["gridiot"], CA, "iot-meter-to-kinesis", "iot.amazonaws.com", ("meter_ingest",),
    kind="iot",
)  # fmt: skip
FORWARDER = Workload(
    "forwarder", A["security"], CA, "securityhub-forwarder-role", "lambda.amazonaws.com",
    ("securityhub-to-soc",), period=6, kind="lambda",
)  # fmt: skip
MODEL_RUNNER = Workload(
    "modelrunner", A["outage"], CA, "outage-model-runner", "ec2.amazonaws.com",
    ("i-07d2b4e8c1a93f560", "i-0e5a9c3b7f1d24e88"), kind="ec2",
)  # fmt: skip
CONFIG = {
    name: Workload(
        f"config-{name}",
        acct,
        CA,
        "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        "config.amazonaws.com",
        ("AWSConfig-Describe",),
        period=1,
        kind="config",
    )
    for name, acct in A.items()
}
SERVICE_WORKLOADS = (ETL, NOTEBOOK, DECODER, CORRELATOR, IOT_RULE, FORWARDER)
GATEWAYS = (HISTORIAN, EDGE)


def cert_serial(seed: int, gateway: str, renewed: bool) -> str:
    """A gateway certificate's serial number (the Roles Anywhere session name)."""
    r = _trail.rng(seed, "cert", gateway, renewed)
    return "".join(r.choice("0123456789abcdef") for _ in range(32))


def site_of(gateway: str) -> str:
    """The network a gateway reaches AWS from."""
    return {"sudbury": "sub_north", "ottawa": "sub_east", "canton": "sub_ohio"}[
        gateway.split("-")[2]
    ]
