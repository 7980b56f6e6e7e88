"""People and partners: researchers and staff on IAM Identity Center (sign-in events in the
management account, permission-set role sessions in the member accounts, console and CLI),
visiting collaborators federated by SAML from their universities, the sequencing vendor's
cross-account role, the platform pipeline on GitHub OIDC and Service Catalog launches."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout13._net import NETS
from benchmarks.heldout13._trail import Ident, assumed, key, other_account, role_arn
from benchmarks.heldout13._world import (
    LAB_ADEYEMI, LAB_NAKAMURA, LAB_RIVERA, LAKE, RESEARCH, SHARED, THANKSGIVING, UA, VENDOR, World,
    at, lake_bucket, s3_params, s3_resources, weekday,
)

SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
SETS = {"ResearchUser": "4f2a9c1e7b3d5a60", "ResearchAdmin": "9b1d7e3f0a2c4658", "DataLakeAdmin": "2c8e4a6b1d9f3570",
        "HPCAdmin": "7a3f5c9e2b4d6081", "PlatformAdmin": "5e9a1c3b7d2f4806", "AdministratorAccess": "0d4b8f2a6c1e9357",
        "ComplianceAudit": "3b7f1d5a9c2e6048"}
API = {
    "research": [("s3.amazonaws.com", "ListBuckets"), ("s3.amazonaws.com", "GetObject"), ("athena.amazonaws.com", "StartQueryExecution"),
                 ("athena.amazonaws.com", "GetQueryResults"), ("sagemaker.amazonaws.com", "ListNotebookInstances"),
                 ("sagemaker.amazonaws.com", "CreatePresignedNotebookInstanceUrl"), ("logs.amazonaws.com", "FilterLogEvents"),
                 ("omics.amazonaws.com", "ListRuns"), ("batch.amazonaws.com", "DescribeJobs")],
    "lake": [("lakeformation.amazonaws.com", "GetDataLakeSettings"), ("lakeformation.amazonaws.com", "ListPermissions"),
             ("glue.amazonaws.com", "GetTables"), ("glue.amazonaws.com", "GetDatabases"), ("athena.amazonaws.com", "StartQueryExecution"),
             ("athena.amazonaws.com", "GetQueryResults"), ("s3.amazonaws.com", "ListBuckets"), ("glue.amazonaws.com", "StartCrawler")],
    "hpc": [("ec2.amazonaws.com", "DescribeInstances"), ("cloudformation.amazonaws.com", "DescribeStacks"),
            ("batch.amazonaws.com", "DescribeComputeEnvironments"), ("batch.amazonaws.com", "ListJobs"),
            ("ec2.amazonaws.com", "DescribeSpotPriceHistory"), ("fsx.amazonaws.com", "DescribeFileSystems")],
    "platform": [("cloudformation.amazonaws.com", "DescribeStacks"), ("iam.amazonaws.com", "GetRole"), ("organizations.amazonaws.com", "ListAccounts"),
                 ("sso.amazonaws.com", "ListAccountAssignments"), ("ec2.amazonaws.com", "DescribeVpcs"), ("lambda.amazonaws.com", "GetFunction"),
                 ("servicecatalog.amazonaws.com", "SearchProductsAsAdmin")],
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
    Person("maria.rivera", -5, ("comcast", 41), "campus_boston", (1, 2, 3), "cli_mac", "chrome_mac",
           ((LAB_RIVERA, "ResearchAdmin", "us-east-1"), (RESEARCH, "ResearchUser", "us-east-1")), "research", 0.6),
    Person("grace.liu", -5, ("comcast", 233), "campus_boston", (0, 1, 2, 3), "cli_mac", "chrome_mac",
           ((RESEARCH, "ResearchUser", "us-east-1"), (LAB_RIVERA, "ResearchUser", "us-east-1")), "research", 0.7),
    Person("lena.fischer", -5, ("comcast", 519), "campus_boston", (1, 3), "boto_mac", "chrome_mac",
           ((LAKE, "ResearchUser", "us-east-1"), (RESEARCH, "ResearchUser", "us-east-1")), "research", 0.2),
    Person("priya.raman", -5, ("verizon", 88), "campus_boston", (0, 2, 3), "cli_mac", "chrome_mac",
           ((LAKE, "DataLakeAdmin", "us-east-1"), (LAKE, "DataLakeAdmin", "eu-west-2")), "lake", 0.4),
    Person("dan.whitfield", -5, ("verizon", 301), "campus_boston", (0, 1, 2, 3, 4), "cli_linux", "firefox_win",
           ((RESEARCH, "HPCAdmin", "us-east-1"),), "hpc", 0.3),
    Person("sam.oconnor", -5, ("verizon", 612), "campus_boston", (1, 2), "cli_linux", "chrome_mac",
           ((SHARED, "PlatformAdmin", "us-east-1"), (RESEARCH, "PlatformAdmin", "us-east-1"), (LAKE, "PlatformAdmin", "us-east-1")), "platform", 0.4),
    Person("kevin.tran", -5, ("comcast", 777), "campus_boston", (0, 1, 2, 3), "cli_win", "edge_win",
           ((SHARED, "AdministratorAccess", "us-east-1"), (RESEARCH, "AdministratorAccess", "us-east-1")), "platform", 0.7),
    Person("tom.becker", -5, ("charter", 150), "campus_boston", (1, 2, 3), "cli_mac", "chrome_mac",
           ((RESEARCH, "ResearchUser", "us-east-1"),), "research", 0.5),
    Person("hiro.nakamura", 0, ("bt", 66), "campus_hinxton", (0, 1, 2, 3), "cli_mac", "chrome_mac",
           ((LAB_NAKAMURA, "ResearchAdmin", "eu-west-2"), (RESEARCH, "ResearchUser", "eu-west-2")), "research", 0.5),
    Person("alice.morgan", 0, ("virgin", 199), "campus_hinxton", (1, 2, 3), "cli_linux", "firefox_win",
           ((LAKE, "ResearchUser", "eu-west-2"), (RESEARCH, "ResearchUser", "eu-west-2")), "research", 0.3),
    Person("ben.clarke", 0, ("sky", 402), "campus_hinxton", (0, 1, 2, 3, 4), "cli_win", "edge_win",
           ((LAB_NAKAMURA, "ResearchUser", "eu-west-2"),), "research", 0.6),
    Person("nadia.haddad", -5, ("verizon", 950), "campus_boston", (2,), "cli_win", "edge_win",
           ((SHARED, "ComplianceAudit", "us-east-1"),), "platform", 0.9, active=0.08),
    Person("omar.adeyemi", -5, ("charter", 444), "campus_boston", (0, 1, 2, 3, 4), "cli_mac", "chrome_mac",
           ((LAB_ADEYEMI, "ResearchAdmin", "us-east-1"),), "research", 0.5),
]
BY_USER = {p.user: p for p in PEOPLE}


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{SETS[permission_set]}"


def sso_principal(account: str, permission_set: str, user: str) -> str:
    """The principal ARN ``ueba`` learns an Identity Center person by (docs/enrichment-identity.md)."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(permission_set)}/{user}"


