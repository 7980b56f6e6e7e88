"""The machines of Tallgrass Goods: ECS Fargate services, EC2 fleets, EMR, Glue, SageMaker,
Jenkins and the service-linked roles, one day at a time.

Each function writes one actor's day; ``state`` carries what outlives a day (task ids,
instance ids and addresses). ``peak`` multiplies the calls for the same APIs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._net import aws_host
from benchmarks.heldout9._org import (
    DATA,
    GO_TASK,
    HOME_REGION,
    JENKINS_CLI,
    MKT,
    NODE_TASK,
    RESIZE_EC2,
    SSM_AGENT,
    STORE,
    TERRAFORM,
    TOOLS,
    Org,
    calls,
    cross_account,
    diurnal,
    mint,
    spread,
)

# (service, task role, user agent, calls per task-hour, menu)
SERVICES: dict[str, list[tuple[str, str, str, float, list[tuple[str, float]]]]] = {
    STORE: [
        (
            "web-frontend",
            "storefront-web-task",
            NODE_TASK,
            6.0,
            [("GetParameter", 4), ("Decrypt", 3), ("GetSecretValue", 1)],
        ),
        (
            "checkout-api",
            "checkout-task",
            GO_TASK,
            9.0,
            [("GetSecretValue", 3), ("Decrypt", 4), ("GenerateDataKey", 3)],
        ),
        (
            "catalog-api",
            "catalog-task",
            NODE_TASK,
            4.0,
            [("GetParameter", 2), ("GetParametersByPath", 1), ("Decrypt", 2)],
        ),
        (
            "order-worker",
            "order-worker-task",
            GO_TASK,
            5.0,
            [("GenerateDataKey", 3), ("PutObject", 4), ("Decrypt", 1)],
        ),
    ],
    MKT: [
        (
            "seller-api",
            "seller-api-task",
            NODE_TASK,
            5.0,
            [("GetSecretValue", 2), ("Decrypt", 3), ("GetParameter", 2)],
        ),
    ],
}


def instance_id(org: Org) -> str:
    return "i-0" + "".join(org.rng.choice(list("0123456789abcdef"), 16))


def _task(org: Org) -> str:
    return "".join(org.rng.choice(list("0123456789abcdef"), 32))


def ecs_services(
    org: Org, index: int, account: str, state: dict[str, Any], peak: float = 1.0
) -> None:
    """Fargate tasks behind the account's NAT; a weekday deploy replaces them; keys every 6 h.
    ``peak`` > 1 runs that many times the tasks (Application Auto Scaling), same calls each."""
    nat = org.nat[account]
    midnight, next_midnight = org.t(index, 0), org.t(index, 24)
    for name, role, ua, rate, menu in SERVICES[account]:
        base = 3 if account == STORE else 2
        current = state.get(name) or [_task(org) for _ in range(base)]
        if org.day(index).weekday() < 5 and name in state:  # the afternoon deploy
            at = org.t(index, float(org.rng.uniform(14, 20)))
            fresh = [_task(org) for _ in range(base)]
            windows = [(t, midnight, at) for t in current] + [(t, at, next_midnight) for t in fresh]
            current = fresh
        else:
            windows = [(t, midnight, next_midnight) for t in current]
        state[name] = current
        extra = round(base * (peak - 1))
        windows += [(_task(org), midnight, next_midnight) for _ in range(extra)]
        for task, start, end in windows:
            load = diurnal(org, index, rate)
            own = load[(load >= start) & (load < end)]
            hour = start
            while hour < end:
                stop = min(hour + 6 * 3600, end)
                key = mint(org, hour, account, HOME_REGION, role, task, "ecs-tasks.amazonaws.com")
                ident = R.session(account, role, task, key, hour)
                _task_calls(org, own[(own >= hour) & (own < stop)], account, ident, nat, ua, menu)
                hour = stop


def _task_calls(
    org: Org,
    times: np.ndarray,
    account: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    menu: list[tuple[str, float]],
) -> None:
    puts = [m for m in menu if m[0] == "PutObject"]
    plain = [m for m in menu if m[0] != "PutObject"]
    if not puts:
        calls(org, times, account, HOME_REGION, ident, ip, ua, plain)
        return
    share = puts[0][1] / sum(m[1] for m in menu)
    is_put = org.rng.random(len(times)) < share
    calls(org, times[~is_put], account, HOME_REGION, ident, ip, ua, plain)
    for t in times[is_put]:
        obj = f"orders/{org.day(0).year}/{int(org.rng.integers(100000, 999999))}.json"
        org.trail.add(
            float(t),
            account,
            HOME_REGION,
            "PutObject",
            ident,
            ip,
            ua.format(api="s3"),
            data=True,
            params={
                "bucketName": "tg-order-exports",
                "key": obj,
                "Host": "tg-order-exports.s3.us-east-2.amazonaws.com",
            },
            extra={
                "resources": [
                    {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::tg-order-exports/{obj}"}
                ]
            },
        )


def ec2_fleet(
    org: Org,
    index: int,
    account: str,
    role: str,
    instances: list[tuple[str, str]],
    menu: list[tuple[str, float]],
    ua: str,
    per_hour: float,
    *,
    hours: tuple[float, float] = (0, 24),
    nat: str | None = None,
) -> list[tuple[float, str, str]]:
    """Instances with an instance profile: ``ec2.amazonaws.com`` mints a key per instance and
    hour; the SSM agent checks in; the app calls ``menu``. Returns (minted, instance, key)."""
    keys: list[tuple[float, str, str]] = []
    for instance, ip in instances:
        source = nat or ip
        for hour in range(int(hours[0]), int(hours[1])):
            t0 = org.t(index, hour) + float(org.rng.uniform(0, 300))
            key = mint(org, t0, account, HOME_REGION, role, instance, "ec2.amazonaws.com", hours=6)
            keys.append((t0, instance, key))
            ident = R.session(account, role, instance, key, t0, ec2=True)
            times = spread(org, t0, t0 + 3600, org.n(per_hour))
            calls(org, times, account, HOME_REGION, ident, source, ua, menu)
            agent = spread(org, t0, t0 + 3600, 2)
            calls(
                org,
                agent,
                account,
                HOME_REGION,
                ident,
                source,
                SSM_AGENT,
                [("UpdateInstanceInformation", 1), ("ListInstanceAssociations", 1)],
            )
    return keys


def image_resize(
    org: Org, index: int, state: dict[str, Any], peak: float = 1.0
) -> list[tuple[float, str, str]]:
    fleet = state.setdefault(
        "resize", [(instance_id(org), aws_host(HOME_REGION, org.rng)) for _ in range(3)]
    )
    if peak > 1 and "resize:peak" not in state:  # Auto Scaling adds capacity for the peak
        added = [
            (instance_id(org), aws_host(HOME_REGION, org.rng)) for _ in range(int(3 * peak) - 3)
        ]
        for instance, _ in added:
            org.trail.add(
                org.t(index, 0.2),
                STORE,
                HOME_REGION,
                "RunInstances",
                R.service("autoscaling.amazonaws.com"),
                "autoscaling.amazonaws.com",
                "autoscaling.amazonaws.com",
                source="ec2.amazonaws.com",
                params={
                    "instanceType": "c7g.xlarge",
                    "launchTemplate": {"launchTemplateName": "image-resize"},
                },
                response={"instancesSet": {"items": [{"instanceId": instance}]}},
            )
        state["resize:peak"] = fleet + added
    fleet = state.get("resize:peak", fleet) if peak > 1 else fleet
    menu = [("Decrypt", 2), ("GetParameter", 1)]
    return ec2_fleet(
        org, index, STORE, "image-resize-ec2", fleet, menu, RESIZE_EC2, 5 * min(peak, 1.5)
    )


def jenkins(org: Org, index: int, state: dict[str, Any], moved: bool) -> None:
    """The Jenkins controller and two agents in the tools account, behind its NAT."""
    nat = org.nat[TOOLS]
    agents = state.setdefault("jenkins", [(instance_id(org), nat) for _ in range(3)])
    if moved and "jenkins:new" not in state:
        state["jenkins:new"] = [(instance_id(org), nat) for _ in range(3)]
    menu = [("GetAuthorizationToken", 2), ("GetParameter", 1), ("DescribeInstances", 1)]
    if moved:
        cut = 10.0 if index == state.setdefault("jenkins:moved_on", index) else 0.0
        keys = (
            ec2_fleet(
                org,
                index,
                TOOLS,
                "jenkins-agent",
                agents,
                menu,
                JENKINS_CLI,
                3,
                hours=(0, cut),
                nat=nat,
            )
            if cut
            else []
        )
        keys += ec2_fleet(
            org,
            index,
            TOOLS,
            "jenkins-agent",
            state["jenkins:new"],
            menu,
            JENKINS_CLI,
            3,
            hours=(cut, 24),
            nat=nat,
        )
        state["jenkins:current"] = state["jenkins:new"]
    else:
        keys = ec2_fleet(org, index, TOOLS, "jenkins-agent", agents, menu, JENKINS_CLI, 3, nat=nat)
        state["jenkins:current"] = agents
    state["jenkins:keys"] = keys


def agent_key_at(state: dict[str, Any], t: float, pick: int) -> tuple[float, str, str]:
    """The key a Jenkins agent holds at ``t`` (minted, instance, key)."""
    held = [k for k in state["jenkins:keys"] if k[0] <= t]
    instances = sorted({k[1] for k in held})
    instance = instances[pick % len(instances)]
    return max(k for k in held if k[1] == instance)


def jenkins_assume(
    org: Org, t: float, account: str, name: str, state: dict[str, Any], pick: int, ua: str
) -> tuple[str, list[str]]:
    """A Jenkins agent assumes ``jenkins-deploy`` in ``account``: logged in the tools account
    with the agent's identity and in ``account`` as the tools account. Returns (key, eventIDs)."""
    nat = org.nat[TOOLS]
    minted, instance, agent_key = agent_key_at(state, t, pick)
    caller = R.session(TOOLS, "jenkins-agent", instance, agent_key, minted, ec2=True)
    key = org.trail.key()
    here = org.trail.add(
        t,
        TOOLS,
        HOME_REGION,
        "AssumeRole",
        caller,
        nat,
        ua,
        params={"roleArn": R.role_arn(account, "jenkins-deploy"), "roleSessionName": name},
        response={"credentials": R.credentials(key, t, 1)},
    )
    _, there = cross_account(
        org,
        t,
        account,
        "jenkins-deploy",
        name,
        TOOLS,
        f"{R.stable_id('AROA', R.role_arn(TOOLS, 'jenkins-agent'))}:{instance}",
        nat,
        ua,
        key=key,
    )
    return key, [here, there]


