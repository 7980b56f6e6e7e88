"""Who works at the institute: the Identity Center permission sets, what each kind of work calls,
and the people (time zone, home and campus networks, clients, accounts)."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.heldout13._world import (
    LAB_ADEYEMI,
    LAB_NAKAMURA,
    LAB_RIVERA,
    LAKE,
    RESEARCH,
    SHARED,
)

SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
SETS = {
    "ResearchUser": "4f2a9c1e7b3d5a60",
    "ResearchAdmin": "9b1d7e3f0a2c4658",
    "DataLakeAdmin": "2c8e4a6b1d9f3570",
    "HPCAdmin": "7a3f5c9e2b4d6081",
    "PlatformAdmin": "5e9a1c3b7d2f4806",
    "AdministratorAccess": "0d4b8f2a6c1e9357",
    "ComplianceAudit": "3b7f1d5a9c2e6048",
}
API = {
    "research": [
        ("s3.amazonaws.com", "ListBuckets"),
        ("s3.amazonaws.com", "GetObject"),
        ("athena.amazonaws.com", "StartQueryExecution"),
        ("athena.amazonaws.com", "GetQueryResults"),
        ("sagemaker.amazonaws.com", "ListNotebookInstances"),
        ("sagemaker.amazonaws.com", "CreatePresignedNotebookInstanceUrl"),
        ("logs.amazonaws.com", "FilterLogEvents"),
        ("omics.amazonaws.com", "ListRuns"),
        ("batch.amazonaws.com", "DescribeJobs"),
    ],
    "lake": [
        ("lakeformation.amazonaws.com", "GetDataLakeSettings"),
        ("lakeformation.amazonaws.com", "ListPermissions"),
        ("glue.amazonaws.com", "GetTables"),
        ("glue.amazonaws.com", "GetDatabases"),
        ("athena.amazonaws.com", "StartQueryExecution"),
        ("athena.amazonaws.com", "GetQueryResults"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("glue.amazonaws.com", "StartCrawler"),
    ],
    "hpc": [
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("cloudformation.amazonaws.com", "DescribeStacks"),
        ("batch.amazonaws.com", "DescribeComputeEnvironments"),
        ("batch.amazonaws.com", "ListJobs"),
        ("ec2.amazonaws.com", "DescribeSpotPriceHistory"),
        ("fsx.amazonaws.com", "DescribeFileSystems"),
    ],
    "platform": [
        ("cloudformation.amazonaws.com", "DescribeStacks"),
        ("iam.amazonaws.com", "GetRole"),
        ("organizations.amazonaws.com", "ListAccounts"),
        ("sso.amazonaws.com", "ListAccountAssignments"),
        ("ec2.amazonaws.com", "DescribeVpcs"),
        ("lambda.amazonaws.com", "GetFunction"),
        ("servicecatalog.amazonaws.com", "SearchProductsAsAdmin"),
    ],
}


@dataclass(frozen=True)
class Person:
    user: str
    offset: int  # hours from UTC
    home: tuple[str, int]  # network, host index
    campus: str
    campus_days: tuple[int, ...]  # weekdays on campus
    cli: str
    browser: str
    sets: tuple[tuple[str, str, str], ...]  # (account, permission set, region)
    apis: str
    console: float  # share of sessions in the console
    active: float = 0.9  # chance of working a weekday


PEOPLE = [
    Person(
        "maria.rivera",
        -5,
        ("comcast", 41),
        "campus_boston",
        (1, 2, 3),
        "cli_mac",
        "chrome_mac",
        ((LAB_RIVERA, "ResearchAdmin", "us-east-1"), (RESEARCH, "ResearchUser", "us-east-1")),
        "research",
        0.6,
    ),
    Person(
        "grace.liu",
        -5,
        ("comcast", 233),
        "campus_boston",
        (0, 1, 2, 3),
        "cli_mac",
        "chrome_mac",
        ((RESEARCH, "ResearchUser", "us-east-1"), (LAB_RIVERA, "ResearchUser", "us-east-1")),
        "research",
        0.7,
    ),
    Person(
        "lena.fischer",
        -5,
        ("comcast", 519),
        "campus_boston",
        (1, 3),
        "boto_mac",
        "chrome_mac",
        ((LAKE, "ResearchUser", "us-east-1"), (RESEARCH, "ResearchUser", "us-east-1")),
        "research",
        0.2,
    ),
    Person(
        "priya.raman",
        -5,
        ("verizon", 88),
        "campus_boston",
        (0, 2, 3),
        "cli_mac",
        "chrome_mac",
        ((LAKE, "DataLakeAdmin", "us-east-1"), (LAKE, "DataLakeAdmin", "eu-west-2")),
        "lake",
        0.4,
    ),
    Person(
        "dan.whitfield",
        -5,
        ("verizon", 301),
        "campus_boston",
        (0, 1, 2, 3, 4),
        "cli_linux",
        "firefox_win",
        ((RESEARCH, "HPCAdmin", "us-east-1"),),
        "hpc",
        0.3,
    ),
    Person(
        "sam.oconnor",
        -5,
        ("verizon", 612),
        "campus_boston",
        (1, 2),
        "cli_linux",
        "chrome_mac",
        (
            (SHARED, "PlatformAdmin", "us-east-1"),
            (RESEARCH, "PlatformAdmin", "us-east-1"),
            (LAKE, "PlatformAdmin", "us-east-1"),
        ),
        "platform",
        0.4,
    ),
    Person(
        "kevin.tran",
        -5,
        ("comcast", 777),
        "campus_boston",
        (0, 1, 2, 3),
        "cli_win",
        "edge_win",
        (
            (SHARED, "AdministratorAccess", "us-east-1"),
            (RESEARCH, "AdministratorAccess", "us-east-1"),
        ),
        "platform",
        0.7,
    ),
    Person(
        "tom.becker",
        -5,
        ("charter", 150),
        "campus_boston",
        (1, 2, 3),
        "cli_mac",
        "chrome_mac",
        ((RESEARCH, "ResearchUser", "us-east-1"),),
        "research",
        0.5,
    ),
    Person(
        "hiro.nakamura",
        0,
        ("bt", 66),
        "campus_hinxton",
        (0, 1, 2, 3),
        "cli_mac",
        "chrome_mac",
        ((LAB_NAKAMURA, "ResearchAdmin", "eu-west-2"), (RESEARCH, "ResearchUser", "eu-west-2")),
        "research",
        0.5,
    ),
    Person(
        "alice.morgan",
        0,
        ("virgin", 199),
        "campus_hinxton",
        (1, 2, 3),
        "cli_linux",
        "firefox_win",
        ((LAKE, "ResearchUser", "eu-west-2"), (RESEARCH, "ResearchUser", "eu-west-2")),
        "research",
        0.3,
    ),
    Person(
        "ben.clarke",
        0,
        ("sky", 402),
        "campus_hinxton",
        (0, 1, 2, 3, 4),
        "cli_win",
        "edge_win",
        ((LAB_NAKAMURA, "ResearchUser", "eu-west-2"),),
        "research",
        0.6,
    ),
    Person(
        "nadia.haddad",
        -5,
        ("verizon", 950),
        "campus_boston",
        (2,),
        "cli_win",
        "edge_win",
        ((SHARED, "ComplianceAudit", "us-east-1"),),
        "platform",
        0.9,
        active=0.08,
    ),
    Person(
        "omar.adeyemi",
        -5,
        ("charter", 444),
        "campus_boston",
        (0, 1, 2, 3, 4),
        "cli_mac",
        "chrome_mac",
        ((LAB_ADEYEMI, "ResearchAdmin", "us-east-1"),),
        "research",
        0.5,
    ),
]
BY_USER = {p.user: p for p in PEOPLE}
