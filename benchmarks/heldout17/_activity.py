"""A day (or part of a day) of one actor as CloudTrail records: how many calls, when, with
which key (minted how), from which address, to which API."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout17._net import NETS, aws_address
from benchmarks.heldout17._org import EAST, SECURITY, VENDOR, Actor
from benchmarks.heldout17._trail import Role, Trail, iso, key_id, service_identity

UTC = dt.UTC
SERVICE = {
    "ec2": "ec2.amazonaws.com",
    "lambda": "lambda.amazonaws.com",
    "sagemaker": "sagemaker.amazonaws.com",
    "glue": "glue.amazonaws.com",
    "config": "config.amazonaws.com",
    "pod": "pods.eks.amazonaws.com",
}
OBJECT_APIS = {"GetObject", "PutObject"}
OIDC_EKS = "oidc.eks.us-east-1.amazonaws.com/id/5C2E41D97B0A3F6E8D1C4B2A9F7E6D53"
GITHUB_OIDC = "token.actions.githubusercontent.com"
PIPELINE = (
    "sts:GetCallerIdentity",
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
    "sts:GetCallerIdentity",
    "iam:GetRole",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "eks:DescribeCluster",
    "eks:DescribeNodegroup",
    "s3:GetBucketPolicy",
    "kms:DescribeKey",
    "lambda:GetFunction",
)


def stable(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


@dataclass
class World:
    """What every actor shares: the trail, the seed, the first day, the EC2 prefixes and each
    account's NAT gateway addresses."""

    trail: Trail
    seed: int
    start: dt.date
    prefixes: dict[str, list[str]]
    nat: dict[str, list[str]]

    def rng(self, *parts: object) -> random.Random:
        return random.Random(f"heldout17|{self.seed}|" + "|".join(map(str, parts)))


def hour_weights(actor: Actor) -> list[float]:
    """Relative activity per UTC hour: people in their working window, workloads on the US
    daytime swing."""
    start, end = actor.hours
    if actor.kind in ("sso", "user", "github", "vendor") or (start, end) != (0, 24):
        return [1.0 if (start <= h < end or start <= h + 24 < end) else 0.0 for h in range(24)]
    return [1.0 + 0.6 * math.cos(2 * math.pi * (h - 19) / 24) for h in range(24)]


def times(
    actor: Actor, day: dt.date, t0: dt.datetime, t1: dt.datetime, n: int, rng: random.Random
) -> list[dt.datetime]:
    """``n`` call times in [t0, t1) following the actor's hours, with a few bursts."""
    midnight = dt.datetime.combine(day, dt.time(), UTC)
    weights = hour_weights(actor)
    hours = [
        h
        for h in range(24)
        if weights[h] > 0
        and t0 < midnight + dt.timedelta(hours=h + 1)
        and midnight + dt.timedelta(hours=h) < t1
    ]
    if not hours or n <= 0:
        return []
    bursts = [rng.choice(hours) * 3600 + rng.randrange(0, 3000) for _ in range(3)]
    out = []
    for _ in range(n):
        if actor.units > 2 and rng.random() < 0.15:
            sec = rng.choice(bursts) + rng.randrange(0, 600)
        else:
            sec = rng.choices(hours, [weights[h] for h in hours])[0] * 3600 + rng.randrange(0, 3600)
        t = midnight + dt.timedelta(seconds=sec)
        if t0 <= t < t1:
            out.append(t)
    return sorted(out)


def count(actor: Actor, day: dt.date, rng: random.Random, scale: float) -> int:
    weekend = day.weekday() >= 5
    mean = actor.per_day * scale * (actor.weekend if weekend else 1.0)
    return max(0, int(rng.gauss(mean, mean * 0.12))) if mean > 0 else 0


