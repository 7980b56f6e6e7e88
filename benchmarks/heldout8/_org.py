"""Kessler Antriebstechnik: who is in the trail, and with which clients.

A drives manufacturer with headquarters and a data centre in Stuttgart, plants in Chemnitz,
Greenville (South Carolina) and Nagoya, round-the-clock shift work, and four AWS accounts
without Organizations: *mfg-prod* (eu-central-1, us-east-1, ap-northeast-1), *corp-it*
(WorkSpaces, Managed AD, Transfer Family), *dr* (us-east-1, Elastic Disaster Recovery) and
*eng-sim* (simulation, created on the first scored day).
"""

from __future__ import annotations

from dataclasses import dataclass

PROD, CORP, DR, SIM = "310672485519", "310672485604", "310672485731", "310672486012"
VENDOR = "724591663208"  # the OT integrator's own account
OUTSIDE = "583920174466"  # an account the organisation has nothing to do with
ACCOUNTS = {"mfg-prod": PROD, "corp-it": CORP, "dr": DR, "eng-sim": SIM}
REGIONS = {"de": "eu-central-1", "us": "us-east-1", "jp": "ap-northeast-1"}
NAT_BLOCK = {"eu-central-1": "ec2_eu", "us-east-1": "ec2_us", "ap-northeast-1": "ec2_jp"}

# sites: network block, region their equipment reports to, UTC offset in winter
SITES = {
    "stuttgart": ("hq", "eu-central-1", 1),
    "chemnitz": ("chemnitz", "eu-central-1", 1),
    "greenville": ("greenville", "us-east-1", -5),
    "nagoya": ("nagoya", "ap-northeast-1", 9),
}

UA = {
    "dotnet": "aws-sdk-dotnet-coreclr/3.7.303.12 ua/2.0 os/windows#10.0.20348.0 md/arch#X64 "
    "lang/.NET_Core#6.0.25 md/aws-sdk-dotnet-core#3.7.302.0 cfg/retry-mode#standard md/ClientAsync",
    "dotnet_fw": "aws-sdk-dotnet-45/3.7.200.5 aws-sdk-dotnet-core/3.7.200.5 .NET_Runtime/4.0 "
    ".NET_Framework/4.0 OS/Microsoft_Windows_NT_10.0.17763.0 ClientAsync",
    "ps_old": "AWSPowerShell.Common/4.1.450.0 .NET_Core/6.0.25 OS/Microsoft_Windows_10.0.17763 "
    "PowerShellCore/7.3.9 ClientSync",
    "ps_new": "AWSPowerShell.Common/4.1.700.0 .NET_Core/8.0.6 OS/Microsoft_Windows_10.0.17763 "
    "PowerShellCore/7.4.3 ClientSync",
    "ssm_agent": "aws-sdk-go/1.44.327 (go1.21.5; windows; amd64) amazon-ssm-agent/3.3.40.0",
    "ssm_agent_linux": "aws-sdk-go/1.44.327 (go1.21.5; linux; amd64) amazon-ssm-agent/3.3.40.0",
    "cwagent": "aws-sdk-go/1.48.6 (go1.21.5; windows; amd64) CWAgent/1.300032.2",
    "gateway": "aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#arm64 "
    "api/ssm#1.45.0",
    "greengrass": "aws-sdk-java/2.21.29 Linux/5.15.0-1051-aws OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS "
    "Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "cli_win": "aws-cli/2.15.10 Python/3.11.6 Windows/10 exe/AMD64 prompt/off command/{cmd}",
    "cli_linux": "aws-cli/2.15.10 Python/3.11.6 Linux/5.15.0-91-generic exe/x86_64.ubuntu.22 "
    "prompt/off command/{cmd}",
    "saml2aws": "aws-sdk-go/1.44.302 (go1.20.6; windows; amd64) saml2aws/2.36.12",
    "browser": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70",
    "pcluster": "Boto3/1.33.13 md/Botocore#1.33.13 ua/2.0 os/linux#5.10.205-195.807.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.9.16 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.33.13 "
    "Resource",
    "drs": "aws-sdk-java/1.12.529 Linux/5.10.201-191.748.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/"
    "11.0.21+9-LTS java/11.0.21 vendor/Amazon.com_Inc. cfg/retry-mode/standard",
    "vendor_cli": "aws-cli/2.13.0 Python/3.11.4 Windows/10 exe/AMD64 prompt/off command/{cmd}",
}


