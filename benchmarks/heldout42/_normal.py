"""A day of Sendero Boletos going about its business: the checkout and inventory pods on EKS
(IRSA), the Lambda functions, the seat-map Auto Scaling fleet with its SSM agent, GitLab CI,
Datadog and the payment and data vendors assuming their roles with external IDs, the box-office
kiosks through IAM Roles Anywhere, the service users' long-term keys, AWS Config, and the people
through IAM Identity Center. ``changes`` (name -> when) switches the benign changes on."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from . import _org as o
from . import _outside
from ._net import NETS
from ._trail import Cred, Trail


class Normal:
    def __init__(
        self, trail: Trail, seed: int, scale: float, changes: dict[str, dt.datetime]
    ) -> None:
        self.t, self.changes = trail, changes
        self.rng = random.Random(f"heldout42:{seed}:normal")

        def n(full: int, low: int = 1) -> int:
            return max(low, round(full * scale))

        others = [p for p in o.PEOPLE if not p.core]
        keep = {p.user for p in others[: n(len(others), 2)]}
        self.people = [p for p in o.PEOPLE if p.core or p.user in keep]
        self.pods = n(10, 2)
        self.inventory = n(3)
        self.seatmap = [f"i-0{self.rng.getrandbits(64):016x}" for _ in range(n(4, 2))]
        self.kiosks = [
            (f"{self.rng.getrandbits(80):020x}", ("venue_telmex", "venue_gdl")[i % 2], i)
            for i in range(n(6, 2))
        ]
        self.fest_web = [f"i-0{self.rng.getrandbits(64):016x}" for _ in range(2)]
        self.keys = {
            u: trail.key("AKIA")
            for u in ("svc-venue-scanner", "svc-mailer", "svc-media-upload", "svc-metabase")
        }
        self.replacements: list[str] = []  # the instances Auto Scaling brings in (B11)
        self.home = {p.user: NETS[p.home].host(self.rng.randrange(1 << 16)) for p in o.PEOPLE}

    def on(self, change: str, at: dt.datetime) -> bool:
        when = self.changes.get(change)
        return when is not None and at >= when

    # -- helpers ------------------------------------------------------------------------------
    def burst(
        self, cred: Cred, at: dt.datetime, seconds: int, n: int, menu: Sequence[tuple[str, str, int, str | None]],
        region: str, ip: str, ua: str, *, err: float = 0.003, vpce: str | None = None, throttle: float = 0.0,
    ) -> None:  # fmt: skip
        rng = self.rng
        weights = [w for _, _, w, _ in menu]
        choices = list(menu)
        for _ in range(n):
            source, name, _, target = rng.choices(choices, weights)[0]
            when = at + dt.timedelta(seconds=rng.randrange(max(seconds, 1)))
            error = None
            if rng.random() < err:
                error = "AccessDenied"
            elif source == "dynamodb" and rng.random() < throttle:
                error = "ProvisionedThroughputExceededException"
            agent = (
                ua.replace("{api}", source)
                .replace("{sid}", f"{rng.getrandbits(32):08x}")
                .replace("{cmd}", f"{source}.{name.lower()}")
            )
            extra: dict[str, Any] = {}
            res = o.resources(source, cred.account, target)
            if res:
                extra["resources"] = res
            self.t.emit(when, cred, source, name, region, ip, agent, params=o.params(source, name, target, rng), error=error, vpce=vpce, extra=extra)  # fmt: skip

    def service_call(
        self, cred: Cred, at: dt.datetime, host: str, source: str, name: str, region: str
    ) -> None:
        """A call an AWS service makes for ``cred`` (KMS for S3, Glue for Athena)."""
        identity = {**cred.identity, "invokedBy": host}
        self.t.emit(at, identity, source, name, region, host, host, account=cred.account)

    # -- one day --------------------------------------------------------------------------------
    def day(self, day: dt.date) -> None:
        for h in range(24):
            at = dt.datetime.combine(day, dt.time(h))
            self.pods_hour(at)
            self.functions_hour(at)
            self.fleet_hour(at)
            _outside.vendors_hour(self, at)
            _outside.keys_hour(self, at)
            self.config_hour(at)
        local = (dt.datetime.combine(day, dt.time(12)) + o.LOCAL).weekday()
        if local < 5:
            self.ci_day(day)
        self.people_day(day, weekend=local >= 5)

    def egress(self, pod: int, at: dt.datetime) -> str:
        if pod % 2 == 1 and self.on("nat", at):
            return NETS["nat_new"].host(6)
        return NETS["nat_a" if pod % 2 == 0 else "nat_b"].host(9 if pod % 2 == 0 else 21)

    def pods_hour(self, at: dt.datetime) -> None:
        rng, t = self.rng, self.t
        local = (at + o.LOCAL).hour
        peak = 3 if 11 <= local <= 23 else 1
        onsale = self.on("onsale", at) and not self.on("onsale_end", at)
        pods = self.pods * (3 if onsale else 1)
        vpce = self.on("vpce", at)
        for pod in range(pods):
            ip = (
                f"10.40.{16 + pod % 2 * 16 + pod // 50}.{10 + pod % 200}"
                if vpce
                else self.egress(pod, at)
            )
            start = at + dt.timedelta(seconds=rng.randrange(60))
            cred, _ = t.by_web_identity(
                start, o.PROD, "eks-checkout-api", str(int(start.timestamp() * 1e9) + pod), o.EKS_OIDC,
                "system:serviceaccount:checkout:checkout-api", o.MX, ip, o.UA["go_pod"].replace("{api}", "sts"),
                vpce="vpce-0a4c1e9d27b5f8e31" if vpce else None,
            )  # fmt: skip
            n = rng.randrange(2, 5) * peak * (3 if onsale else 1)
            self.burst(cred, start, 3500, n, o.MENUS["checkout"], o.MX, ip, o.UA["go_pod"], throttle=0.04 if onsale else 0.002,
                       vpce="vpce-07d2b8a1c4e6f9302" if vpce else None)  # fmt: skip
            if self.on("release", at):
                extra = [("secretsmanager", "GetSecretValue", 1, None), ("kms", "Decrypt", 1, None)]
                self.burst(
                    cred,
                    start,
                    120,
                    2,
                    extra,
                    o.MX,
                    ip,
                    o.UA["go_pod"],
                    err=0,
                    vpce="vpce-0e3b7c9a1d5f2e864" if vpce else None,
                )
        for pod in range(self.inventory):
            ip = self.egress(pod, at)
            start = at + dt.timedelta(seconds=rng.randrange(60, 400))
            cred, _ = t.by_web_identity(
                start, o.PROD, "eks-inventory-sync", str(int(start.timestamp() * 1e9) + 77 + pod), o.EKS_OIDC,
                "system:serviceaccount:inventory:sync-worker", o.MX, ip, o.UA["go_pod"].replace("{api}", "sts"),
            )  # fmt: skip
            self.burst(
                cred,
                start,
                3000,
                rng.randrange(1, 4),
                o.MENUS["inventory"],
                o.MX,
                ip,
                o.UA["go_pod"],
            )

    def functions_hour(self, at: dt.datetime) -> None:
        rng = self.rng
        functions = (
            ("waiting-room-drainer", "lambda_py", [("sqs", "ReceiveMessage", 3, "waiting-room"), ("sqs", "DeleteMessage", 2, "waiting-room"), ("dynamodb", "UpdateItem", 2, "sendero-inventory")], 4),
            ("ticket-pdf-render", "lambda_node", [("s3", "PutObject", 3, o.BUCKETS["tickets"]), ("s3", "GetObject", 1, o.BUCKETS["seatmaps"])], 3),
            ("pagonauta-webhook", "lambda_py", [("dynamodb", "UpdateItem", 3, "sendero-orders"), ("sqs", "SendMessage", 2, "checkout-events"), ("secretsmanager", "GetSecretValue", 1, None)], 2),
        )  # fmt: skip
        if not hasattr(self, "envs"):
            self.envs: dict[str, tuple[Cred, str]] = {}
        for name, ua, menu, rate in functions:
            if at.hour % 4 == 0 or name not in self.envs:
                cred = self.t.by_service(at + dt.timedelta(seconds=rng.randrange(30)), o.PROD, f"{name}-role", name, "lambda.amazonaws.com", o.MX, hours=12)  # fmt: skip
                self.envs[name] = (cred, NETS["mx_lambda"].pick(rng))
            cred, ip = self.envs[name]
            self.burst(
                cred,
                at + dt.timedelta(seconds=40),
                3500,
                rate + rng.randrange(3),
                menu,
                o.MX,
                ip,
                o.UA[ua],
            )

    def fleet_hour(self, at: dt.datetime) -> None:
        rng = self.rng
        if not hasattr(self, "fleet_keys"):
            self.fleet_keys: dict[str, Cred] = {}
        fleet = [(i, "mx_ec2", n, "seatmap-renderer", o.PROD) for n, i in enumerate(self.seatmap)]
        if self.on("asg", at):
            fleet = fleet[2:] + [
                (i, "mx_ec2_new", n + 20, "seatmap-renderer", o.PROD)
                for n, i in enumerate(getattr(self, "replacements", []))
            ]
        if self.on("fest", at):
            fleet += [
                (i, "fest_ec2", n + 40, "festival-web", o.FEST) for n, i in enumerate(self.fest_web)
            ]
        for instance, net, n, role, account in fleet:
            if instance not in self.fleet_keys or (at.hour + n) % 6 == 0:
                self.fleet_keys[instance] = self.t.by_service(at + dt.timedelta(seconds=n * 7), account, role, instance, "ec2.amazonaws.com", o.MX, ec2=True)  # fmt: skip
            cred, ip = self.fleet_keys[instance], NETS[net].host(30 + n)
            ua = o.UA["seatmap_new" if self.on("sdk", at) else "seatmap"]
            menu = (
                o.MENUS["seatmap"]
                if account == o.PROD
                else [
                    ("s3", "GetObject", 2, o.BUCKETS["fest"]),
                    ("cloudwatch", "PutMetricData", 2, None),
                ]
            )
            self.burst(
                cred, at + dt.timedelta(seconds=60), 3400, rng.randrange(2, 5), menu, o.MX, ip, ua
            )
            ssm = [
                ("ssm", "UpdateInstanceInformation", 1, None),
                ("ec2messages", "GetMessages", 3, None),
                ("ssm", "ListInstanceAssociations", 1, None),
            ]
            self.burst(
                cred, at + dt.timedelta(seconds=90), 3400, 2, ssm, o.MX, ip, o.UA["ssm"], err=0
            )
            if at.hour % 3 == 0 and account == o.PROD:
                self.service_call(
                    cred, at + dt.timedelta(seconds=200), "s3.amazonaws.com", "kms", "Decrypt", o.MX
                )

    def config_hour(self, at: dt.datetime) -> None:
        accounts = [a for a in o.ACCOUNTS if a != o.FEST or self.on("fest", at)]
        for account in accounts:
            cred = self.t.session(at, account, "AWSServiceRoleForConfig", "AWSConfig-Describe")
            cred.identity["invokedBy"] = "config.amazonaws.com"
            ip = "config.amazonaws.com"
            self.burst(
                cred,
                at + dt.timedelta(minutes=5),
                3000,
                2,
                o.MENUS["config"],
                o.MX if account in (o.PROD, o.FEST) else o.USE1,
                ip,
                ip,
                err=0,
            )

    def ci_day(self, day: dt.date) -> None:
        rng = self.rng
        for _ in range(rng.randrange(3, 6)):
            at = dt.datetime.combine(day, dt.time(rng.randrange(16, 24), rng.randrange(60)))
            self.pipeline(at, NETS["gitlab"].host(rng.randrange(256)))

    def pipeline(
        self, at: dt.datetime, ip: str, *, project: str = "checkout-api"
    ) -> tuple[Cred, str]:
        job = self.rng.randrange(7_000_000_000, 8_000_000_000)
        subject = f"project_path:sendero/{project}:ref_type:branch:ref:main"
        cred, event = self.t.by_web_identity(at, o.PROD, "gitlab-deploy", f"GitLab-{job}", o.GITLAB, subject, o.USE1, ip, o.UA["gitlab"])  # fmt: skip
        menu = [
            ("ecr", "GetAuthorizationToken", 1, None),
            ("ecr", "PutImage", 1, None),
            ("ecr", "InitiateLayerUpload", 2, None),
            ("eks", "DescribeCluster", 1, None),
            ("lambda", "UpdateFunctionCode", 1, None),
            ("s3", "PutObject", 1, o.BUCKETS["seatmaps"]),
        ]
        self.burst(
            cred, at + dt.timedelta(seconds=10), 400, 7, menu, o.MX, ip, o.UA["gitlab"], err=0
        )
        return cred, event

    def people_day(self, day: dt.date, *, weekend: bool) -> None:
        rng = self.rng
        for p in self.people:
            if weekend and not (p.menu == "sre" and rng.random() < 0.3):
                continue
            travelling = self.on("travel", dt.datetime.combine(day, dt.time(12))) and not self.on(
                "travel_end", dt.datetime.combine(day, dt.time(0))
            )
            if travelling and p.user == "andres.villalobos":
                continue
            if not weekend and rng.random() < 0.1:  # a day off
                continue
            at = dt.datetime.combine(day, dt.time(15)) + dt.timedelta(minutes=rng.randrange(150))
            if self.on("reorg", at) and p.menu == "analyst":
                grants: tuple[tuple[str, str], ...] = ((o.DATA, "DataPlatformEngineer"),)
            else:
                grants = p.grants
            self.person_session(
                p, at, grants[0] if rng.random() < 0.75 else rng.choice(grants), short=weekend
            )

    def person_session(
        self,
        p: o.Person,
        at: dt.datetime,
        grant: tuple[str, str],
        *,
        short: bool = False,
        ip: str | None = None,
    ) -> Cred:
        rng = self.rng
        local = at + o.LOCAL
        if ip is None:
            ip = (
                NETS["hq"].host(40 + o.PEOPLE.index(p))
                if p.home == "hq" or local.weekday() in (1, 3)
                else self.home[p.user]
            )
        console = p.console and (p.cli is None or rng.random() < 0.5)
        ua = o.BROWSERS[p.browser] if console else o.cli_ua(p.cli or "macos#24.1.0")
        account, permission_set = grant
        cred, _ = self.t.by_saml(
            at,
            account,
            permission_set,
            p.email,
            ip,
            ua.replace("{sid}", "0").replace("{cmd}", "sso.login"),
            console=console,
        )
        region = o.USE1 if account in (o.DATA, o.MGMT, o.SEC) else o.MX
        n = rng.randrange(4, 10) if short else rng.randrange(12, 40)
        self.burst(
            cred,
            at + dt.timedelta(seconds=30),
            6 * 3600 if not short else 1800,
            n,
            o.MENUS[p.menu],
            region,
            ip,
            ua,
        )
        if p.menu == "analyst":
            for _ in range(n // 4):
                self.service_call(
                    cred,
                    at + dt.timedelta(seconds=rng.randrange(6 * 3600)),
                    "athena.amazonaws.com",
                    "glue",
                    "GetTable",
                    o.USE1,
                )
        return cred
