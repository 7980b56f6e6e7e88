"""Who works at Jabuti Market: workloads, people, pipelines and integrations, as data."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.heldout14._plan import ACCOUNTS

JAVA = (
    "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS "
    "Java/21.0.3 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache "
    "cfg/retry-mode/legacy"
)
NODE = "aws-sdk-js/3.600.0 ua/2.1 os/linux#5.10.219-208.866.amzn2.x86_64 lang/js md/nodejs#20.15.0 api/{api}#3.600.0 exec-env/AWS_ECS_FARGATE"
GO = "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.32.0 exec-env/AWS_ECS_FARGATE"
PY_LAMBDA = (
    "Boto3/1.34.126 md/Botocore#1.34.126 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 md/arch#x86_64 "
    "lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.126"
)
NODE_LAMBDA = "aws-sdk-js/3.583.0 ua/2.1 os/linux#5.10.219-229.866.amzn2.x86_64 lang/js md/nodejs#20.13.1 api/{api}#3.583.0 exec-env/AWS_Lambda_nodejs20.x"
BATCH = (
    "Boto3/1.34.100 md/Botocore#1.34.100 ua/2.0 os/linux#6.1.92-99.174.amzn2023.x86_64 md/arch#x86_64 "
    "lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.100"
)
SSM_AGENT = "aws-sdk-go/1.44.260 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.484.0"
CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CLI_MAC = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
)
CLI_LINUX = (
    "aws-cli/2.21.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
)
SAML2AWS = "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)"
BITBUCKET = "aws-cli/1.33.4 Python/3.10.12 Linux/5.15.0-1057-aws botocore/1.34.122"
GITLAB = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.154+ md/arch#x86_64 lang/python#3.11.9 "
    "md/pyimpl#CPython exec-env/docker cfg/retry-mode#standard md/installer#docker md/prompt#off md/command#{cmd}"
)
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.62.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3 ua/2.0 os/linux "
    "lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.42.3"
)
ERP = "Boto3/1.26.165 Python/3.9.13 Windows/10 Botocore/1.29.165"
MARKETING = "aws-sdk-java/1.12.701 Linux/5.10.216-204.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/11.0.23+9-LTS java/11.0.23 vendor/Amazon.com_Inc."
PARTNER = "aws-sdk-php/3.314.0 OS/Linux/5.15.0-1061-aws lang/php#8.2.20 GuzzleHttp/7"
PROWLER = (
    "Boto3/1.35.20 md/Botocore#1.35.20 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.3 "
    "md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.20 prowler/4.3.5"
)

PROD, STAGING, DATA, PIX = ACCOUNTS["prod"], ACCOUNTS["staging"], ACCOUNTS["data"], ACCOUNTS["pix"]

# an API a workload calls: (service, eventName, weight)
Api = tuple[str, str, float]


@dataclass(frozen=True)
class Service:
    """An ECS Fargate service: its tasks' role, how many tasks, its calls per task-hour."""

    name: str
    account: str
    tasks: int
    rate: float
    agent: str
    apis: tuple[Api, ...]
    vpce: bool = False  # S3/SQS calls through interface endpoints (private addresses)


@dataclass(frozen=True)
class Function:
    """A Lambda function behind API Gateway or a queue: execution environments a day, calls each."""

    name: str
    account: str
    envs: int
    rate: float
    agent: str
    apis: tuple[Api, ...]
    vpc: bool = False  # egress through the NAT gateways


@dataclass(frozen=True)
class Person:
    """Someone who signs in through Google Workspace SAML into ``role`` of ``account``."""

    email: str
    role: str
    account: str
    home: str  # plan block of the home ISP
    office: bool  # works from the Sao Paulo office on Tuesdays and Thursdays
    browser: str
    cli: str | None  # None: console only
    apis: tuple[Api, ...]


