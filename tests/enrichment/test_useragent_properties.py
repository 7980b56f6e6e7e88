"""Properties of the user-agent parser: total, bounded work, stable fingerprints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.enrichment._ua_tokens import MAX_AGENT_LENGTH, distrib_of
from ueba.enrichment.useragent import OS_FAMILIES, UA_FAMILIES, Work, parse_user_agent

# Tokens built from the characters real agents use, plus anything at all.
_AGENT_CHARS = st.sampled_from(list("abcdefgABCDEF0123456789./#_-+()[];,: ~<>"))
_SID_CHARS = st.sampled_from(list("abcdef0123456789-_.#[]()"))
_TOKEN = st.one_of(
    st.text(_AGENT_CHARS, min_size=1, max_size=20),
    st.sampled_from(
        [
            "aws-cli/2.15.0",
            "Python/3.11.6",
            "Darwin/23.1.0",
            "Linux/5.10.0-kali7-amd64",
            "os/linux#5.10",
            "exec-env/AWS_Lambda_python3.9",
            "Mozilla/5.0",
            "(Macintosh;",
            "AWS",
            "Internal",
            "console.amazonaws.com",
            "[S3Console/0.4]",
            "Terraform/1.1.2",
            "(go1.18.3;",
            "ua/2.0",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Zs", "Cc")), min_size=1, max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_string_parses_to_a_documented_family(agent: str) -> None:
    ua = parse_user_agent(agent)
    assert ua.family in UA_FAMILIES
    assert ua.os_family is None or ua.os_family in OS_FAMILIES


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_TOKEN, max_size=12),
    st.integers(min_value=0, max_value=12),
    st.text(_SID_CHARS, max_size=20),
)
def test_fingerprint_is_unchanged_by_a_session_id_token(
    tokens: list[str], at: int, sid: str
) -> None:
    plain = " ".join(tokens)
    with_sid = " ".join([*tokens[:at], f"sid/{sid}", *tokens[at:]])
    assert parse_user_agent(with_sid) == parse_user_agent(plain)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TOKEN, min_size=1, max_size=12))
def test_fingerprint_of_a_fingerprint_is_itself(tokens: list[str]) -> None:
    ua = parse_user_agent(" ".join(tokens))
    if ua.fingerprint is not None and ua.family not in ("aws-internal", "aws-service"):
        assert parse_user_agent(ua.fingerprint).fingerprint == ua.fingerprint


def _steps(agent: str) -> int:
    work = Work()
    parse_user_agent(agent, work=work)
    return work.steps


ADVERSARIAL_UNITS = [
    "1.",  # endless version components
    "a/",  # endless empty products
    "(",  # unbalanced comments
    "[",
    "9",  # one huge number
    "_0",  # identifier pieces
    "Mozilla/5.0 (",
    "aws-cli/1.1.1 ",
    "md/x#1.1 ",
    "ab12" * 4 + "-",  # hex runs that almost look like ids
    "Linux/5.10.0-kali ",
]


def test_work_per_character_is_bounded_on_1kb_adversarial_agents() -> None:
    # "Under a millisecond" without a clock: a 1 KB agent may take a few steps per character,
    # each step a constant-time comparison, never a backtracking search.
    for unit in ADVERSARIAL_UNITS:
        agent = (unit * (1024 // len(unit) + 1))[:1024]
        assert _steps(agent) <= 4 * len(agent), unit


def test_work_grows_linearly_with_agent_length() -> None:
    for unit in ADVERSARIAL_UNITS:
        small = _steps(unit * 40)
        large = _steps(unit * 160)
        assert large <= 4 * small + 16, unit


def test_agents_longer_than_the_cap_cost_no_more_than_the_cap() -> None:
    huge = "a/1.1 " * 10_000
    assert _steps(huge) == _steps(huge[:MAX_AGENT_LENGTH])


# aws-cli v2's md/distrib# token: os-release's ID, then a version after a dot
_DISTRIB_ID = st.text(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCKLZ0123456789-_")), min_size=1, max_size=32
)
_V2_TOKENS = st.lists(
    st.sampled_from(
        [
            "md/awscrt#0.19.19",
            "ua/2.0",
            "os/linux#6.6.9-amd64",
            "os/linux#5.15.0-1021-generic",
            "os/linux#5.10.0-kali7-amd64",
            "md/arch#x86_64",
            "lang/python#3.11.8",
            "md/installer#exe",
            "exe/x86_64.parrot.6",
            "md/prompt#off",
            "md/command#sts.get-caller-identity",
        ]
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    _DISTRIB_ID,
    st.text(st.sampled_from(list("0123456789.")), max_size=8),
    _V2_TOKENS,
    st.integers(min_value=0, max_value=8),
)
def test_the_md_distrib_id_is_the_distribution_wherever_it_stands(
    name: str, version: str, tokens: list[str], at: int
) -> None:
    token = f"md/distrib#{name}" + (f".{version}" if version else "")
    agent = " ".join(["aws-cli/2.15.30", *tokens[:at], token, *tokens[at:]])
    ua = parse_user_agent(agent)
    assert ua.distro == name.lower()
    assert ua.os_family == parse_user_agent(agent.replace(token, "")).os_family


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_md_distrib_value_gives_an_id_or_nothing(value: str) -> None:
    got = distrib_of(value)
    assert got is None or (
        0 < len(got) <= 32 and set(got) <= set("abcdefghijklmnopqrstuvwxyz0123456789-_")
    )
    assert got is None or value.lower().startswith(got)
    # and inside a whole agent it never raises, whatever follows the token
    parse_user_agent(f"aws-cli/2.15.30 os/linux#6.6 md/distrib#{value}")