@dataclass(frozen=True)
class Person:
    email: str
    role: str  # role in mfg-prod they federate into
    site: str  # where they sit: a SITES key, or "workspaces" for the WorkSpaces NAT
    start_hour: int  # local start of their shift
    shift_worker: bool  # works weekends in rotation
    cli: bool
    tz: int  # UTC offset


DE, US, JP = "kessler-antriebe.de", "kessler-drives.com", "kessler.co.jp"
PEOPLE = [
    Person(f"jonas.wagner@{DE}", "ITOps", "stuttgart", 8, False, True, 1),
    Person(f"sabine.roth@{DE}", "ITOps", "stuttgart", 7, False, True, 1),
    Person(f"mike.carter@{US}", "ITOps", "greenville", 8, False, True, -5),
    Person(f"lukas.fischer@{DE}", "MESDevelopers", "stuttgart", 9, False, True, 1),
    Person(f"elena.schmidt@{DE}", "MESDevelopers", "stuttgart", 8, False, False, 1),
    Person(f"daniel.meyer@{DE}", "MESDevelopers", "stuttgart", 10, False, True, 1),
    Person(f"tobias.braun@{DE}", "PlantEngineer", "workspaces", 6, True, True, 1),
    Person(f"katrin.vogel@{DE}", "PlantEngineer", "workspaces", 14, True, True, 1),
    Person(f"ahmet.yilmaz@{DE}", "PlantEngineer", "workspaces", 22, True, False, 1),
    Person(f"jessica.hall@{US}", "PlantEngineer", "greenville", 7, True, False, -5),
    Person(f"marcus.reed@{US}", "PlantEngineer", "greenville", 19, True, False, -5),
    Person(f"haruto.sato@{JP}", "PlantEngineer", "nagoya", 8, True, False, 9),
    Person(f"yui.tanaka@{JP}", "PlantEngineer", "nagoya", 16, True, False, 9),
]

# what each role does in the console and the CLI: (service, api)
CONSOLE_APIS = {
    "ITOps": [
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSecurityGroups"),
        ("ssm", "DescribeInstanceInformation"),
        ("ssm", "ListCommands"),
        ("monitoring", "DescribeAlarms"),
        ("monitoring", "GetMetricData"),
        ("ec2", "DescribeVolumes"),
        ("health", "DescribeEvents"),
    ],
    "MESDevelopers": [
        ("cloudformation", "DescribeStacks"),
        ("logs", "FilterLogEvents"),
        ("logs", "DescribeLogGroups"),
        ("ec2", "DescribeInstances"),
        ("ssm", "GetParameter"),
        ("secretsmanager", "DescribeSecret"),
        ("ecr", "DescribeRepositories"),
    ],
    "PlantEngineer": [
        ("iot", "ListThings"),
        ("iot", "DescribeThing"),
        ("greengrass", "ListCoreDevices"),
        ("greengrass", "ListDeployments"),
        ("monitoring", "GetMetricData"),
        ("monitoring", "DescribeAlarms"),
        ("iotsitewise", "ListAssets"),
    ],
    "SimEngineer": [
        ("ec2", "DescribeInstances"),
        ("cloudformation", "DescribeStacks"),
        ("fsx", "DescribeFileSystems"),
        ("monitoring", "GetMetricData"),
    ],
    "SAP-Migration": [
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeInstanceTypes"),
        ("ec2", "DescribeSnapshots"),
        ("backup", "ListBackupPlans"),
        ("fsx", "DescribeFileSystems"),
    ],
}
CLI_APIS = {
    "ITOps": [
        ("ec2", "DescribeInstances"),
        ("ssm", "DescribeInstanceInformation"),
        ("ssm", "ListCommandInvocations"),
        ("ec2", "DescribeSnapshots"),
    ],
    "MESDevelopers": [
        ("cloudformation", "DescribeStacks"),
        ("logs", "FilterLogEvents"),
        ("cloudformation", "DescribeStackEvents"),
        ("ssm", "GetParameter"),
    ],
    "PlantEngineer": [
        ("iot", "ListThings"),
        ("greengrass", "ListCoreDevices"),
        ("iot", "DescribeThing"),
    ],
    "SimEngineer": [("ec2", "DescribeInstances"), ("fsx", "DescribeFileSystems")],
    "SAP-Migration": [
        ("ec2", "DescribeInstances"),
        ("ec2", "RunInstances"),
        ("ec2", "CreateTags"),
        ("ec2", "DescribeVolumes"),
        ("ec2", "CreateSnapshot"),
    ],
}