SERVICES = (
    Service(
        "checkout-api",
        PROD,
        4,
        30,
        JAVA,
        (
            ("secretsmanager", "GetSecretValue", 1),
            ("kms", "Decrypt", 3),
            ("sqs", "SendMessage", 6),
            ("states", "StartExecution", 3),
            ("events", "PutEvents", 2),
            ("ssm", "GetParameters", 1),
        ),
    ),
    Service(
        "catalog-api",
        PROD,
        4,
        40,
        GO,
        (
            ("s3", "GetObject", 8),
            ("s3", "PutObject", 1),
            ("kms", "Decrypt", 2),
            ("ssm", "GetParameters", 1),
            ("elasticache", "DescribeCacheClusters", 0.2),
        ),
        vpce=True,
    ),
    Service(
        "search-indexer",
        PROD,
        2,
        25,
        GO,
        (("sqs", "ReceiveMessage", 8), ("sqs", "DeleteMessage", 6), ("s3", "GetObject", 3)),
    ),
    Service(
        "seller-portal",
        PROD,
        3,
        20,
        NODE,
        (
            ("s3", "PutObject", 3),
            ("s3", "GetObject", 4),
            ("secretsmanager", "GetSecretValue", 0.5),
            ("sqs", "SendMessage", 2),
            ("kms", "GenerateDataKey", 2),
        ),
    ),
    Service(
        "payments-svc",
        PROD,
        3,
        25,
        JAVA,
        (
            ("secretsmanager", "GetSecretValue", 1),
            ("kms", "Decrypt", 4),
            ("kms", "GenerateDataKey", 2),
            ("sqs", "SendMessage", 3),
            ("sns", "Publish", 1),
        ),
    ),
    Service(
        "notification-svc",
        PROD,
        2,
        20,
        NODE,
        (
            ("sqs", "ReceiveMessage", 6),
            ("sqs", "DeleteMessage", 4),
            ("sns", "Publish", 3),
            ("ses", "SendEmail", 3),
        ),
    ),
    Service(
        "checkout-api",
        STAGING,
        1,
        6,
        JAVA,
        (("secretsmanager", "GetSecretValue", 1), ("kms", "Decrypt", 2), ("sqs", "SendMessage", 3)),
    ),
    Service(
        "catalog-api",
        STAGING,
        1,
        6,
        GO,
        (("s3", "GetObject", 4), ("ssm", "GetParameters", 1)),
        vpce=True,
    ),
    Service(
        "pix-gateway",
        PIX,
        2,
        15,
        GO,
        (
            ("secretsmanager", "GetSecretValue", 1),
            ("kms", "Sign", 3),
            ("sqs", "SendMessage", 3),
            ("s3", "PutObject", 1),
        ),
    ),
)

FUNCTIONS = (
    Function(
        "order-webhook",
        PROD,
        5,
        20,
        NODE_LAMBDA,
        (("sqs", "SendMessage", 4), ("ssm", "GetParameter", 0.5), ("kms", "Decrypt", 1)),
    ),
    Function(
        "image-resizer", PROD, 6, 25, PY_LAMBDA, (("s3", "GetObject", 4), ("s3", "PutObject", 4))
    ),
    Function(
        "fraud-score",
        PROD,
        4,
        15,
        PY_LAMBDA,
        (
            ("secretsmanager", "GetSecretValue", 0.3),
            ("sqs", "SendMessage", 2),
            ("monitoring", "PutMetricData", 1),
        ),
        vpc=True,
    ),
    Function(
        "freight-quote",
        PROD,
        3,
        12,
        NODE_LAMBDA,
        (("ssm", "GetParameter", 1), ("events", "PutEvents", 2)),
    ),
    Function(
        "connect-order-lookup",
        PROD,
        2,
        10,
        PY_LAMBDA,
        (("secretsmanager", "GetSecretValue", 0.5), ("s3", "GetObject", 1)),
        vpc=True,
    ),
    Function("order-webhook", STAGING, 1, 6, NODE_LAMBDA, (("sqs", "SendMessage", 3),)),
    Function(
        "pix-callback", PIX, 2, 10, PY_LAMBDA, (("sqs", "SendMessage", 2), ("kms", "Verify", 2))
    ),
)

_DEV = (
    ("ecs", "DescribeServices", 3),
    ("logs", "FilterLogEvents", 4),
    ("logs", "GetLogEvents", 3),
    ("lambda", "ListFunctions", 1),
    ("lambda", "GetFunction", 1),
    ("sqs", "GetQueueAttributes", 1),
    ("cloudwatch", "GetMetricData", 3),
    ("s3", "ListBuckets", 1),
    ("ecs", "ListTasks", 1),
    ("states", "DescribeExecution", 1),
)
_PLATFORM = (
    *_DEV,
    ("ec2", "DescribeVpcs", 1),
    ("iam", "GetRole", 1),
    ("rds", "DescribeDBClusters", 1),
    ("route53", "ListResourceRecordSets", 0.5),
    ("elasticache", "DescribeReplicationGroups", 0.5),
    ("cloudfront", "ListDistributions", 0.3),
)
_DATA = (
    ("athena", "StartQueryExecution", 3),
    ("athena", "GetQueryResults", 3),
    ("glue", "GetTable", 2),
    ("s3", "ListBuckets", 0.3),
    ("rds", "DescribeDBClusters", 0.2),
)
_SUPPORT = (
    ("connect", "DescribeUser", 2),
    ("connect", "ListQueues", 2),
    ("connect", "GetCurrentMetricData", 3),
    ("logs", "FilterLogEvents", 1),
)
_SECURITY = (
    ("guardduty", "ListFindings", 3),
    ("guardduty", "GetFindings", 3),
    ("securityhub", "GetFindings", 3),
    ("config", "DescribeComplianceByConfigRule", 1),
    ("cloudtrail", "LookupEvents", 1),
)

