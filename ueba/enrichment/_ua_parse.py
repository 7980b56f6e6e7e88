"""Classify one user agent: family, version, runtime, OS, distribution, execution environment.

The parser runs once per *distinct* agent (see :func:`ueba.enrichment.useragent.enrich_user_agent`),
so a plain Python pass over a few dozen tokens is cheap next to the events it labels. It never
uses regular expressions: every step is a token comparison, and a :class:`Work` counter bounds
the effort by the (truncated) length of the input.
"""

from __future__ import annotations

from dataclasses import dataclass

from ueba.enrichment._ua_tokens import (
    Work,
    distrib_of,
    distro_of,
    normalise_token,
    split_tokens,
    strip_ids,
)

UA_FAMILIES = (
    "aws-cli",
    "boto3",
    "botocore",
    "boto",
    "aws-sdk-go",
    "aws-sdk-go-v2",
    "aws-sdk-java",
    "aws-sdk-java-v2",
    "aws-sdk-js",
    "aws-sdk-js-v3",
    "aws-sdk-ruby",
    "aws-sdk-dotnet",
    "aws-sdk-php",
    "terraform",
    "pulumi",
    "console",
    "aws-internal",
    "aws-service",
    "browser",
    "other",
)

OS_FAMILIES = ("macos", "linux", "windows", "ios", "android", "other")

_SERVICE_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".amazon.com")
_CONSOLE_HOSTS = frozenset({"console.amazonaws.com", "signin.amazonaws.com"})
_INTERNAL_PRODUCTS = frozenset({"aws-internal", "coral"})

# Product token name (lower case) -> family; versioned SDKs are split by major version below.
_SDK_NAMES = {
    "aws-cli": "aws-cli",
    "boto3": "boto3",
    "botocore": "botocore",
    "boto": "boto",
    "aws-sdk-go": "aws-sdk-go",
    "aws-sdk-go-v2": "aws-sdk-go-v2",
    "aws-sdk-java": "aws-sdk-java",
    "aws-sdk-js": "aws-sdk-js",
    "aws-sdk-nodejs": "aws-sdk-js",
    "aws-sdk-php": "aws-sdk-php",
}

# OS names as the SDKs write them (lower case, longest first where one is a prefix of another).
_OS_PREFIXES: tuple[tuple[str, str], ...] = (
    ("darwin", "macos"),
    ("macos", "macos"),
    ("mac_os_x", "macos"),
    ("macintosh", "macos"),
    ("microsoft_windows", "windows"),
    ("windows", "windows"),
    ("win32", "windows"),
    ("ios", "ios"),
    ("iphone", "ios"),
    ("ipad", "ios"),
    ("android", "android"),
    ("linux", "linux"),
)

# exec-env values (lower-case prefix) -> the environment people call them.
_EXEC_ENVS: tuple[tuple[str, str], ...] = (
    ("aws_lambda", "Lambda"),
    ("aws_ecs", "ECS"),
    ("aws_ec2", "EC2"),
    ("ec2", "EC2"),
    ("cloudshell", "CloudShell"),
    ("aws_codebuild", "CodeBuild"),
    ("aws_glue", "Glue"),
    ("aws_batch", "Batch"),
    ("aws_sagemaker", "SageMaker"),
)

_BROWSERS: tuple[tuple[str, str], ...] = (
    ("edg", "edge"),
    ("edge", "edge"),
    ("opr", "opera"),
    ("crios", "chrome"),
    ("chrome", "chrome"),
    ("fxios", "firefox"),
    ("firefox", "firefox"),
    ("safari", "safari"),
)


@dataclass(frozen=True, slots=True)
class UserAgent:
    """What one agent says about the caller; ``None`` where the agent does not say."""

    family: str
    version: str | None = None
    runtime: str | None = None
    os_family: str | None = None
    distro: str | None = None
    exec_env: str | None = None
    fingerprint: str | None = None


def _os_family(name: str) -> str:
    low = name.lower()
    for prefix, family in _OS_PREFIXES:
        if low.startswith(prefix):
            return family
    return "other"


