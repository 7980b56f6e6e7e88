"""credential_outside_workload: a workload's session key used from outside AWS.

The GuardDuty ``InstanceCredentialExfiltration.OutsideAWS`` signal. A key minted for an EC2
instance, ECS task or Lambda function is only ever used from inside AWS; seen from a public
non-AWS address (or an invalid one), it has been copied out. Needs no baseline.

EKS pods (``eks_pod``): an IRSA role's ``AssumeRoleWithWebIdentity`` with the cluster's OIDC
token (``oidc.eks.<region>.amazonaws.com``) runs on the cluster's nodes, so it and the key it mints
come from the nodes or their NAT gateway, inside AWS. The exchange or the key seen from a public
non-AWS address is the pod's service-account token used outside the cluster (the same
``OutsideAWS`` reasoning; EKS Hybrid Nodes on premises would need an allow-list entry).

False-alarm sources handled (seed 001, the Netflix talk):
- AWS acting for you: ``invokedBy`` set, source ``<service>.amazonaws.com``, ``AWS Internal``;
- VPC endpoints and private addresses: ``source_kind`` is ``vpc_endpoint`` / ``private``;
- Elastic IPs / ENIs / NAT gateways (BYOIP addresses look public): an address named by a
  successful ``AssociateAddress`` / ``AllocateAddress`` / ``CreateNatGateway`` today is the
  account's own: the hit drops to **info** and its reason names the event;
- Lambda's churning AWS addresses stay ``aws`` and are never "outside".

``foreign_vpc_endpoint``: the call came through a VPC endpoint owned by *another* account
(``vpcEndpointAccountId``): the key is being used inside someone else's network.

Service-run jobs (``sagemaker``, ``glue``, ``codebuild``, ``step_functions``): the execution
role's key is minted by the service principal (``AssumeRole`` by ``sagemaker.amazonaws.com``...)
for code that runs on AWS hosts (a notebook instance, a training job, a Glue job, a build), so the
same reasoning holds from the first day of a trail. Step Functions calls the services itself, as
``invokedBy``: those are service calls and skipped, so only a copied key can hit.

A third signal needs no IP at all (the OTRF case, every address sanitised to 1.2.3.4): a
workload credential driven by a desktop client (aws-cli on macOS or Windows). Lambda and ECS
run Linux; Windows EC2 instances exist, so Windows on EC2/ECS weighs less.

``fleet_outlier`` (:mod:`._fleet_outlier`, **medium**, basis novelty): one session of a large
fleet of identities (a Cognito identity pool's role held by every player) driven by a client the
role never used and no other session uses today, from outside AWS, calling APIs the role never
called and no other session calls: the fleet's credential in someone else's tool.
``pool_rented_reads`` (:mod:`._pool_reads`, **medium**): an identity pool's
key (Cognito) from a rented network reading data in bulk with calls its role never made.
Windows hosts (``windows_kinds``: EC2 instances, ECS and EKS Windows containers, CodeBuild's
Windows images) call with the Windows builds of AWS's own tools: every Windows AMI runs the SSM
agent and the CloudWatch agent (``aws-sdk-go (go1.x; windows; amd64) amazon-ssm-agent``), and
its applications and admins use the .NET SDK, AWS Tools for PowerShell or aws-cli, from the
instance itself. So a Windows client on such a key, seen from inside the workload's own network
(an EC2 address of AWS's ranges, a private address or VPC endpoint, or a public address the
trail names as the account's own), is the host's own tooling, not a desktop: no hit. Only a
browser or console there is a person's tool on the host, and that alone is **low** (the
network says the key has not left AWS; ``credential_ip_lock`` judges another AWS network).
From a public non-AWS address the Windows client is a desktop again (high, as macOS).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, workload_who
from ueba.detect.rules._base import OUTSIDE_KINDS, SERVICE_JOB_KINDS, WORKLOAD_KINDS, Rule
from ueba.detect.rules._fleet_outlier import fleet_outliers
from ueba.detect.rules._pool_reads import pool_rented_reads
from ueba.detect.rules._trail import address_changes


class CredentialOutsideWorkload(Rule):
    """A workload's session key used from a non-AWS address or by a desktop client."""

    name = "credential_outside_workload"
    family = "credential_misuse"
    basis = "self"
    severity = "high"
    weight = 0.9
    # the kinds it fires on (EC2, ECS, Lambda, EKS pods, service jobs; a Cognito or vendor
    # fleet's session) are named by the finding's actor after the title, not in it
    description = "a workload's session credentials used outside the workload"
    signal_titles: ClassVar[dict[str, str]] = {
        "outside_aws": "a workload's session credentials used from outside AWS",
        "foreign_vpc_endpoint": (
            "a workload's session credentials used through another account's VPC endpoint"
        ),
        "desktop_client": "a workload's session credentials driven by a desktop client",
        "fleet_outlier": "one session of a role's fleet with a client and APIs the fleet never used",
        "pool_rented_reads": "an identity pool's key reading data in bulk from a rented network",
    }
    params: ClassVar[dict[str, Any]] = {
        # why: an EKS pod's IRSA key, and its token exchange, belong inside the cluster too; so
        # do the keys SageMaker, Glue, CodeBuild and Step Functions mint for the jobs they run
        "workload_kinds": [*WORKLOAD_KINDS, "eks_pod", *SERVICE_JOB_KINDS],
        "desktop_os": ["macos", "windows"],
        "invalid_ip_factor": 0.6,  # an unparsable address is suspicious but proves less
        "desktop_weight": 0.85,
        "windows_on_ec2_factor": 0.4,
        "own_address_factor": 0.1,  # a public address the trail names as the account's own
        # one session of a fleet of at least this many, with a client and calls of its own
        "fleet_min_actors": 20,
        "fleet_outlier_severity": "medium",
        "fleet_outlier_weight": 0.6,
        # an identity pool's key from a rented network, this many data reads new for its role
        "pool_min_reads": 5,
        "pool_reads_severity": "medium",
        "pool_reads_weight": 0.6,
        # why: Windows AMIs run the SSM and CloudWatch agents, ECS/EKS run Windows containers,
        # CodeBuild has Windows images; Lambda, SageMaker, Glue and Step Functions do not
        "windows_kinds": ["ec2", "ecs", "eks_pod", "codebuild"],
        # the host's own network: private, VPC endpoint, or an address of these AWS services
        "host_aws_services": ["EC2"],
        # a person's interactive tool even on the host itself
        "interactive_families": ["browser", "console"],
        "host_interactive_severity": "low",
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today).filter(
            pl.col("workload_kind").is_in(list(self["workload_kinds"]))
            # the key's calls, or the web-identity exchange that minted it (no key yet)
            & (
                pl.col("access_key_id").is_not_null()
                | (pl.col("event_name") == "AssumeRoleWithWebIdentity")
            )
            & ~pl.col("is_service_call")
            # only the rows one of the three row signals below can keep (each filters on one of
            # these): the join with the account's own addresses then gathers those few rows,
            # not the day's every workload call (fleet_outlier reads ``today`` itself)
            & (
                pl.col("source_kind").is_in(OUTSIDE_KINDS)
                | pl.col("vpc_endpoint_account_id").is_not_null()
                | pl.col("ua_os_family").is_in(list(self["desktop_os"]))
            ).fill_null(False)
        )
        own_ips = (
            address_changes(today)
            .drop_nulls("public_ip")
            .sort("changed_at", "change_event_id")
            .unique(["account_id", "public_ip"], keep="first")
            .select(
                "account_id",
                pl.col("public_ip").alias("source_ip_address"),
                pl.col("change_event_id").alias("own_id"),
                pl.col("change_event_name").alias("own_name"),
            )
        )

        where = (
            pl.when(pl.col("as_org").is_not_null())
            .then(pl.format("AS{} {}", pl.col("asn").fill_null(0), pl.col("as_org")))
            .when(pl.col("source_kind") == "invalid")
            .then(pl.lit("not a valid IP address"))
            .otherwise(pl.lit("not an AWS address"))
        )
        country = (
            pl.when(pl.col("country").is_not_null())
            .then(pl.lit(", ") + pl.col("country"))
            .otherwise(pl.lit(""))
        )
        who = workload_who()
        lf = lf.join(own_ips, on=["account_id", "source_ip_address"], how="left")
        outside = lf.filter(pl.col("source_kind").is_in(OUTSIDE_KINDS))
        own = pl.col("own_id").is_not_null()
        outside_hits = self.emit(
            outside,
            signal="outside_aws",
            reason=pl.when(own)
            .then(
                pl.format(
                    "{} used from {}, the account's own address: {} (event {}) in its trail",
                    who,
                    pl.col("source_ip_address").fill_null("?"),
                    pl.col("own_name"),
                    pl.col("own_id"),
                )
            )
            .otherwise(
                pl.format(
                    "{} used from {} ({}{}), outside AWS",
                    who,
                    pl.col("source_ip_address").fill_null("?"),
                    where,
                    country,
                )
            ),
            baseline=pl.format(
                "{} workloads call from AWS addresses only", pl.col("workload_kind")
            ),
            observed=pl.format("{} ({})", pl.col("source_ip_address").fill_null("?"), where),
            weight=pl.when(own)
            .then(pl.lit(float(self["own_address_factor"])))
            .when(pl.col("source_kind") == "invalid")
            .then(pl.lit(float(self["invalid_ip_factor"])))
            .otherwise(pl.lit(1.0)),
            severity=pl.when(own).then(pl.lit("info")).otherwise(pl.lit(str(self["severity"]))),
        )

        foreign = lf.filter(
            pl.col("vpc_endpoint_account_id").is_not_null()
            & (pl.col("vpc_endpoint_account_id") != pl.col("account_id")).fill_null(False)
        )
        foreign_hits = self.emit(
            foreign,
            signal="foreign_vpc_endpoint",
            reason=pl.format(
                "{} used through VPC endpoint {} of another account, {}",
                who,
                pl.col("vpc_endpoint_id").fill_null("?"),
                pl.col("vpc_endpoint_account_id"),
            ),
            baseline=pl.format("endpoints of account {}", pl.col("account_id")),
            observed=pl.format(
                "{} in {}",
                pl.col("vpc_endpoint_id").fill_null("?"),
                pl.col("vpc_endpoint_account_id"),
            ),
        )

        known_os = baseline.known("workload", "ua_os_family").select(
            pl.col("entity").alias("workload_entity"),
            pl.col("value").alias("ua_os_family"),
            seen_os=pl.lit(True),
        )
        # a Windows client on a Windows-capable workload, from the workload's own network
        on_host = (
            (pl.col("ua_os_family") == "windows")
            & pl.col("workload_kind").is_in(list(self["windows_kinds"]))
            & (
                pl.col("source_kind").is_in(["private", "vpc_endpoint"])
                | (
                    (pl.col("source_kind") == "aws")
                    & pl.col("aws_service").is_in(list(self["host_aws_services"]))
                )
                | own
            ).fill_null(False)
        )
        interactive = pl.col("ua_family").is_in(list(self["interactive_families"])).fill_null(False)
        desktop = (
            lf.filter(pl.col("ua_os_family").is_in(list(self["desktop_os"])))
            .filter(~on_host | interactive)
            .join(known_os, on=["workload_entity", "ua_os_family"], how="left")
            .filter(pl.col("seen_os").is_null())
        )
        os_name = pl.col("ua_os_family").replace({"macos": "macOS", "windows": "Windows"})
        client = pl.format(
            "{} {}", pl.col("ua_family").fill_null("client"), pl.col("ua_version").fill_null("")
        ).str.strip_chars()
        desktop_w = float(self["desktop_weight"]) / float(self["weight"])
        desktop_hits = self.emit(
            desktop,
            signal="desktop_client",
            reason=pl.when(on_host)
            .then(
                pl.format(
                    "{} driven by {} on {} from {}, the workload's own network: a person's "
                    "interactive tool on the host",
                    who,
                    client,
                    os_name,
                    pl.col("source_ip_address").fill_null("?"),
                )
            )
            .otherwise(
                pl.format(
                    "{} driven by {} on {}: {} workloads do not run desktop clients",
                    who,
                    client,
                    os_name,
                    pl.col("workload_kind"),
                )
            ),
            baseline=pl.format(
                "{} workload (Linux, SDK or service agent)", pl.col("workload_kind")
            ),
            observed=pl.format("{} on {}", client, os_name),
            weight=pl.when(
                (pl.col("ua_os_family") == "windows") & (pl.col("workload_kind") != "lambda")
            )
            .then(pl.lit(desktop_w * float(self["windows_on_ec2_factor"])))
            .otherwise(pl.lit(desktop_w)),
            severity=pl.when(on_host)
            .then(pl.lit(str(self["host_interactive_severity"])))
            .otherwise(pl.lit(str(self["severity"]))),
        )
        outliers = fleet_outliers(
            add_features(today), baseline, min_fleet=int(self["fleet_min_actors"])
        )
        outlier_hits = self.emit(
            outliers,
            signal="fleet_outlier",
            reason=pl.format(
                "{} (key {}), one of {} sessions of the role today, used from {} ({}{}) with {}, "
                "a client the role never used and no other session uses, calling {} API(s) the "
                "role never called and no other session calls ({}): the fleet's credential in "
                "another tool",
                pl.col("principal_label"),
                pl.col("access_key_id").fill_null("?"),
                pl.col("_fleet"),
                pl.col("source_ip_address").fill_null("?"),
                where,
                country,
                pl.col("ua_family"),
                pl.col("_n_new"),
                pl.col("_new_apis"),
            ),
            baseline=pl.lit("the role's clients and APIs over the window"),
            observed=pl.format("{} calling {}", pl.col("ua_family"), pl.col("_new_apis")),
            weight=float(self["fleet_outlier_weight"]) / float(self["weight"]),
            severity=str(self["fleet_outlier_severity"]),
            basis="novelty",
        )
        pool = pool_rented_reads(
            add_features(today), baseline, min_reads=int(self["pool_min_reads"])
        )
        pool_hits = self.emit(
            pool,
            signal="pool_rented_reads",
            reason=pl.format(
                "{} (key {}), an identity pool's key, used from {} ({}{}), a rented network, "
                "for {} data read(s) the role never made ({}): a script holding the pool's key, "
                "not the app",
                pl.col("principal_label"),
                pl.col("access_key_id"),
                pl.col("source_ip_address").fill_null("?"),
                where,
                country,
                pl.col("_reads"),
                pl.col("_new_apis"),
            ),
            baseline=pl.lit("the role's calls over the window"),
            observed=pl.format("{} data reads: {}", pl.col("_reads"), pl.col("_new_apis")),
            weight=float(self["pool_reads_weight"]) / float(self["weight"]),
            severity=str(self["pool_reads_severity"]),
            basis=pl.col("_basis"),
        )
        return pl.concat(
            [outside_hits, foreign_hits, desktop_hits, outlier_hits, pool_hits], how="vertical"
        )
