"""What each kind of person or tool calls: (eventSource prefix, eventName, weight)."""

from __future__ import annotations

PLATFORM = [
    ("cloudformation", "DescribeStacks", 6),
    ("cloudformation", "ListStacks", 2),
    ("cloudformation", "DescribeStackEvents", 3),
    ("lambda", "ListFunctions20150331", 3),
    ("lambda", "GetFunction20150331v2", 3),
    ("logs", "FilterLogEvents", 5),
    ("logs", "DescribeLogGroups", 3),
    ("monitoring", "DescribeAlarms", 3),
    ("monitoring", "GetMetricData", 4),
    ("dynamodb", "DescribeTable", 2),
    ("iam", "GetRole", 2),
    ("states", "ListExecutions", 2),
    ("states", "DescribeExecution", 2),
    ("ssm", "GetParameter", 1),
    ("kms", "DescribeKey", 1),
    ("ec2", "DescribeVpcs", 1),
    ("ec2", "DescribeSecurityGroups", 2),
    ("ec2", "DescribeNatGateways", 1),
    ("apigateway", "GetRestApis", 1),
    ("sts", "GetCallerIdentity", 2),
]
DEVELOPER = [
    ("lambda", "GetFunction20150331v2", 4),
    ("lambda", "ListFunctions20150331", 2),
    ("logs", "FilterLogEvents", 6),
    ("logs", "GetLogEvents", 4),
    ("logs", "StartQuery", 2),
    ("logs", "GetQueryResults", 3),
    ("dynamodb", "DescribeTable", 2),
    ("states", "DescribeExecution", 2),
    ("apigateway", "GetRestApis", 1),
    ("apigateway", "GetStages", 1),
    ("sqs", "GetQueueAttributes", 2),
    ("cloudformation", "DescribeStackEvents", 2),
    ("xray", "GetTraceSummaries", 2),
    ("sts", "GetCallerIdentity", 1),
]
ANALYST = [
    ("athena", "StartQueryExecution", 5),
    ("athena", "GetQueryExecution", 8),
    ("athena", "GetQueryResults", 5),
    ("athena", "ListWorkGroups", 1),
    ("glue", "GetDatabases", 2),
    ("glue", "GetTables", 3),
    ("glue", "GetTable", 3),
    ("s3", "ListBuckets", 1),
    ("quicksight", "DescribeDashboard", 1),
]
SECURITY = [
    ("guardduty", "ListDetectors", 2),
    ("guardduty", "ListFindings", 4),
    ("guardduty", "GetFindings", 4),
    ("securityhub", "GetFindings", 5),
    ("securityhub", "DescribeHub", 1),
    ("cloudtrail", "DescribeTrails", 1),
    ("cloudtrail", "GetTrailStatus", 1),
    ("cloudtrail", "LookupEvents", 3),
    ("config", "DescribeConfigRules", 1),
    ("access-analyzer", "ListFindings", 2),
    ("iam", "GetAccountSummary", 1),
    ("inspector2", "ListFindings", 2),
]
FINANCE = [
    ("ce", "GetCostAndUsage", 5),
    ("ce", "GetCostForecast", 1),
    ("budgets", "DescribeBudgets", 2),
    ("organizations", "ListAccounts", 1),
    ("billingconductor", "ListBillingGroups", 1),
]
MANAGEMENT = [
    ("organizations", "ListAccounts", 3),
    ("organizations", "DescribeAccount", 2),
    ("organizations", "ListOrganizationalUnitsForParent", 1),
    ("sso", "ListPermissionSets", 2),
    ("sso", "ListAccountAssignments", 2),
    ("controltower", "ListEnabledControls", 1),
    ("servicecatalog", "SearchProvisionedProducts", 1),
]
MSP = [
    ("monitoring", "DescribeAlarms", 5),
    ("monitoring", "GetMetricData", 4),
    ("logs", "FilterLogEvents", 4),
    ("lambda", "ListFunctions20150331", 2),
    ("lambda", "GetFunctionConfiguration20150331v2", 2),
    ("backup", "ListBackupJobs", 3),
    ("backup", "DescribeBackupJob", 2),
    ("ssm", "DescribeParameters", 1),
    ("cloudformation", "DescribeStacks", 2),
    ("health", "DescribeEvents", 2),
    ("support", "DescribeCases", 1),
    ("config", "DescribeComplianceByConfigRule", 1),
    ("trustedadvisor", "DescribeChecks", 1),
]
VENDOR = [
    ("monitoring", "GetMetricData", 8),
    ("monitoring", "ListMetrics", 3),
    ("tag", "GetResources", 3),
    ("lambda", "ListFunctions20150331", 2),
    ("dynamodb", "ListTables", 1),
    ("states", "ListStateMachines", 1),
    ("apigateway", "GetRestApis", 1),
    ("sqs", "ListQueues", 1),
    ("logs", "DescribeLogGroups", 1),
]
TEAM_APIS = {
    "platform": PLATFORM,
    "payments": DEVELOPER,
    "insights": DEVELOPER,
    "data": ANALYST,
    "security": SECURITY,
    "finance": FINANCE,
}
GLOBAL_SOURCES = (
    "iam",
    "organizations",
    "ce",
    "budgets",
    "support",
    "health",
    "trustedadvisor",
    "billingconductor",
)
# the CLI's command for an API: "cloudformation.describe-stacks"
_CMD_FIX = {
    "monitoring": "cloudwatch",
    "states": "stepfunctions",
    "sso": "sso-admin",
    "tag": "resourcegroupstaggingapi",
}


def source(prefix: str) -> str:
    return f"{prefix}.amazonaws.com"


def command(prefix: str, name: str) -> str:
    base = name.split("2015")[0].rstrip("v")
    words = "".join("-" + c.lower() if c.isupper() else c for c in base).lstrip("-")
    return f"{_CMD_FIX.get(prefix, prefix)}.{words}"
