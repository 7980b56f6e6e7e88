"""Attacks with workload and role credentials: a poisoned CI workflow, a notebook's key used
outside AWS, slow recon from inside a function, and a role chain from dev into prod."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout2._attacks import DEBIAN_CLI, VPS_BOTO, Run, _deny
from benchmarks.heldout2._benign import Row, row
from benchmarks.heldout2._org import DEV, HOME, Org
from benchmarks.heldout2._records import Call
from benchmarks.heldout2._workloads import gha_run, qa_run


def ci_lateral(org: Org) -> list[Row]:
    """A7: a poisoned pull-request workflow gets the dev deploy role through OIDC, from GitHub's
    own runners, and runs shell on the build box with SSM SendCommand."""
    t, rng = org.at["ssm_ci"], org.trail.rng("A7")
    call = gha_run(org, rng, DEV, t, steps=False)
    runner_cli = (
        "aws-cli/2.22.8 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 "
        "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{}"
    )
    run = Run(org, rng, call, t)
    run("sts", "GetCallerIdentity", cmd=runner_cli.format("sts.get-caller-identity"))
    run("ec2", "DescribeInstances", cmd=runner_cli.format("ec2.describe-instances"))
    run(
        "ssm",
        "DescribeInstanceInformation",
        cmd=runner_cli.format("ssm.describe-instance-information"),
    )
    run(
        "ssm",
        "SendCommand",
        req={
            "documentName": "AWS-RunShellScript",
            "instanceIds": ["i-07f3d92ab1c4e8850"],
            "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
        },
        cmd=runner_cli.format("ssm.send-command"),
    )
    run("ssm", "GetCommandInvocation", gap=20)
    run(
        "ssm",
        "SendCommand",
        req={"documentName": "AWS-RunShellScript", "instanceIds": ["i-07f3d92ab1c4e8850"]},
        cmd=runner_cli.format("ssm.send-command"),
    )
    run("secretsmanager", "ListSecrets", cmd=runner_cli.format("secretsmanager.list-secrets"))
    return [
        row(
            "A7",
            "SSM SendCommand from a poisoned CI workflow",
            t,
            run.t,
            label="attack",
            key=call.key or "",
            severity="medium",
        )
    ]


def sagemaker_outside(org: Org, keys: list[tuple[Call, dt.datetime]]) -> list[Row]:
    """A8: the notebook role's current key, taken from the notebook, used from a VPS."""
    t, rng = org.at["sagemaker_out"], org.trail.rng("A8")
    live = [call for call, start in keys if start <= t] or [keys[0][0]]
    stolen = live[-1]  # the key the notebook holds right now
    ip = org.plan.ip("datacamp_nl", rng)
    run = Run(
        org,
        rng,
        Call(
            stolen.actor,
            stolen.key,
            ip,
            DEBIAN_CLI.format(cmd="sts.get-caller-identity"),
            created=stolen.created,
        ),
        t,
    )
    run("sts", "GetCallerIdentity")
    for s, n in (
        ("s3", "ListBuckets"),
        ("glue", "GetDatabases"),
        ("glue", "GetTables"),
        ("athena", "ListWorkGroups"),
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryResults"),
        ("secretsmanager", "ListSecrets"),
        ("sagemaker", "ListNotebookInstances"),
    ):
        run(s, n, gap=25, cmd=DEBIAN_CLI.format(cmd=f"{s}.x"))
    return [
        row(
            "A8",
            "SageMaker notebook credentials used outside AWS",
            t,
            run.t,
            label="attack",
            key=stolen.key or "",
            ips=ip,
            severity="medium",
        )
    ]


def slow_recon(org: Org, envs: list[tuple[str, Call, dt.datetime, dt.datetime]]) -> list[Row]:
    """A9: code running inside webhook-dispatch (a poisoned dependency) enumerates one call every
    ~45 minutes, from the function's own address, key and user agent."""
    t0, rng = org.at["slow_recon"], org.trail.rng("A9")
    calls = (
        ("sts", "GetCallerIdentity"),
        ("iam", "ListRoles"),
        ("iam", "ListUsers"),
        ("s3", "ListBuckets"),
        ("ec2", "DescribeInstances"),
        ("kms", "ListKeys"),
        ("secretsmanager", "ListSecrets"),
        ("dynamodb", "ListTables"),
        ("lambda", "ListFunctions20150331"),
        ("rds", "DescribeDBInstances"),
        ("sns", "ListTopics"),
        ("cognito-idp", "ListUserPools"),
        ("iam", "GetAccountAuthorizationDetails"),
    )
    ids, t, i = [], t0, 0
    mine = [(c, s, e) for name, c, s, e in envs if name == "webhook-dispatch"]
    while i < len(calls) and mine:
        live = [c for c, s, e in mine if s <= t < e] or [
            min(mine, key=lambda m: abs((m[1] - t).total_seconds()))[0]
        ]
        svc, name = calls[i]
        error = _deny(svc, live[0], name) if name == "GetAccountAuthorizationDetails" else None
        ids.append(org.trail.emit(rng, live[0], t, svc, name, HOME, error=error))
        t += dt.timedelta(minutes=rng.uniform(35, 55))
        i += 1
    return [
        row(
            "A9",
            "slow recon from inside a Lambda function",
            t0,
            t,
            label="attack",
            events=" ".join(ids),
            severity="low",
        )
    ]


def role_chain(org: Org) -> list[Row]:
    """A10: the QA key, stolen, walks its usual chain from dev into prod from a VPS and reads
    function code and secrets there."""
    t, rng = org.at["chain"], org.trail.rng("A10")
    ip = org.plan.ip("ovh_fr", rng)
    agent = VPS_BOTO.replace("1.35.63", "1.35.40")
    prod = (
        ("lambda", "ListFunctions20150331"),
        ("lambda", "GetFunction20150331v2"),
        ("lambda", "GetFunction20150331v2"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
        ("iam", "ListRoles"),
        ("s3", "ListBuckets"),
    )
    qa_run(org, rng, t, ip, agent, org.keys["qa-automation"], prod_calls=prod)
    end = t + dt.timedelta(minutes=10)
    return [
        row(
            "A10",
            "role chaining from dev into prod",
            t,
            end,
            label="attack",
            key=org.keys["qa-automation"],
            ips=ip,
            severity="medium",
        ),
        row(
            "A10",
            "role chaining from dev into prod",
            t,
            end,
            label="attack",
            principal=org.actors["integration-test"].role_arn,
            ips=ip,
            severity="medium",
        ),
        row(
            "A10",
            "role chaining from dev into prod",
            t,
            end,
            label="attack",
            principal=org.actors["prod-support"].role_arn,
            ips=ip,
            severity="medium",
        ),
    ]


ROLE_ATTACKS = (ci_lateral, role_chain)
