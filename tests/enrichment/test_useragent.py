"""The user-agent parser on the real formats CloudTrail carries (each one from issue 3)."""

from __future__ import annotations

import polars as pl
import pytest

from ueba.enrichment.useragent import (
    UA_FAMILIES,
    enrich_user_agent,
    parse_user_agent,
)
from ueba.schema import ENRICHED_USER_AGENT, EVENTS, conform

# agent -> (family, version, runtime, os_family, distro, exec_env)
REAL_AGENTS = {
    "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64 prompt/off command/s3.ls": (
        "aws-cli",
        "2.15.0",
        "python/3.11.6",
        "macos",
        None,
        None,
    ),
    "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.11": (
        "boto3",
        "1.34.0",
        "python/3.11",
        "linux",
        None,
        None,
    ),
    # aws-cli v2 names the distribution in md/distrib# (os-release's ID), not in the kernel
    "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 "
    "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#kali.2024 md/prompt#off md/command#sts.get-caller-identity": (
        "aws-cli",
        "2.15.30",
        "python/3.11.8",
        "linux",
        "kali",
        None,
    ),
    # ... and its id wins over a kernel's hint (WSL's kernel, an Ubuntu inside)
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.153.1-microsoft-standard-WSL2 "
    "md/arch#x86_64 lang/python#3.11.9 md/installer#exe md/distrib#ubuntu.24 md/prompt#off": (
        "aws-cli",
        "2.17.20",
        "python/3.11.9",
        "linux",
        "ubuntu",
        None,
    ),
    "Boto/2.48.0 Python/2.7.12 Linux/4.4.0-98-generic": (
        "boto",
        "2.48.0",
        "python/2.7.12",
        "linux",
        "ubuntu",
        None,
    ),
    "[aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9]": (
        "aws-cli",
        "1.16.19",
        "python/2.7.10",
        "macos",
        None,
        None,
    ),
    "awslambda-worker": ("aws-internal", None, None, None, None, "Lambda"),
    "console.amazonaws.com": ("console", None, None, None, None, None),
    "signin.amazonaws.com": ("console", None, None, None, None, None),
    "console.ec2.amazonaws.com": ("console", None, None, None, None, None),
    "[S3Console/0.4]": ("console", "0.4", None, None, None, None),
    "AWS Internal": ("aws-internal", None, None, None, None, None),
    "aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-194.730.amzn2int.x86_64 "
    "OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard": (
        "aws-internal",
        None,
        None,
        None,
        None,
        None,
    ),
    "Coral/Netty4": ("aws-internal", None, None, None, None, None),
    "ec2.amazonaws.com": ("aws-service", None, None, None, None, None),
    "APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.70.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.42.25 (go1.17.5; linux; amd64)": (
        "terraform",
        "1.1.2",
        "go1.17.5",
        "linux",
        None,
        None,
    ),
    "aws-sdk-go/1.41.4 (go1.18.3; linux; amd64) amazon-ssm-agent/3.1.1004.0": (
        "aws-sdk-go",
        "1.41.4",
        "go1.18.3",
        "linux",
        None,
        None,
    ),
    "aws-sdk-go-v2/1.32.3 os/linux lang/go#1.23.1 md/GOOS#linux md/GOARCH#amd64 "
    "exec-env/grimoire_095724e3-1fa0-4e3e-b68a-e8581d194380 api/sts#1.26.2": (
        "aws-sdk-go-v2",
        "1.32.3",
        "go1.23.1",
        "linux",
        None,
        "grimoire",
    ),
    "stratus-red-team_ea782787-a65d-4fc4-9fca-1c97869a9a25": (
        "other",
        None,
        None,
        None,
        None,
        None,
    ),
    "[Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/70.0.3538.110 Safari/537.36]": (
        "browser",
        "70.0.3538.110",
        "chrome",
        "macos",
        None,
        None,
    ),
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0": (
        "browser",
        "121.0",
        "firefox",
        "windows",
        None,
        None,
    ),
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1": ("browser", "17.1", "safari", "ios", None, None),
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36": (
        "browser",
        "120.0.0.0",
        "chrome",
        "android",
        None,
        None,
    ),
    "EC2ConsoleFrontend, aws-internal/3 aws-sdk-java/1.11.848 Linux/4.9.217-0.1.ac.205.84.332.metal1.x86_64 "
    "OpenJDK_64-Bit_Server_VM/25.262-b10 java/1.8.0_262 vendor/Oracle_Corporation": (
        "console",
        None,
        None,
        None,
        None,
        None,
    ),
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exec-env/CloudShell "
    "exe/x86_64.amzn.2023 prompt/off command/s3.ls": (
        "aws-cli",
        "2.15.30",
        "python/3.11.8",
        "linux",
        "amzn",
        "CloudShell",
    ),
    "Boto3/1.9.0 Python/3.7.0 Linux/4.14.77-81.59.amzn2.x86_64 exec-env/AWS_Lambda_python3.7 Botocore/1.12.0": (
        "boto3",
        "1.9.0",
        "python/3.7.0",
        "linux",
        "amzn",
        "Lambda",
    ),
    "aws-cli/2.9.0 Python/3.9.11 Linux/5.10.0-kali7-amd64 exe/x86_64.kali.2022 prompt/off": (
        "aws-cli",
        "2.9.0",
        "python/3.9.11",
        "linux",
        "kali",
        None,
    ),
    "aws-cli/2.13.0 Python/3.11.4 Linux/6.5.0-13parrot1-amd64 exe/x86_64.parrot.5": (
        "aws-cli",
        "2.13.0",
        "python/3.11.4",
        "linux",
        "parrot",
        None,
    ),
    "Botocore/1.31.0 Python/3.10.12 Linux/5.15.0-1019-aws exec-env/AWS_ECS_FARGATE": (
        "botocore",
        "1.31.0",
        "python/3.10.12",
        "linux",
        "ubuntu",
        "ECS",
    ),
    "aws-sdk-java/2.20.0 Linux/5.10.184-175.731.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.6+10-LTS "
    "Java/17.0.6 vendor/Amazon.com_Inc. io/sync http/Apache": (
        "aws-sdk-java-v2",
        "2.20.0",
        "java/17.0.6",
        "linux",
        "amzn",
        None,
    ),
    "aws-sdk-java/1.12.500 Mac_OS_X/13.4 OpenJDK_64-Bit_Server_VM/11.0.19+7 java/11.0.19": (
        "aws-sdk-java",
        "1.12.500",
        "java/11.0.19",
        "macos",
        None,
        None,
    ),
    "aws-sdk-js/3.450.0 ua/2.0 os/darwin#22.6.0 lang/js md/nodejs#18.18.2 api/s3#3.450.0": (
        "aws-sdk-js-v3",
        "3.450.0",
        "nodejs/18.18.2",
        "macos",
        None,
        None,
    ),
    "aws-sdk-nodejs/2.1000.0 linux/v16.13.0 callback": (
        "aws-sdk-js",
        "2.1000.0",
        None,
        "linux",
        None,
        None,
    ),
    "aws-sdk-ruby3/3.130.0 ruby/2.7.0 x86_64-linux aws-sdk-s3/1.113.0": (
        "aws-sdk-ruby",
        "3.130.0",
        "ruby/2.7.0",
        "linux",
        None,
        None,
    ),
    "aws-sdk-dotnet-coreclr/3.7.0.0 aws-sdk-dotnet-core/3.7.0.0 .NET_Core/6.0.0 OS/Microsoft_Windows_10.0.17763 ClientAsync": (
        "aws-sdk-dotnet",
        "3.7.0.0",
        "dotnet/6.0.0",
        "windows",
        None,
        None,
    ),
    "aws-sdk-php/3.283.0 OS/Linux/5.4.0 lang/php/8.1.2 GuzzleHttp/7": (
        "aws-sdk-php",
        "3.283.0",
        "php/8.1.2",
        "linux",
        None,
        None,
    ),
    "APN/1.0 Pulumi/1.0 pulumi-aws/6.0.0 aws-sdk-go/1.44.0 (go1.20.3; darwin; arm64)": (
        "pulumi",
        "1.0",
        "go1.20.3",
        "macos",
        None,
        None,
    ),
}


