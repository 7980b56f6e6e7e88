"""User agents and error spellings, as they appear in real 2025 CloudTrail."""

from __future__ import annotations

CLI_MAC = (
    "aws-cli/2.22.{p} md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
CLI_LINUX = (
    "aws-cli/2.22.{p} md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
)
CLI_WIN = (
    "aws-cli/2.21.{p} md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
CLOUDSHELL = (
    "aws-cli/2.22.9 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 "
    "md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/CloudShell "
    "cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{cmd}"
)
BROWSERS = {
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "firefox_linux": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "edge_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "safari_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
}
MOBILE_APP = "AWS Console Mobile App/3.28.0 (iPhone; iOS 18.1; Scale/3.00)"
CONSOLE = "AWS Internal"


def boto3(
    runtime: str,
    version: str = "1.34.145",
    py: str = "3.12.7",
    os_: str = "linux#5.10.227-239.884.amzn2.x86_64",
) -> str:
    return (
        f"Boto3/{version} md/Botocore#{version} ua/2.0 os/{os_} md/arch#x86_64 lang/python#{py} "
        f"md/pyimpl#CPython exec-env/{runtime} cfg/retry-mode#legacy Botocore/{version}"
    )


def js_v3(node: str, sdk: str, api: str) -> str:
    return (
        f"aws-sdk-js/{sdk} ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js "
        f"md/nodejs#{node} api/{api}#{sdk} m/E,N exec-env/AWS_Lambda_nodejs{node.split('.')[0]}.x"
    )


SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0"
GLUE = (
    "aws-sdk-java/1.12.767 Linux/5.10.227-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 "
    "java/1.8.0_432 scala/2.12.18 vendor/Amazon.com_Inc. cfg/retry-mode/legacy AWSGlueETL"
)
SAGEMAKER_NB = (
    "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython cfg/retry-mode#legacy "
    "Botocore/1.34.131 AWS-SageMaker-Python-SDK/2.226.0"
)
GHA_OIDC = "configure-aws-credentials-for-github-actions"
SAM = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36 aws-sam-cli/1.125.0"
)
PHP_HELPDESK = "aws-sdk-php/3.325.2 OS/Linux/5.15.0-124-generic lang/php/8.2.25 GuzzleHttp/7"
JENKINS = "aws-cli/1.33.44 md/Botocore#1.34.162 ua/2.0 os/linux#5.4.0-200-generic md/arch#x86_64 lang/python#3.8.10 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.34.162"
QA = "Boto3/1.28.85 md/Botocore#1.31.85 ua/2.0 os/linux#5.15.0-1071-aws md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.85"
IOS_SDK = "aws-sdk-iOS/2.36.7 iOS/18.1 en_US"
ANDROID_SDK = "aws-sdk-android/2.77.0 Linux/5.10.198-android13 Dalvik/2.1.0/0 en_US"

# throttling and denial, spelled per service as CloudTrail records them
THROTTLE = {
    "ec2": "Client.RequestLimitExceeded",
    "s3": "SlowDown",
    "dynamodb": "ThrottlingException",
    "kms": "ThrottlingException",
    "secretsmanager": "ThrottlingException",
    "ssm": "ThrottlingException",
    "lambda": "TooManyRequestsException",
    "sts": "Throttling",
    "iam": "Throttling",
}
DENIED = {
    "ec2": "Client.UnauthorizedOperation",
    "s3": "AccessDenied",
    "iam": "AccessDenied",
    "sts": "AccessDenied",
    "sts-global": "AccessDenied",
    "signin": "AccessDenied",
}


def denied(service: str, arn: str, action: str) -> tuple[str, str]:
    code = DENIED.get(service, "AccessDeniedException")
    return code, (
        f"User: {arn} is not authorized to perform: {service.replace('-global', '')}:{action} "
        "because no identity-based policy allows the action"
    )


def throttled(service: str) -> tuple[str, str]:
    return THROTTLE.get(service, "ThrottlingException"), "Rate exceeded"