def address(
    world: World,
    actor: Actor,
    day_index: int,
    unit: int,
    slot: int,
    t: dt.datetime,
    rng: random.Random,
) -> str:
    """Where the call comes from: a NAT gateway, an AWS address of the unit's life, a home
    address leased for some days, or the office."""
    if actor.kind == "config":
        return "config.amazonaws.com"
    if actor.kind == "ec2":
        slot = 0  # an instance keeps its address for its life
    net = actor.nets[unit % len(actor.nets)] if actor.kind not in ("sso", "user") else None
    if net is not None and net.startswith("nat:"):
        pool = world.nat[net[4:]]
        return pool[unit % len(pool)]
    if net is not None and net.startswith("aws:"):
        return aws_address(
            world.prefixes[net[4:]], random.Random(stable(world.seed, actor.name, unit, slot))
        )
    if net is not None:
        return NETS[net].nth(stable(world.seed, actor.name, unit, slot) % 7)
    # people: the office on some weekdays, else home, whose lease changes every 4 to 9 days
    home = actor.nets[0]
    office = (
        "office" in actor.nets[1:]
        and t.weekday() < 5
        and stable(world.seed, actor.name, day_index) % 5 < 2
    )
    if office:
        return NETS["office"].nth(stable(actor.name) % 3)
    lease = (day_index + stable(actor.name) % 5) // (4 + stable(actor.name) % 6)
    return NETS[home].nth(stable(world.seed, actor.name, "lease", lease))