@pytest.mark.parametrize("agent", sorted(REAL_AGENTS))
def test_real_agent_formats_parse_to_their_tool_runtime_and_os(agent: str) -> None:
    ua = parse_user_agent(agent)
    got = (ua.family, ua.version, ua.runtime, ua.os_family, ua.distro, ua.exec_env)
    assert got == REAL_AGENTS[agent]
    assert ua.fingerprint


def test_every_family_the_parser_returns_is_a_documented_one() -> None:
    assert {parse_user_agent(agent).family for agent in REAL_AGENTS} <= set(UA_FAMILIES)


def test_bracketed_s3_agent_has_the_fingerprint_of_the_bare_one() -> None:
    bare = parse_user_agent("aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9")
    bracketed = parse_user_agent("[aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9]")
    assert bare == bracketed


def test_fingerprint_survives_new_session_command_and_patch_upgrade() -> None:
    monday = parse_user_agent(
        "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64 sid/9a8b7c prompt/off command/s3.ls"
    )
    tuesday = parse_user_agent(
        "aws-cli/2.15.4 Python/3.11.7 Darwin/23.1.2 exe/x86_64 sid/1f2e3d prompt/on command/ec2.describe-instances"
    )
    assert (
        monday.fingerprint
        == tuesday.fingerprint
        == "aws-cli/2.15 Python/3.11 Darwin/23.1 exe/x86_64"
    )