def session(account: str, permission_set: str, user: str, access_key: str, t: dt.datetime, *, console: bool = False) -> Ident:
    return assumed(account, sso_role(permission_set), user, access_key, path=SSO_PATH, created=t, console=console)


def signin(w: World, user: str, t: dt.datetime, ip: str, agent: str, *, mfa: str | None = "WEBAUTHN") -> list[str]:
    """The Identity Center sign-in as the management account logs it: the password challenge,
    the second factor (``mfa``; None = none asked), ``UserAuthentication``. Returns event ids."""
    ident: Ident = {"type": "Unknown", "principalId": f"{SHARED}:{user}", "accountId": SHARED, "userName": user}
    steps = [("CredentialChallenge", "PASSWORD"), ("CredentialVerification", "PASSWORD")]
    if mfa:
        steps += [("CredentialChallenge", mfa), ("CredentialVerification", mfa)]
    out = []
    for i, (name, kind) in enumerate(steps + [("UserAuthentication", mfa or "PASSWORD")]):
        data: dict[str, Any] = {"CredentialType": kind, "AuthWorkflowID": f"wf-{int(t.timestamp()) % 10**8}"}
        if name == "UserAuthentication":
            data = {"LoginTo": "https://ashgrove.awsapps.com/start", "CredentialType": kind}
        out.append(w.trail.emit(SHARED, "us-east-1", t + dt.timedelta(seconds=4 * i), "signin.amazonaws.com", name, ident, ip, agent,
                                response={name: "Success"}, extra={"additionalEventData": data, "serviceEventDetails": {name: "Success"}},
                                event_type="AwsServiceEvent" if name.startswith("Credential") else "AwsConsoleSignIn"))
    return out