def _exec_env(value: str, work: Work) -> str:
    low = value.lower()
    for prefix, env in _EXEC_ENVS:
        if low.startswith(prefix):
            return env
    return strip_ids(value, work).replace("_<id>", "")


def _sdk_family(name: str, version: str) -> str | None:
    low = name.lower()
    family = _SDK_NAMES.get(low)
    major = version.partition(".")[0]
    if family == "aws-sdk-java" and major == "2":
        return "aws-sdk-java-v2"
    if family == "aws-sdk-js" and major.isdigit() and int(major) >= 3:
        return "aws-sdk-js-v3"
    if family is not None:
        return family
    if low.startswith("aws-sdk-ruby"):
        return "aws-sdk-ruby"
    if low.startswith("aws-sdk-dotnet"):
        return "aws-sdk-dotnet"
    return None


def _runtime(name: str, value: str) -> str | None:
    """``Python/3.11.6`` -> ``python/3.11.6``; ``lang/go#1.23`` and ``go1.18.3`` -> ``go1.xx``."""
    low = name.lower()
    if low in ("python", "java", "ruby", "php", "nodejs", "node") and value:
        return f"{low}/{value}"
    if low in ("lang", "md"):
        # lang/python#3.11 (UA 2.0) or lang/php/8.1 (PHP's own layout)
        lang, hash_sign, lang_version = value.partition("#")
        if not hash_sign:
            lang, _, lang_version = value.partition("/")
        lang = lang.lower()
        if lang == "go" and lang_version:
            return f"go{lang_version}"
        if lang in ("python", "java", "ruby", "nodejs", "php") and lang_version:
            return f"{lang}/{lang_version}"
    if low.startswith(".net") and value:
        return f"dotnet/{value}"
    if low.startswith("go") and not value and len(low) > 2 and low[2].isdigit():
        return low
    return None


def _browser(tokens: list[str], work: Work) -> UserAgent:
    os_family = None
    name = None
    version = None
    words = {token.lower() for token in tokens}
    for candidate in (
        "iphone",
        "ipad",
        "ipod",
        "android",
        "windows",
        "macintosh",
        "cros",
        "linux",
        "x11",
    ):
        work.steps += 1
        if candidate in words:
            os_family = {
                "iphone": "ios",
                "ipad": "ios",
                "ipod": "ios",
                "cros": "other",
                "x11": "linux",
            }.get(candidate) or _os_family(candidate)
            break
    for key, browser in _BROWSERS:
        for token in tokens:
            work.steps += 1
            token_name, _, token_version = token.partition("/")
            if token_name.lower() == key:
                name = browser
                version = token_version or None
                if browser == "safari":
                    # Safari's own version is in Version/x; Safari/x is the WebKit build.
                    version = next(
                        (t.partition("/")[2] for t in tokens if t.startswith("Version/")), version
                    )
                break
        if name is not None:
            break
    return UserAgent(
        family="browser",
        version=version,
        runtime=name,
        os_family=os_family,
        fingerprint=" ".join(normalise_token(token, work) for token in tokens),
    )


def parse_user_agent(agent: str, *, work: Work | None = None) -> UserAgent:
    """Parse one user agent string into a :class:`UserAgent`.

    Examples
    --------
    >>> ua = parse_user_agent("[aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9]")
    >>> ua.family, ua.version, ua.runtime, ua.os_family
    ('aws-cli', '1.16.19', 'python/2.7.10', 'macos')
    >>> ua.fingerprint
    'aws-cli/1.16 Python/2.7 Darwin/17.7 botocore/1.12'
    """
    work = work if work is not None else Work()
    tokens = split_tokens(agent, work)
    if not tokens:
        return UserAgent(family="other")
    first = tokens[0]
    first_low = first.lower()
    first_name, _, first_value = first.partition("/")

    if [t.lower() for t in tokens[:2]] == ["aws", "internal"] and len(tokens) == 2:
        return UserAgent(family="aws-internal", fingerprint="AWS Internal")
    if first_low == "awslambda-worker" and len(tokens) == 1:
        return UserAgent(family="aws-internal", exec_env="Lambda", fingerprint=first_low)
    if (
        first_low in _CONSOLE_HOSTS
        or (first_low.startswith("console.") and first_low.endswith(_SERVICE_SUFFIXES))
        or first_name.lower().endswith(("console", "consolefrontend"))
    ):
        return UserAgent(
            family="console",
            version=first_value or None,
            fingerprint=" ".join(normalise_token(token, work) for token in tokens),
        )
    if first_name.lower() in _INTERNAL_PRODUCTS:
        # aws-internal/3 aws-sdk-java/…, Coral/Netty4: AWS's own services calling on your behalf.
        return UserAgent(
            family="aws-internal",
            fingerprint=" ".join(normalise_token(token, work) for token in tokens),
        )
    if len(tokens) == 1 and "/" not in first and first_low.endswith(_SERVICE_SUFFIXES):
        return UserAgent(family="aws-service", fingerprint=first_low)
    if first_name.lower() in ("mozilla", "opera"):
        return _browser(tokens, work)
    return _tool(tokens, work)