def test_ua2_metadata_command_and_metrics_do_not_change_the_fingerprint() -> None:
    one = parse_user_agent(
        "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.1 os/macos#24.1.0 md/command#s3.ls m/E,b"
    )
    two = parse_user_agent(
        "aws-cli/2.22.1 md/awscrt#0.22.0 ua/2.1 os/macos#24.1.0 md/command#sts.get-caller-identity m/Z"
    )
    assert one.fingerprint == two.fingerprint
    assert one.os_family == "macos"


def test_kernel_build_is_dropped_but_the_distribution_kept_in_the_fingerprint() -> None:
    kali_a = parse_user_agent("aws-cli/2.9.0 Python/3.9.11 Linux/5.10.0-kali7-amd64")
    kali_b = parse_user_agent("aws-cli/2.9.0 Python/3.9.11 Linux/5.10.0-kali9-amd64")
    ubuntu = parse_user_agent("aws-cli/2.9.0 Python/3.9.11 Linux/5.10.0-1019-aws")
    assert kali_a.fingerprint == kali_b.fingerprint == "aws-cli/2.9 Python/3.9 Linux/5.10~kali"
    assert ubuntu.fingerprint != kali_a.fingerprint


def test_stratus_run_ids_are_masked_so_all_detonations_share_one_fingerprint() -> None:
    one = parse_user_agent("stratus-red-team_ea782787-a65d-4fc4-9fca-1c97869a9a25")
    two = parse_user_agent("stratus-red-team_10e7edf3-5063-4eba-8842-68f83bb52d65")
    assert one.family == two.family == "other"
    assert one.fingerprint == two.fingerprint == "stratus-red-team_<id>"


def test_different_tools_on_one_machine_have_different_fingerprints() -> None:
    cli = parse_user_agent("aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0")
    boto = parse_user_agent("Boto3/1.34.0 Python/3.11.6 Darwin/23.1.0 Botocore/1.34.0")
    assert cli.fingerprint != boto.fingerprint


def test_empty_agent_is_other_without_fingerprint() -> None:
    assert parse_user_agent("   ").family == "other"
    assert parse_user_agent("").fingerprint is None


def _events(agents: list[str | None]) -> pl.LazyFrame:
    return conform(
        pl.LazyFrame({"user_agent": agents, "event_id": [str(i) for i in range(len(agents))]}),
        EVENTS,
    )


def test_enrich_user_agent_joins_back_without_changing_rows_or_order() -> None:
    agents = ["awslambda-worker", None, "[S3Console/0.4]", "awslambda-worker", "AWS Internal"]
    out = enrich_user_agent(_events(agents)).collect()
    assert out.height == len(agents)
    assert out["event_id"].to_list() == ["0", "1", "2", "3", "4"]
    assert out["ua_family"].to_list() == [
        "aws-internal",
        None,
        "console",
        "aws-internal",
        "aws-internal",
    ]
    for name, dtype in ENRICHED_USER_AGENT.items():
        assert out.schema[name] == dtype


def test_enrich_user_agent_parses_each_distinct_agent_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import ueba.enrichment.useragent as module

    seen: list[str] = []
    real = module.parse_user_agent

    def counting(agent: str) -> object:
        seen.append(agent)
        return real(agent)

    monkeypatch.setattr(module, "parse_user_agent", counting)
    agents = ["ec2.amazonaws.com"] * 500 + ["awslambda-worker"] * 500
    out = enrich_user_agent(_events(agents)).collect()
    assert out.height == 1000
    assert sorted(seen) == ["awslambda-worker", "ec2.amazonaws.com"]


def test_enrich_user_agent_replaces_existing_columns() -> None:
    events = _events(["AWS Internal"]).with_columns(pl.lit("stale").alias("ua_family"))
    out = enrich_user_agent(events).collect()
    assert out["ua_family"].to_list() == ["aws-internal"]
    assert out.columns.count("ua_family") == 1


@pytest.mark.slow
def test_parsed_columns_stay_aligned_with_their_rows_on_a_large_frame() -> None:
    import random

    rng = random.Random(3)
    agents = [*sorted(REAL_AGENTS), None]
    column = [rng.choice(agents) for _ in range(150_000)]
    out = enrich_user_agent(_events(column)).collect()
    families = {agent: parse_user_agent(agent).fingerprint for agent in REAL_AGENTS}
    expected = [None if agent is None else families[agent] for agent in column]
    assert out["ua_fingerprint"].to_list() == expected
    assert out["user_agent"].to_list() == column