def console_login(w: World, account: str, pset: str, user: str, t: dt.datetime, ip: str, agent: str) -> str:
    ident = session(account, pset, user, "", t)
    ident.pop("accessKeyId")
    return w.trail.emit(account, "us-east-1", t, "signin.amazonaws.com", "ConsoleLogin", ident, ip, agent,
                        response={"ConsoleLogin": "Success"}, event_type="AwsConsoleSignIn",
                        extra={"additionalEventData": {"MobileVersion": "No", "MFAUsed": "No",
                                                       "LoginTo": f"https://{'us-east-1.' if account else ''}console.aws.amazon.com/console/home"}})


def where(w: World, p: Person, day: dt.date) -> str:
    """The person's address on ``day``: campus NAT on campus days, else home (a DHCP lease
    that moves once a fortnight)."""
    if day.weekday() in p.campus_days:
        return NETS[p.campus].host(10 + day.toordinal() % 3)
    net, host = p.home
    return NETS[net].host(host + (day.toordinal() // 14) % 2)


def work(w: World, p: Person, day: dt.date, *, ip: str | None = None, apis: list[tuple[str, str]] | None = None,
         hours: tuple[float, float] = (9, 17.5), mfa: str = "WEBAUTHN", calls: float = 35) -> None:
    """A person's working day: one sign-in, then console or CLI sessions in their accounts."""
    rng = w.rng("person", p.user, day)
    ip = ip or where(w, p, day)
    start = at(day, rng.uniform(*hours) - p.offset - 1.5 * rng.random())
    signin(w, p.user, start, ip, UA[p.browser], mfa=mfa)
    for account, pset, region in p.sets:
        if account == LAB_ADEYEMI and day < w.s(0):
            continue
        if len(p.sets) > 1 and rng.random() < 0.3:
            continue
        t = start + dt.timedelta(minutes=rng.uniform(1, 180))
        console = rng.random() < p.console
        if console:
            console_login(w, account, pset, p.user, t, ip, UA[p.browser])
            agent = UA[p.browser]
        else:
            w.trail.emit(SHARED, "us-east-1", t, "sso.amazonaws.com", "GetRoleCredentials",
                         {"type": "Unknown", "principalId": f"{SHARED}:{p.user}", "accountId": SHARED, "userName": p.user},
                         ip, UA[p.cli], params={"accountId": account, "roleName": pset})
            agent = UA[p.cli]
        ident = session(account, pset, p.user, key(rng), t, console=console)
        for _ in range(w.n(calls, rng)):
            source, api = rng.choice(apis or API[p.apis])
            tc = t + dt.timedelta(minutes=rng.uniform(1, 240))
            err = ("AccessDenied", f"User is not authorized to perform: {api}") if rng.random() < 0.02 else None
            bucket = lake_bucket(region)
            if api == "GetObject":
                obj = f"results/{p.user}/{rng.randrange(10**5)}.csv"
                w.trail.emit(LAKE, region, tc, source, api, ident, ip, agent, params=s3_params(bucket, obj),
                             extra=s3_resources(LAKE, bucket, obj), data=True, error=err)
            else:
                w.trail.emit(account, region, tc, source, api, ident, ip, agent, error=err)


def people(w: World, day: dt.date) -> None:
    for p in PEOPLE:
        if w.changes.get(f"away:{p.user}") and w.changes[f"away:{p.user}"][0].date() <= day:
            continue
        rng = w.rng("works", p.user, day)
        off = not weekday(day) or (p.offset < 0 and day in (THANKSGIVING, THANKSGIVING + dt.timedelta(days=1)))
        if p.user == "omar.adeyemi" and day < w.s(0):
            continue
        if w.on(f"travel:{p.user}", at(day, 12)):
            continue  # the conference days are drawn by the benign change
        if (off and rng.random() < 0.9) or rng.random() > p.active:
            continue
        work(w, p, day)


COLLABORATORS = [("a.lindqvist@ki.se", "sunet", 12), ("m.weber@uni-heidelberg.de", "dfn", 40), ("c.dubois@pasteur.fr", "renater", 90)]


def collaborators(w: World, day: dt.date) -> None:
    """Visiting collaborators: SAML federation from their university's IdP into the shared
    ``VisitingCollaborator`` role in the lake account; Athena over the shared tables."""
    role = "VisitingCollaborator"
    for name, net, host in COLLABORATORS:
        rng = w.rng("collab", name, day)
        if not weekday(day) or rng.random() < 0.45:
            continue
        t0, ip = at(day, rng.uniform(8, 15)), NETS[net].host(host + rng.randrange(3))
        minted = key(rng)
        w.trail.emit(LAKE, "eu-west-2", t0, "sts.amazonaws.com", "AssumeRoleWithSAML",
                     {"type": "SAMLUser", "principalId": f"Zq8pV2cLh0kD4m3Q7n:{name}", "userName": name,
                      "identityProvider": "Zq8pV2cLh0kD4m3Q7n"}, ip, UA["cli_linux"],
                     params={"roleArn": role_arn(LAKE, role), "principalArn": f"arn:aws:iam::{LAKE}:saml-provider/eduGAIN-partners",
                             "durationSeconds": 14400},
                     response={"credentials": {"accessKeyId": minted}, "subject": name, "audience": "https://signin.aws.amazon.com/saml"})
        ident = assumed(LAKE, role, name, minted, created=t0)
        for i in range(w.n(12, rng)):
            api = rng.choice(["StartQueryExecution", "GetQueryExecution", "GetQueryResults", "GetObject"])
            tc = t0 + dt.timedelta(minutes=2 + 9 * i)
            if api == "GetObject":
                w.trail.emit(LAKE, "eu-west-2", tc, "s3.amazonaws.com", api, ident, ip, UA["cli_linux"],
                             params=s3_params("ashgrove-athena-results-euw2", f"collab/{i}.csv"), data=True)
            else:
                w.trail.emit(LAKE, "eu-west-2", tc, "athena.amazonaws.com", api, ident, ip, UA["cli_linux"], params={"workGroup": "collaborators"})


def vendor_push(w: World, day: dt.date, *, start: float = 16.0, files: int = 30, tag: str = "push") -> tuple[str, str, list[str]]:
    """The sequencing vendor assumes its upload role with the external ID from its lab and
    uploads a run's FASTQ files in parts. Returns (the session key, the address, event ids)."""
    rng = w.rng("vendor", tag, day)
    t0, ip, role = at(day, start + rng.uniform(0, 1)), NETS["vendor_lab"].host(5 + rng.randrange(2)), "seq-vendor-upload"
    minted = key(rng)
    ids = [w.trail.emit(LAKE, "us-east-1", t0, "sts.amazonaws.com", "AssumeRole", other_account(VENDOR, "AIDAVENDORSEQUPLOAD01"),
                        ip, UA["vendor"], params={"roleArn": role_arn(LAKE, role), "roleSessionName": "seq-upload", "externalId": "ashgrove-7f3e"},
                        response={"credentials": {"accessKeyId": minted}}, read_only=True)]
    ident, bucket = assumed(LAKE, role, "seq-upload", minted, created=t0), "ashgrove-sequencing-landing"
    for f in range(w.n(files, rng)):
        obj, tf = f"incoming/{day:%y%m%d}_{tag}/S{f:03d}_R1.fastq.gz", t0 + dt.timedelta(seconds=60 + 25 * f)
        for j, api in enumerate(["CreateMultipartUpload", "UploadPart", "UploadPart", "CompleteMultipartUpload"]):
            ids.append(w.trail.emit(LAKE, "us-east-1", tf + dt.timedelta(seconds=5 * j), "s3.amazonaws.com", api, ident, ip, UA["vendor"],
                                    params=s3_params(bucket, obj), extra=s3_resources(LAKE, bucket, obj), data=True))
    return minted, ip, ids


def pipeline(w: World, day: dt.date, *, extra: list[tuple[str, str, dict[str, Any]]] | None = None, runs: int | None = None) -> list[str]:
    """The platform team's GitHub Actions: OIDC into ``gha-platform-deploy`` in the management
    account, then ``platform-deployer`` in a member account, CloudFormation change sets, and
    CloudFormation acting with the deployer's session. ``extra`` calls (source, name, params)
    are made by the deployer in the management account on the first run."""
    rng = w.rng("pipeline", day)
    ids: list[str] = []
    if not weekday(day) and extra is None:
        return ids
    for run in range(runs if runs is not None else w.n(2, rng)):
        t0, ip = at(day, rng.uniform(14, 22)), NETS["gh_runners"].host(rng.randrange(1000))
        web_key = key(rng)
        w.trail.emit(SHARED, "us-east-1", t0, "sts.amazonaws.com", "AssumeRoleWithWebIdentity",
                     {"type": "WebIdentityUser", "principalId": "arn:aws:iam::402918375561:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:ashgrove-institute/platform:ref:refs/heads/main",
                      "userName": "repo:ashgrove-institute/platform:ref:refs/heads/main", "identityProvider": "token.actions.githubusercontent.com"},
                     ip, UA["gha_js"], params={"roleArn": role_arn(SHARED, "gha-platform-deploy"), "roleSessionName": "GitHubActions"},
                     response={"credentials": {"accessKeyId": web_key}})
        target = [SHARED, RESEARCH, LAKE][run % 3] if extra is None else SHARED
        dep_key = key(rng)
        gha = assumed(SHARED, "gha-platform-deploy", "GitHubActions", web_key, created=t0)
        w.trail.emit(target, "us-east-1", t0 + dt.timedelta(seconds=20), "sts.amazonaws.com", "AssumeRole", gha, ip, UA["gha_js"],
                     params={"roleArn": role_arn(target, "platform-deployer"), "roleSessionName": "gha-deploy"},
                     response={"credentials": {"accessKeyId": dep_key}}, read_only=True)
        dep = assumed(target, "platform-deployer", "gha-deploy", dep_key, created=t0)
        calls = [("cloudformation.amazonaws.com", n, None) for n in ("DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet", "DescribeStackEvents")]
        if extra is not None and run == 0:
            calls = calls[:1] + extra + calls[1:]
        for i, (source, name, params) in enumerate(calls):
            ids.append(w.trail.emit(target, "us-east-1", t0 + dt.timedelta(seconds=40 + 15 * i), source, name, dep, ip, UA["terraform"], params=params))
        dep_cfn = dict(dep)
        dep_cfn["invokedBy"] = "cloudformation.amazonaws.com"
        for i, (source, name) in enumerate(rng.sample([("lambda.amazonaws.com", "UpdateFunctionCode"), ("iam.amazonaws.com", "PutRolePolicy"),
                                                       ("ssm.amazonaws.com", "PutParameter"), ("events.amazonaws.com", "PutRule")], 2)):
            w.trail.emit(target, "us-east-1", t0 + dt.timedelta(seconds=140 + 10 * i), source, name, dep_cfn,
                         "cloudformation.amazonaws.com", "cloudformation.amazonaws.com")
    return ids


def catalog_launch(w: World, account: str, pset: str, user: str, t: dt.datetime, ip: str, rng: random.Random) -> None:
    """A researcher provisions a Service Catalog product from the console; Service Catalog's
    CloudFormation stack runs with the launch role."""
    ident = session(account, pset, user, key(rng), t, console=True)
    w.trail.emit(account, "us-east-1", t, "servicecatalog.amazonaws.com", "ProvisionProduct", ident, ip, UA["chrome_mac"],
                 params={"productId": "prod-sagemakernb01", "provisionedProductName": f"{user.split('.')[0]}-nb"})
    minted, _ = w.trail.mint(account, "us-east-1", t + dt.timedelta(seconds=30), "servicecatalog.amazonaws.com", "SCLaunchRole-Research", "SC-launch", rng)
    launch = assumed(account, "SCLaunchRole-Research", "SC-launch", minted, created=t)
    launch["invokedBy"] = "cloudformation.amazonaws.com"
    for i, (source, name) in enumerate([("s3.amazonaws.com", "CreateBucket"), ("iam.amazonaws.com", "PassRole"),
                                        ("sagemaker.amazonaws.com", "CreateNotebookInstance"), ("s3.amazonaws.com", "PutBucketTagging")]):
        w.trail.emit(account, "us-east-1", t + dt.timedelta(seconds=60 + 20 * i), source, name, launch,
                     "cloudformation.amazonaws.com", "cloudformation.amazonaws.com")


def catalog(w: World, day: dt.date) -> None:
    rng = w.rng("catalog", day)
    if weekday(day) and rng.random() < 0.45:
        p = rng.choice([BY_USER["maria.rivera"], BY_USER["grace.liu"], BY_USER["tom.becker"]])
        catalog_launch(w, RESEARCH, "ResearchUser", p.user, at(day, rng.uniform(14, 21)), where(w, p, day), rng)
