"""What Tessellate AI's actors call with (their clients' user agents) and what they call (the
API mixes, weights relative within a mix)."""

from __future__ import annotations

# --- clients ---------------------------------------------------------------------------------


def boto3(
    version: str,
    python: str = "3.11.9",
    kernel: str = "5.10.226-214.879.amzn2.x86_64",
    extra: str = "",
) -> str:
    return (
        f"Boto3/{version} md/Botocore#{version} ua/2.0 os/linux#{kernel} md/arch#x86_64 "
        f"lang/python#{python} md/pyimpl#CPython{extra} cfg/retry-mode#adaptive Botocore/{version}"
    )


def cli(version: str, os_: str, command: str = "") -> str:
    arch = "arm64" if os_.startswith("macos") else "x86_64"
    tail = f" md/command#{command}" if command else ""
    return (
        f"aws-cli/{version} md/awscrt#0.22.0 ua/2.0 os/{os_} md/arch#{arch} lang/python#3.12.6 "
        f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off{tail}"
    )


CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
INFERENCE_SDK = boto3("1.34.162")
INFERENCE_SDK_NEW = boto3("1.35.71", python="3.12.7")
STUDIO_SDK = boto3(
    "1.35.36", python="3.11.10", kernel="5.10.227-219.884.amzn2.x86_64", extra=" exec-env/SageMaker"
)
NOTEBOOK_MAC = (
    "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.11.10 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54"
)
GITHUB_JS = "aws-sdk-js/3.637.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.637.0 m/E,N,e"
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.78.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.5 ua/2.1 os/linux "
    "lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64"
)
VENDOR_GO = "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2"
NODE_AGENT = "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.22.8 md/GOOS#linux md/GOARCH#amd64 exec-env/eks-node"
LAMBDA_PY = boto3(
    "1.34.145",
    python="3.12.6",
    kernel="5.10.227-239.884.amzn2.x86_64",
    extra=" exec-env/AWS_Lambda_python3.12",
)

# --- APIs ------------------------------------------------------------------------------------

Mix = tuple[tuple[str, float], ...]

