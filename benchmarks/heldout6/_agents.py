"""The clients Lakeshore's people and workloads call AWS with, and what each of them calls."""

from __future__ import annotations

CLI_MAC = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off command/{cmd}"
CLI_LINUX = "aws-cli/2.13.5 Python/3.11.4 Linux/5.15.0-91-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
CLI_WIN = "aws-cli/2.15.10 Python/3.11.6 Windows/10 exe/AMD64 prompt/off command/{cmd}"
BOTO_MAC = (
    "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/macos#23.3.0 md/arch#arm64 lang/python#3.11.7 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51"
)
BOTO_LINUX = (
    "Boto3/1.33.13 md/Botocore#1.33.13 ua/2.0 os/linux#6.5.0-21-generic md/arch#x86_64 "
    "lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.33.13"
)
BOTO_WIN = (
    "Boto3/1.34.60 md/Botocore#1.34.60 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.2 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.60"
)
PAWS = "paws/0.6.4 (R4.3.2; darwin20; aarch64)"
RCLONE = "rclone/v1.66.0"
CYBERDUCK = "Cyberduck/8.7.3.41445 (Mac OS X/14.3.1) (aarch64)"
S3BROWSER = "S3 Browser/11.5.7 (https://s3browser.com)"
S3FS = "s3fs/1.93 (commit hash 8cb9f3c; OpenSSL)"
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/macos "
    "lang/go#1.21.7 md/GOOS#darwin md/GOARCH#arm64 api/{cmd}"
)
CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1"
)
NODE_BOTO = (
    "Boto3/1.34.14 md/Botocore#1.34.14 ua/2.0 os/linux#5.10.210-201.852.amzn2.x86_64 md/arch#x86_64 "
    "lang/python#3.9.16 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.14 Resource"
)
NOTEBOOK = (
    "Boto3/1.34.101 md/Botocore#1.34.101 ua/2.0 os/linux#5.10.215-203.850.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.101"
)
NEXTFLOW = (
    "aws-sdk-java/1.12.670 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7 "
    "java/17.0.10 vendor/Eclipse_Adoptium cfg/retry-mode/legacy"
)
KUBELET = "ecr-credential-provider/1.29 aws-sdk-go/1.50.25 (go1.21.8; linux; amd64)"
GLOBUS = "Globus-Connect-Server/5.4.76 aws-sdk-cpp/1.11.285 Linux/5.14.0-362.el9.x86_64 x86_64 GCC/11.4.1"
CLOUDWATCH_AGENT = "CWAgent/1.300035.0 (go1.21.6; linux; amd64) ip-10-0-12-4"

CLI_MAC_NEW = "aws-cli/2.17.2 Python/3.12.4 Darwin/24.0.0 exe/arm64 prompt/off command/{cmd}"
TOOLS = {
    "cli_mac": CLI_MAC,
    "cli_mac_new": CLI_MAC_NEW,
    "cli_linux": CLI_LINUX,
    "cli_win": CLI_WIN,
    "boto_mac": BOTO_MAC,
    "boto_linux": BOTO_LINUX,
    "boto_win": BOTO_WIN,
    "paws": PAWS,
    "rclone": RCLONE,
    "cyberduck": CYBERDUCK,
    "s3browser": S3BROWSER,
    "s3fs": S3FS,
    "terraform": TERRAFORM,
}

# what each kind of tool calls: (service, event name, weight); "data:<bucket>" rows are S3 data
# events on one of the two buckets whose object calls are logged
_CLI = [
    ("sts", "GetCallerIdentity", 2),
    ("s3", "ListBuckets", 4),
    ("s3", "GetBucketLocation", 3),
    ("ec2", "DescribeInstances", 3),
    ("ec2", "DescribeSpotPriceHistory", 1),
    ("sagemaker", "ListNotebookInstances", 2),
    ("sagemaker", "DescribeNotebookInstance", 1),
    ("logs", "DescribeLogGroups", 1),
    ("logs", "GetLogEvents", 2),
    ("s3", "data:ListObjectsV2", 3),
    ("s3", "data:GetObject", 4),
]
_SDK = [
    ("s3", "ListBuckets", 2),
    ("s3", "GetBucketLocation", 3),
    ("s3", "data:GetObject", 8),
    ("s3", "data:HeadObject", 3),
    ("sagemaker", "CreateTrainingJob", 1),
    ("sagemaker", "DescribeTrainingJob", 3),
    ("athena", "StartQueryExecution", 2),
    ("athena", "GetQueryExecution", 4),
    ("glue", "GetTable", 2),
]
_SYNC = [
    ("s3", "ListBuckets", 1),
    ("s3", "GetBucketLocation", 2),
    ("s3", "data:ListObjectsV2", 4),
    ("s3", "data:HeadObject", 4),
    ("s3", "data:GetObject", 6),
    ("s3", "data:PutObject", 2),
]
_TERRAFORM = [
    ("sts", "GetCallerIdentity", 3),
    ("ec2", "DescribeVpcs", 2),
    ("ec2", "DescribeSecurityGroups", 3),
    ("ec2", "DescribeSubnets", 2),
    ("iam", "GetRole", 2),
    ("iam", "ListAttachedRolePolicies", 1),
    ("s3", "GetBucketPolicy", 1),
    ("s3", "GetBucketVersioning", 1),
    ("s3", "GetBucketAcl", 1),
    ("ec2", "AuthorizeSecurityGroupIngress", 1),
    ("ec2", "CreateTags", 1),
]
CONSOLE = [
    ("ce", "GetCostAndUsage", 2),
    ("budgets", "DescribeBudgets", 1),
    ("s3", "ListBuckets", 3),
    ("s3", "GetBucketLocation", 2),
    ("sagemaker", "ListNotebookInstances", 3),
    ("sagemaker", "CreatePresignedNotebookInstanceUrl", 2),
    ("ec2", "DescribeInstances", 3),
    ("ec2", "DescribeInstanceTypes", 1),
    ("health", "DescribeEventAggregates", 2),
    ("cloudwatch", "DescribeAlarms", 1),
    ("iam", "GetAccountSummary", 1),
    ("logs", "DescribeLogGroups", 1),
]
REPERTOIRE = {
    "cli_mac": _CLI,
    "cli_linux": _CLI,
    "cli_win": _CLI,
    "cli_mac_new": _CLI,
    "boto_mac": _SDK,
    "boto_linux": _SDK,
    "boto_win": _SDK,
    "paws": _SDK,
    "rclone": _SYNC,
    "cyberduck": _SYNC,
    "s3browser": _SYNC,
    "s3fs": _SYNC,
    "terraform": _TERRAFORM,
}
COMMANDS = {
    "GetCallerIdentity": "sts.get-caller-identity",
    "ListBuckets": "s3.ls",
    "GetBucketLocation": "s3.ls",
    "ListObjectsV2": "s3.ls",
    "GetObject": "s3.cp",
    "PutObject": "s3.cp",
    "DescribeInstances": "ec2.describe-instances",
}


def agent(tool: str, name: str) -> str:
    """The user agent ``tool`` sends for ``name`` (the CLI names its command)."""
    text = TOOLS[tool]
    if tool.startswith("cli"):
        return text.format(cmd=COMMANDS.get(name, "s3.ls"))
    if tool == "terraform":
        return text.format(cmd="ec2#1.149.1" if name.startswith("Describe") else "s3#1.51.2")
    return text