PEOPLE = (
    Person(
        "rafael.souza@jabuti.com.br", "Developer", PROD, "vivo-sp", True, CHROME_MAC, CLI_MAC, _DEV
    ),
    Person(
        "juliana.lima@jabuti.com.br", "Developer", PROD, "net-sp", True, CHROME_MAC, CLI_MAC, _DEV
    ),
    Person(
        "thiago.pereira@jabuti.com.br",
        "Developer",
        PROD,
        "tim-rec",
        False,
        CHROME_LINUX,
        CLI_LINUX,
        _DEV,
    ),
    Person(
        "camila.rocha@jabuti.com.br",
        "Developer",
        PROD,
        "claro-rec",
        False,
        CHROME_MAC,
        CLI_MAC,
        _DEV,
    ),
    Person(
        "bruno.alves@jabuti.com.br",
        "Developer",
        STAGING,
        "net-poa",
        False,
        CHROME_LINUX,
        CLI_LINUX,
        _DEV,
    ),
    Person(
        "larissa.costa@jabuti.com.br",
        "Developer",
        STAGING,
        "vivo-poa",
        False,
        CHROME_MAC,
        CLI_MAC,
        _DEV,
    ),
    Person(
        "marcos.oliveira@jabuti.com.br",
        "PlatformAdmin",
        PROD,
        "vivo-sp",
        True,
        CHROME_MAC,
        CLI_MAC,
        _PLATFORM,
    ),
    Person(
        "fernanda.ribeiro@jabuti.com.br",
        "PlatformAdmin",
        PROD,
        "net-sp",
        True,
        CHROME_WIN,
        CLI_LINUX,
        _PLATFORM,
    ),
    Person(
        "gustavo.martins@jabuti.com.br",
        "DataAnalyst",
        ACCOUNTS["data"],
        "vivo-sp",
        True,
        CHROME_WIN,
        None,
        _DATA,
    ),
    Person(
        "patricia.gomes@jabuti.com.br",
        "DataAnalyst",
        ACCOUNTS["data"],
        "claro-rec",
        False,
        CHROME_MAC,
        None,
        _DATA,
    ),
    Person(
        "aline.barbosa@jabuti.com.br",
        "ContactCentreAdmin",
        PROD,
        "net-sp",
        True,
        CHROME_WIN,
        None,
        _SUPPORT,
    ),
    Person(
        "diego.fernandes@jabuti.com.br",
        "SecurityAnalyst",
        ACCOUNTS["security"],
        "vivo-sp",
        True,
        CHROME_MAC,
        CLI_MAC,
        _SECURITY,
    ),
    Person(
        "renata.cardoso@jabuti.com.br",
        "PlatformAdmin",
        ACCOUNTS["management"],
        "vivo-sp",
        True,
        CHROME_MAC,
        None,
        (
            ("organizations", "ListAccounts", 2),
            ("controltower", "ListEnabledControls", 1),
            ("ce", "GetCostAndUsage", 2),
        ),
    ),
)

# the Buenos Aires agency's developers, all in one federated role from the agency's office
AGENCY = ("martin.gonzalez", "lucia.fernandez", "santiago.romero", "valentina.diaz")
AGENCY_NEW = ("tomas.alvarez", "sofia.benitez")  # join on the first scored day (B6)
AGENCY_GONE = ("santiago.romero", "valentina.diaz")  # rotated off the same day
AGENCY_APIS = (
    ("ecs", "DescribeServices", 2),
    ("logs", "FilterLogEvents", 4),
    ("s3", "ListBuckets", 0.5),
    ("cloudwatch", "GetMetricData", 2),
    ("lambda", "GetFunction", 1),
)

# GitLab projects deploying through OIDC (role gitlab-<project> in the shared account, then
# the deployer role of each target account): (project, target accounts, runs per workday)
PROJECTS = (
    ("checkout", (PROD, STAGING), 5),
    ("catalog", (PROD, STAGING), 4),
    ("seller-portal", (PROD,), 3),
    ("lambdas", (PROD, STAGING), 4),
    ("pix", (PIX,), 2),
)
