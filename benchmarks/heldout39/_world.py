"""The organisation's running state while its trail is written: the seed's generators, the
addresses handed out, role sessions with their current keys, and the bundles of records one
action writes (a role session minted by a service, an S3 object read with its KMS decrypt)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._records import Trail, assumed_role, iam_user, ident, role_arn, service


def kms_key(region: str, account: str, name: str) -> str:
    h = hashlib.md5(f"{account}/{name}".encode()).hexdigest()
    return (
        f"arn:aws:kms:{region}:{account}:key/{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"
    )


SSO_PATH = "/aws-reserved/sso.amazonaws.com/eu-north-1/"


@dataclass
class Session:
    """A role session: its identity (with the key), when it was minted and when it expires."""

    identity: dict[str, Any]
    key: str
    expires: dt.datetime
    role: str
    account: str
    minted: dt.datetime


class World:
    def __init__(self, seed: int, scale: float) -> None:
        self.seed = seed
        self.scale = scale
        self.rng = random.Random(seed * 7919 + 39)
        self.salt = f"heldout39-{seed}"
        self.trail = Trail(random.Random(seed * 104729 + 3), self.salt)
        self.addresses = org.Addresses(random.Random(seed * 31337 + 1))
        self.sessions: dict[tuple[str, str, str], list[Session]] = {}
        self.fixed: dict[str, str] = {}

    # addresses --------------------------------------------------------------------------
    def address(self, name: str, block: str) -> str:
        """The same address every time for ``name`` (a device, an office, an instance)."""
        if name not in self.fixed:
            self.fixed[name] = self.addresses.take(block)
        return self.fixed[name]

    def fresh(self, block: str) -> str:
        return self.addresses.take(block)

    # identities -------------------------------------------------------------------------
    def user_key(self, account: str, user: str) -> str:
        return ident("AKIA", f"key/{account}/{user}", self.salt)

    def user(self, account: str, user: str, key: str | None = None) -> dict[str, Any]:
        return iam_user(account, user, key or self.user_key(account, user), self.salt)

    def sso_role(self, permission_set: str) -> str:
        return f"AWSReservedSSO_{permission_set}_{org.PERMISSION_SETS[permission_set]}"

    def session(
        self,
        when: dt.datetime,
        account: str,
        role: str,
        name: str,
        *,
        minted_by: str | None = None,
        hours: float = 1.0,
        path: str = "/",
        region: str = org.HOME,
        caller: tuple[dict[str, Any], str, str] | None = None,
        external_id: str | None = None,
        web_identity: dict[str, Any] | None = None,
        invoked_by: str | None = None,
        new: bool = False,
    ) -> Session:
        """The current session of ``role`` named ``name``, minted anew (with the STS record
        AWS writes) when the last one expired. ``minted_by``: the service that assumes it
        (``ec2.amazonaws.com`` ...); ``caller``: (identity, address, agent) of a principal
        that calls AssumeRole itself; ``web_identity``: AssumeRoleWithWebIdentity's."""
        slot = (account, role, name)
        if not new:
            # the session live at ``when``: minted before it and not yet expired (a caller
            # asking about an earlier hour than the last minting gets that hour's key)
            for live in reversed(self.sessions.get(slot, [])):
                if live.minted <= when < live.expires:
                    return live
        key = self.trail.session_key()
        identity = assumed_role(
            account,
            role,
            name,
            key,
            when,
            self.salt,
            path=path,
            web_identity=web_identity,
            invoked_by=invoked_by,
        )
        expires = when + dt.timedelta(hours=hours)
        request: dict[str, Any] = {
            "roleArn": role_arn(account, role, path),
            "roleSessionName": name,
        }
        if external_id is not None:
            request["externalId"] = external_id
        if hours != 1.0:
            request["durationSeconds"] = int(hours * 3600)
        response = {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + key[4:12],
                "expiration": expires.strftime("%b %-d, %Y, %-I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": identity["principalId"],
                "arn": identity["arn"],
            },
        }
        if minted_by is not None:
            self.trail.event(
                when,
                account,
                region,
                service(minted_by),
                "sts.amazonaws.com",
                "AssumeRole",
                minted_by,
                minted_by,
                request=request,
                response=response,
                resources=[
                    {"accountId": account, "type": "AWS::IAM::Role", "ARN": request["roleArn"]}
                ],
                extra={"sharedEventID": self.trail.uuid()},
            )
        elif caller is not None:
            who, address, agent = caller
            self.trail.event(
                when,
                account,
                region,
                who,
                "sts.amazonaws.com",
                "AssumeRole",
                address,
                agent,
                request=request,
                response=response,
                resources=[
                    {"accountId": account, "type": "AWS::IAM::Role", "ARN": request["roleArn"]}
                ],
            )
        current = Session(identity, key, expires, role, account, when)
        self.sessions.setdefault(slot, []).append(current)
        return current

    # bundles of records -----------------------------------------------------------------
    def s3_object(
        self,
        when: dt.datetime,
        account: str,
        who: dict[str, Any],
        name: str,
        bucket: str,
        key: str,
        address: str,
        agent: str,
        *,
        region: str = org.HOME,
        size: int = 180_000,
        kms: bool = True,
        endpoint: str | None = None,
        error: tuple[str, str] | None = None,
    ) -> None:
        """GetObject / PutObject on a bucket with data events on, and the KMS call S3 makes
        for the caller when the bucket encrypts with a KMS key."""
        arn = f"arn:aws:s3:::{bucket}/{key}"
        extra: dict[str, Any] = {
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": size if name == "PutObject" else 0,
                "AuthenticationMethod": "AuthHeader",
                "x-amz-id-2": base64.b64encode(
                    self.trail.rng.getrandbits(144).to_bytes(18, "big")
                ).decode(),
                "bytesTransferredOut": size if name == "GetObject" else 0,
            }
        }
        self.trail.event(
            when,
            account,
            region,
            who,
            "s3.amazonaws.com",
            name,
            address,
            agent,
            request={
                "bucketName": bucket,
                "Host": f"{bucket}.s3.{region}.amazonaws.com",
                "key": key,
            },
            response=None,
            error=error,
            endpoint=endpoint,
            resources=[
                {"type": "AWS::S3::Object", "ARN": arn},
                {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
            ],
            extra=extra,
        )
        if kms and error is None:
            kms_name = "Decrypt" if name == "GetObject" else "GenerateDataKey"
            on_behalf = dict(who)
            on_behalf["invokedBy"] = "s3.amazonaws.com"
            self.trail.event(
                when,
                account,
                region,
                on_behalf,
                "kms.amazonaws.com",
                kms_name,
                "s3.amazonaws.com",
                "s3.amazonaws.com",
                read_only=True,
                request={
                    "encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{bucket}"},
                    "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                },
                resources=[
                    {
                        "accountId": account,
                        "type": "AWS::KMS::Key",
                        "ARN": kms_key(region, account, bucket),
                    }
                ],
            )

    def s3_list(
        self,
        when: dt.datetime,
        account: str,
        who: dict[str, Any],
        bucket: str,
        prefix: str,
        address: str,
        agent: str,
        *,
        region: str = org.HOME,
        error: tuple[str, str] | None = None,
    ) -> None:
        self.trail.event(
            when,
            account,
            region,
            who,
            "s3.amazonaws.com",
            "ListObjects",
            address,
            agent,
            request={
                "bucketName": bucket,
                "Host": f"{bucket}.s3.{region}.amazonaws.com",
                "list-type": "2",
                "prefix": prefix,
            },
            error=error,
            resources=[
                {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}
            ],
            extra={
                "additionalEventData": {
                    "SignatureVersion": "SigV4",
                    "CipherSuite": "TLS_AES_128_GCM_SHA256",
                    "AuthenticationMethod": "AuthHeader",
                }
            },
        )

    def times(self, day: dt.date, n: int, start: float, end: float) -> list[dt.datetime]:
        """``n`` moments of ``day`` between hours ``start`` and ``end`` (UTC), in order."""
        base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        return sorted(
            base + dt.timedelta(seconds=self.rng.uniform(start * 3600, end * 3600))
            for _ in range(n)
        )

    def count(self, mean: float) -> int:
        """A day's count around ``mean`` (scaled by the organisation's size)."""
        m = mean * self.scale
        return max(0, int(self.rng.gauss(m, max(1.0, m * 0.15))))