BEDROCK_APP: Mix = (
    ("bedrock-runtime:InvokeModel", 50),
    ("bedrock-runtime:InvokeModelWithResponseStream", 36),
    ("bedrock-runtime:ApplyGuardrail", 9),
    ("secretsmanager:GetSecretValue", 0.6),
    ("kms:Decrypt", 0.6),
    ("sts:GetCallerIdentity", 0.2),
)
RETRIEVAL: Mix = (
    ("bedrock-runtime:InvokeModel", 80),
    ("aoss:BatchGetCollection", 4),
    ("aoss:ListCollections", 1),
    ("secretsmanager:GetSecretValue", 0.5),
)
EKS_NODE: Mix = (
    ("ec2:DescribeInstances", 6),
    ("ecr:GetAuthorizationToken", 4),
    ("ecr:BatchGetImage", 5),
    ("ecr:GetDownloadUrlForLayer", 5),
    ("eks:DescribeCluster", 2),
    ("ec2:DescribeNetworkInterfaces", 3),
    ("ec2:AssignPrivateIpAddresses", 1),
)
METERING: Mix = (
    ("cloudwatch:PutMetricData", 8),
    ("kms:Decrypt", 1),
    ("secretsmanager:GetSecretValue", 1),
)
TRAINING: Mix = (
    ("s3:GetObject", 40),
    ("s3:PutObject", 14),
    ("s3:ListObjects", 6),
    ("ecr:BatchGetImage", 2),
    ("ecr:GetAuthorizationToken", 1),
    ("kms:Decrypt", 5),
    ("kms:GenerateDataKey", 4),
    ("cloudwatch:PutMetricData", 6),
    ("logs:CreateLogStream", 1),
)
ENDPOINT: Mix = (
    ("s3:GetObject", 3),
    ("kms:Decrypt", 2),
    ("cloudwatch:PutMetricData", 8),
    ("ecr:BatchGetImage", 1),
)
TRAINING_NODE: Mix = (
    ("s3:GetObject", 30),
    ("s3:PutObject", 10),
    ("s3:ListObjects", 4),
    ("cloudwatch:PutMetricData", 6),
    ("ssm:UpdateInstanceInformation", 2),
    ("ec2messages:GetMessages", 3),
)
SCHEDULER: Mix = (
    ("sagemaker:DescribeTrainingJob", 10),
    ("sagemaker:ListTrainingJobs", 4),
    ("ec2:DescribeInstances", 3),
    ("ec2:DescribeCapacityReservations", 2),
    ("sagemaker:CreateTrainingJob", 0.6),
)
STUDIO: Mix = (
    ("bedrock-runtime:InvokeModel", 30),
    ("bedrock-runtime:InvokeModelWithResponseStream", 14),
    ("s3:GetObject", 18),
    ("s3:PutObject", 4),
    ("sagemaker:DescribeTrainingJob", 3),
    ("sagemaker:CreateTrainingJob", 0.4),
    ("aoss:BatchGetCollection", 1),
)
VENDOR_MIX: Mix = (("s3:PutObject", 70), ("s3:GetObject", 12), ("s3:ListObjects", 18))
SYNC: Mix = (
    ("s3:ListObjects", 20),
    ("s3:GetObject", 30),
    ("s3:PutObject", 15),
    ("s3:GetBucketLocation", 2),
)
GLUE: Mix = (
    ("s3:GetObject", 20),
    ("s3:PutObject", 8),
    ("glue:GetTable", 4),
    ("glue:GetPartitions", 4),
    ("kms:Decrypt", 2),
)
AGENT_RT: Mix = (
    ("bedrock-runtime:Converse", 40),
    ("bedrock-runtime:ConverseStream", 30),
    ("secretsmanager:GetSecretValue", 1),
    ("dynamodb:DescribeTable", 1),
)
CONFIG: Mix = (
    ("config:PutEvaluations", 4),
    ("ec2:DescribeInstances", 2),
    ("iam:GetRole", 2),
    ("s3:GetBucketAcl", 1),
    ("s3:GetBucketPolicy", 1),
    ("ec2:DescribeSecurityGroups", 2),
)
AUDIT: Mix = (
    ("securityhub:GetFindings", 6),
    ("guardduty:ListFindings", 3),
    ("config:DescribeComplianceByConfigRule", 2),
)
SRE: Mix = (
    ("eks:DescribeCluster", 8),
    ("eks:ListClusters", 2),
    ("logs:FilterLogEvents", 10),
    ("logs:StartQuery", 4),
    ("logs:GetQueryResults", 8),
    ("cloudwatch:GetMetricData", 12),
    ("cloudwatch:DescribeAlarms", 4),
    ("ec2:DescribeInstances", 5),
    ("autoscaling:DescribeAutoScalingGroups", 2),
    ("bedrock:GetModelInvocationLoggingConfiguration", 0.4),
    ("servicequotas:GetServiceQuota", 0.5),
)
ML_ADMIN: Mix = (
    ("sagemaker:ListTrainingJobs", 8),
    ("sagemaker:DescribeTrainingJob", 10),
    ("sagemaker:ListEndpoints", 4),
    ("sagemaker:DescribeEndpoint", 4),
    ("bedrock:ListFoundationModels", 3),
    ("bedrock:GetFoundationModel", 2),
    ("bedrock:ListCustomModels", 1),
    ("ec2:DescribeInstances", 3),
    ("ec2:DescribeCapacityReservations", 1),
    ("servicequotas:ListServiceQuotas", 1),
)
ML_ENGINEER: Mix = (
    ("sagemaker:ListNotebookInstances", 4),
    ("sagemaker:DescribeNotebookInstance", 4),
    ("sagemaker:CreatePresignedNotebookInstanceUrl", 3),
    ("sagemaker:DescribeTrainingJob", 8),
    ("sagemaker:ListTrainingJobs", 4),
    ("logs:GetLogEvents", 8),
    ("s3:ListBuckets", 2),
    ("bedrock-runtime:InvokeModel", 3),
)
RESEARCHER: Mix = (
    ("sagemaker:CreatePresignedDomainUrl", 3),
    ("sagemaker:ListSpaces", 3),
    ("sagemaker:ListApps", 2),
    ("sagemaker:DescribeDomain", 1),
    ("bedrock:ListFoundationModels", 2),
    ("bedrock-runtime:InvokeModel", 12),
    ("bedrock-runtime:InvokeModelWithResponseStream", 6),
    ("s3:ListBuckets", 2),
    ("sagemaker:DescribeTrainingJob", 3),
)
NOTEBOOK_USER: Mix = (
    ("bedrock-runtime:InvokeModel", 30),
    ("bedrock:ListFoundationModels", 1),
    ("s3:GetObject", 10),
    ("sagemaker:DescribeTrainingJob", 2),
)
FINOPS: Mix = (
    ("ce:GetCostAndUsage", 14),
    ("ce:GetCostForecast", 4),
    ("ce:GetSavingsPlansCoverage", 2),
    ("ce:GetReservationUtilization", 2),
    ("budgets:DescribeBudgets", 3),
    ("cur:DescribeReportDefinitions", 1),
)
DATA_ENG: Mix = (
    ("glue:GetJobRuns", 6),
    ("glue:StartJobRun", 1),
    ("athena:StartQueryExecution", 6),
    ("athena:GetQueryExecution", 8),
    ("athena:GetQueryResults", 6),
    ("s3:ListBuckets", 1),
    ("glue:GetTables", 3),
)
SECOPS: Mix = (
    ("securityhub:GetFindings", 10),
    ("guardduty:ListFindings", 5),
    ("guardduty:GetFindings", 5),
    ("access-analyzer:ListFindings", 2),
    ("cloudtrail:LookupEvents", 3),
    ("config:DescribeComplianceByConfigRule", 2),
)

# the attackers' clients
PROXY_SDK = "Boto3/1.26.137 Python/3.10.12 Linux/5.15.0-91-generic Botocore/1.29.137"
KALI_CLI = "aws-cli/1.32.0 Python/3.11.6 Linux/6.6.9-amd64 botocore/1.34.0"
UBUNTU_CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.2.0-39-generic exe/x86_64.ubuntu.22 prompt/off command/s3.cp"
DEBIAN_CLI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.1.0-13-amd64 exe/x86_64.debian.12 prompt/off command/s3.ls"
EDGE_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0"
)