def params(
    actor: Actor, api: str, rng: random.Random
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(requestParameters, extra record fields) of a call."""
    service, name = api.split(":")
    if service == "bedrock-runtime" and name == "ApplyGuardrail":
        return {
            "guardrailIdentifier": "gr-tessellate-prod",
            "guardrailVersion": "7",
            "source": "INPUT",
        }, {}
    if service == "bedrock-runtime" and actor.resources:
        return {"modelId": rng.choice(actor.resources)}, {}
    if service == "s3" and name in OBJECT_APIS | {"ListObjects"}:
        bucket = rng.choice(actor.resources) if actor.resources else "tessellate-artifacts"
        if name == "ListObjects":
            return {
                "bucketName": bucket,
                "prefix": rng.choice(("datasets/", "runs/", "batches/")),
                "list-type": "2",
            }, _data(bucket, None, actor)
        key = f"{rng.choice(('datasets', 'checkpoints', 'batches'))}/{rng.randrange(1, 9999):05d}.parquet"
        return {"bucketName": bucket, "key": key}, _data(bucket, key, actor)
    return None, {}


def _data(bucket: str, key: str | None, actor: Actor) -> dict[str, Any]:
    arn = f"arn:aws:s3:::{bucket}" + (f"/{key}" if key else "")
    return {
        "managementEvent": False,
        "eventCategory": "Data",
        "resources": [{"type": "AWS::S3::Object" if key else "AWS::S3::Bucket", "ARN": arn}],
    }


class Sessions:
    """The keys an actor uses, minted on first use with the trail record that mints them."""

    def __init__(self, world: World, actor: Actor, tag: str, *, minted: bool = False) -> None:
        # minted: the keys were minted by another part of the same day (no second record)
        self.world, self.actor, self.tag, self.minted = world, actor, tag, minted
        self.live: dict[tuple[int, int, str], tuple[str, dict[str, Any], str]] = {}

    def get(
        self, unit: int, slot: int, t: dt.datetime, ip: str, surface: str = "cli"
    ) -> tuple[str, dict[str, Any]]:
        found = self.live.get((unit, slot, surface))
        if found is None:
            found = self.mint(unit, slot, t, ip, surface)
            self.live[(unit, slot, surface)] = found
        return found[0], found[1]

    def mint(
        self, unit: int, slot: int, t: dt.datetime, ip: str, surface: str
    ) -> tuple[str, dict[str, Any], str]:
        a, w = self.actor, self.world
        if a.kind == "user":
            assert a.user is not None
            key = key_id("AKIA", a.user.arn)
            return key, a.user.identity(key), ""
        role = a.role
        assert role is not None
        key = key_id("ASIA", w.seed, a.name, self.tag, unit, slot, surface)
        start = t - dt.timedelta(seconds=5 + stable(key) % 40)
        session, extra = self.session_name(unit, slot, start)
        identity = role.identity(session, key, start, **extra)
        if a.kind == "sso" and surface == "console":
            identity = role.identity(session, key, start, mfa=False)
        if not self.minted:
            self.record_mint(role, session, key, start, ip, surface)
        return key, identity, session

    def session_name(self, unit: int, slot: int, start: dt.datetime) -> tuple[str, dict[str, Any]]:
        a = self.actor
        if a.kind == "irsa":
            return f"botocore-session-{int(start.timestamp())}", {}
        if a.kind == "pod":
            return f"eks-inference-{a.name}-{stable(a.name, unit, slot) % 16**8:08x}", {}
        if a.kind == "ec2":
            return f"i-0{stable(self.world.seed, a.name, self.tag, unit) % 16**16:016x}", {}
        if a.kind == "lambda":
            return a.role.name.removesuffix("-fn") if a.role else a.name, {}
        if a.kind == "sagemaker":
            return "SageMaker", {}
        if a.kind == "glue":
            return "GlueJobRunnerSession", {}
        if a.kind == "config":
            return "AWSConfig-Describe", {"invokedBy": "config.amazonaws.com"}
        if a.kind == "sso":
            return a.person, {}
        if a.kind == "vendor":
            return f"labelnorth-writer-{unit}", {}
        if a.kind == "github":
            return "GitHubActions", {}
        return "secops-audit", {}

    def record_mint(
        self, role: Role, session: str, key: str, t: dt.datetime, ip: str, surface: str
    ) -> None:
        a, trail = self.actor, self.world.trail
        creds = {
            "accessKeyId": key,
            "sessionToken": "<redacted>",
            "expiration": iso(t + dt.timedelta(hours=a.rotate if a.kind not in ("sso",) else 12)),
        }
        response = {
            "credentials": creds,
            "assumedRoleUser": {
                "assumedRoleId": f"{role.role_id}:{session}",
                "arn": role.session_arn(session),
            },
        }
        request = {"roleArn": role.arn, "roleSessionName": session, "durationSeconds": 3600}
        kw = {"account": role.account, "params": request, "response": response}
        if a.kind in SERVICE and a.kind != "config":
            host = SERVICE[a.kind]
            trail.call(t, service_identity(host), host, host, a.region, "sts:AssumeRole", **kw)
        elif a.kind in ("irsa", "github"):
            provider = OIDC_EKS if a.kind == "irsa" else GITHUB_OIDC
            subject = (
                f"system:serviceaccount:inference:{a.name}"
                if a.kind == "irsa"
                else f"repo:{a.resources[0]}:ref:refs/heads/main"
            )
            identity = {
                "type": "WebIdentityUser",
                "principalId": f"arn:aws:iam::{role.account}:oidc-provider/{provider}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": f"arn:aws:iam::{role.account}:oidc-provider/{provider}",
            }
            trail.call(
                t, identity, ip, a.agents[0], a.region, "sts:AssumeRoleWithWebIdentity", **kw
            )
        elif a.kind == "sso":
            provider = (
                f"arn:aws:iam::{role.account}:saml-provider/AWSSSO_1f3c9a7e52d4b0e6_DO_NOT_DELETE"
            )
            identity = {
                "type": "SAMLUser",
                "principalId": f"Kb3v9Qx1TzYp0mWc7NdR2s4=:{a.person}",
                "userName": a.person,
                "identityProvider": provider,
            }
            trail.call(
                t, identity, ip, a.agents[-1], a.region, "sts-global:AssumeRoleWithSAML", **kw
            )
            if surface == "console":
                login = role.identity(session, key, t)
                trail.call(
                    t + dt.timedelta(seconds=2),
                    login,
                    ip,
                    a.agents[-1],
                    a.region,
                    "signin:ConsoleLogin",
                    account=role.account,
                    response={"ConsoleLogin": "Success"},
                    extra={
                        "additionalEventData": {
                            "MobileVersion": "No",
                            "MFAUsed": "No",
                            "LoginTo": "https://console.aws.amazon.com/",
                        }
                    },
                )
        elif a.kind == "vendor":
            identity = {
                "type": "AWSAccount",
                "principalId": "AROAT6VENDORPIPE7Q2XJ:labelnorth-pipeline",
                "accountId": VENDOR,
            }
            kw["params"] = {**request, "externalId": "ln-tessellate-4c81f0"}
            trail.call(t, identity, ip, a.agents[0], a.region, "sts:AssumeRole", **kw)
        elif a.kind == "audit":
            runner = Role(SECURITY, "secops-audit-runner")
            identity = runner.identity(
                "secops-audit-runner", key_id("ASIA", self.world.seed, "runner", t.date()), t
            )
            trail.call(
                t,
                identity,
                aws_address(self.world.prefixes[EAST], random.Random(stable(key))),
                a.agents[0],
                EAST,
                "sts:AssumeRole",
                account=role.account,
                params=request,
                response=response,
            )


def run(
    world: World,
    actor: Actor,
    day_index: int,
    t0: dt.datetime,
    t1: dt.datetime,
    *,
    scale: float,
    tag: str = "",
    n: int | None = None,
    minted: bool = False,
) -> list[str]:
    """The actor's calls in [t0, t1) of day ``day_index`` (all its calls that day when the
    window is the whole day); returns their event ids."""
    day = world.start + dt.timedelta(days=day_index)
    rng = world.rng(actor.name, actor.region, tag, day_index, t0.hour, minted)
    if n is None:
        whole = count(actor, day, rng, scale)
        n = round(whole * (t1 - t0).total_seconds() / 86400)
    if actor.kind == "github":
        return pipelines(world, actor, day_index, t0, t1, rng, n, tag)
    sessions = Sessions(world, actor, tag, minted=minted or actor.shadow)
    ids = []
    for t in times(actor, day, t0, t1, n, rng):
        unit = rng.randrange(actor.units)
        slot = int(t.timestamp()) // (3600 * actor.rotate)
        if actor.kind == "sso":
            slot = day_index
        surface = "console" if actor.kind == "sso" and rng.random() < actor.console else "cli"
        agent = (
            actor.agents[-1]
            if surface == "console"
            else actor.agents[stable(t) % max(1, len(actor.agents) - (actor.kind == "sso"))]
        )
        ip = address(world, actor, day_index, unit, slot, t, rng)
        if actor.kind == "config":
            agent = ip
        _, identity = sessions.get(unit, slot, t, ip, surface)
        api = rng.choices([m[0] for m in actor.mix], [m[1] for m in actor.mix])[0]
        request, extra = params(actor, api, rng)
        error = None
        if rng.random() < actor.errors:
            error = (
                "AccessDenied"
                if actor.kind in ("sso", "user") or rng.random() < 0.5
                else "ThrottlingException"
            )
        ids.append(
            world.trail.call(
                t,
                identity,
                ip,
                agent,
                actor.region,
                api,
                account=actor.account,
                params=request,
                error=error,
                extra=extra,
            )
        )
    return ids


def pipelines(
    world: World,
    actor: Actor,
    day_index: int,
    t0: dt.datetime,
    t1: dt.datetime,
    rng: random.Random,
    runs: int,
    tag: str,
) -> list[str]:
    """GitHub Actions workflow runs: OIDC, the image push, then Terraform's plan/apply reads."""
    day = world.start + dt.timedelta(days=day_index)
    ids = []
    starts = times(actor, day, t0, t1, runs, rng)
    for run_no, t in enumerate(starts):
        ip = NETS["github"].pick(rng)
        region = actor.region if run_no % 3 else ("us-west-2" if actor.region == EAST else EAST)
        sessions = Sessions(world, actor, tag)
        _, identity = sessions.get(run_no, stable(t), t, ip)
        for step, api in enumerate(PIPELINE):
            when = t + dt.timedelta(seconds=20 + step * rng.randrange(4, 30))
            agent = actor.agents[0] if step < 7 else actor.agents[1]
            ids.append(
                world.trail.call(when, identity, ip, agent, region, api, account=actor.account)
            )
    return ids