def _tool(tokens: list[str], work: Work) -> UserAgent:
    """SDKs, the CLI, infrastructure-as-code tools and anything else that names products."""
    family: str | None = None
    version: str | None = None
    runtime: str | None = None
    os_family: str | None = None
    distro: str | None = None
    named: str | None = None  # the distribution's own id (md/distrib#), over a kernel's hint
    exec_env: str | None = None
    iac: str | None = None
    iac_version: str | None = None
    for token in tokens:
        work.steps += 1
        name, _, value = token.partition("/")
        low = name.lower()
        if iac is None and (low == "terraform" or low.startswith("terraform-provider")):
            iac, iac_version = "terraform", (value if low == "terraform" else None)
        elif iac is None and low.startswith("pulumi"):
            iac, iac_version = "pulumi", (value if low == "pulumi" else None)
        elif iac == "terraform" and iac_version is None and low == "terraform":
            iac_version = value
        if family is None:
            sdk = _sdk_family(name, value)
            if sdk is not None:
                family, version = sdk, value or None
        if runtime is None:
            runtime = _runtime(name, value)
        if low == "exec-env" and value and exec_env is None:
            exec_env = _exec_env(value, work)
        kernel = _os_token(low, name, value)
        if kernel is not None and os_family is None:
            os_family, kernel_text = kernel
            distro = distro_of(kernel_text) if kernel_text else None
        elif low == "exe" and distro is None:
            distro = distro_of(value)
        elif low == "md" and named is None and value[:8].lower() == "distrib#":
            named = distrib_of(value[8:])
    if iac is not None:
        family, version = iac, iac_version
    return UserAgent(
        family=family or "other",
        version=version,
        runtime=runtime,
        os_family=os_family,
        distro=named or distro,
        exec_env=exec_env,
        fingerprint=" ".join(normalise_token(token, work) for token in tokens),
    )


def _os_token(low: str, name: str, value: str) -> tuple[str, str] | None:
    """(OS family, kernel text) when a token names the operating system."""
    if low == "os" and value:
        # os/linux#5.10 (SDK UA 2.0), OS/Linux/5.4 (PHP), OS/Microsoft_Windows_10 (.NET)
        os_name, sep, kernel = value.partition("#")
        if not sep:
            os_name, _, kernel = value.partition("/")
        return _os_family(os_name), kernel
    if low == "md" and value.lower().startswith("goos#"):
        return _os_family(value[5:]), ""
    if value and low in ("darwin", "linux", "windows_nt", "windows", "mac_os_x", "macos"):
        return _os_family(low), value
    if low.startswith(("windows_", "mac_os_x")) and value:
        return _os_family(low), value
    if not value and low in ("linux", "darwin", "windows", "android", "ios"):
        # Go SDK v1 puts the OS bare inside its (go1.x; linux; amd64) comment.
        return _os_family(low), ""
    if not value and "-" in low and low.partition("-")[0] in ("x86_64", "aarch64", "arm64"):
        # Ruby's platform triple: x86_64-linux, arm64-darwin22.
        return _os_family(low.partition("-")[2]), ""
    return None


__all__ = ["OS_FAMILIES", "UA_FAMILIES", "UserAgent", "parse_user_agent"]