def deploy(org: Org, t: float, account: str, state: dict[str, Any], what: str) -> None:
    """A Jenkins job: the agent assumes ``jenkins-deploy`` in ``account`` and rolls out."""
    nat = org.nat[TOOLS]
    name = f"jenkins-{what}-{int(org.rng.integers(1000, 9999))}"
    key, _ = jenkins_assume(
        org,
        t,
        account,
        name,
        state,
        int(org.rng.integers(0, 3)),
        JENKINS_CLI.format(cmd="sts.assume-role"),
    )
    ident = R.session(account, "jenkins-deploy", name, key, t)
    if account == DATA:
        menu = [("GetTable", 2), ("UpdateTable", 1), ("GetDatabase", 1), ("DescribeClusters", 1)]
        calls(
            org, spread(org, t + 5, t + 300, 12), account, HOME_REGION, ident, nat, TERRAFORM, menu
        )
    else:
        menu = [
            ("RegisterTaskDefinition", 1),
            ("UpdateService", 1),
            ("DescribeServices", 4),
            ("DescribeTasks", 2),
        ]
        calls(
            org,
            spread(org, t + 5, t + 400, 14),
            account,
            HOME_REGION,
            ident,
            nat,
            JENKINS_CLI,
            menu,
        )


def service_roles(org: Org, index: int, account: str) -> None:
    """AWS Config's and Application Auto Scaling's service-linked roles."""
    roles = [
        (
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            "config.amazonaws.com",
            [
                ("DescribeInstances", 2),
                ("DescribeSecret", 1),
                ("DescribeClusters", 1),
                ("ListBuckets", 1),
            ],
            3.0,
        )
    ]
    if account == STORE:
        roles.append(
            (
                "AWSServiceRoleForApplicationAutoScaling_ECSService",
                "AutoScaling",
                "application-autoscaling.amazonaws.com",
                [("DescribeServices", 5)],
                4.0,
            )
        )
    for role, name, host, menu, rate in roles:
        for hour in range(0, 24, 6):
            t0 = org.t(index, hour)
            key = mint(org, t0, account, HOME_REGION, role, name, host, hours=6)
            ident = R.session(account, role, name, key, t0)
            ident["invokedBy"] = host
            calls(
                org,
                spread(org, t0, t0 + 6 * 3600, org.n(rate * 6)),
                account,
                HOME_REGION,
                ident,
                host,
                host,
                menu,
                deny=0,
            )
