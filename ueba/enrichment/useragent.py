"""User agents: which tool made each call, on what runtime, OS and machine.

A purpose-built parser for the agents AWS SDKs, the CLI, the consoles and AWS services write
into CloudTrail (``aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 …``, ``Boto3/1.34.0 md/Botocore#…
ua/2.0 os/linux#5.10 …``, ``[S3Console/0.4]``, ``ec2.amazonaws.com``, ``AWS Internal``, browsers).

Cost scales with the number of *distinct* agents, not events: :func:`enrich_user_agent` takes
``unique()`` agents, parses each once with a small Python tokenizer (no regular expressions, so
no backtracking; linear in the agent's length, which is capped at 2 KB), and joins the result
back on the agent. A day of CloudTrail has millions of events but usually a few thousand agents.
"""

from __future__ import annotations

import polars as pl

from ueba._frame import FrameT, as_lazy, same_kind
from ueba.enrichment._ua_parse import OS_FAMILIES, UA_FAMILIES, UserAgent, parse_user_agent
from ueba.enrichment._ua_tokens import Work
from ueba.schema import ENRICHED_USER_AGENT

_STRUCT = pl.Struct(dict(ENRICHED_USER_AGENT))
_FIELDS = tuple(name.removeprefix("ua_") for name in ENRICHED_USER_AGENT)


def parse_user_agents(agents: pl.Series) -> pl.Series:
    """Parse a Series of agents into a struct Series of the ENRICHED_USER_AGENT columns.

    Meant for distinct agents: it runs the Python tokenizer once per element. Nulls stay null.

    Examples
    --------
    >>> s = parse_user_agents(pl.Series(["awslambda-worker", None]))
    >>> s.struct.field("ua_family").to_list()
    ['aws-internal', None]
    """
    columns: dict[str, list[str | None]] = {name: [] for name in ENRICHED_USER_AGENT}
    for agent in agents.to_list():
        parsed = parse_user_agent(agent) if isinstance(agent, str) else None
        for column, field in zip(ENRICHED_USER_AGENT, _FIELDS, strict=True):
            columns[column].append(None if parsed is None else getattr(parsed, field))
    frame = pl.DataFrame(columns, schema=dict(ENRICHED_USER_AGENT))
    return frame.to_struct(agents.name).cast(_STRUCT)


def parsed_agents(events: pl.LazyFrame) -> pl.LazyFrame:
    """One row per distinct non-null ``user_agent`` of ``events`` with its parsed columns.

    The look-up table :func:`enrich_user_agent` joins back; other stages that need to know
    what an agent is (the identity stage: was this the console?) use it too, so every stage
    agrees with the parser.

    Examples
    --------
    >>> events = pl.LazyFrame({"user_agent": ["AWS Internal", "AWS Internal", None]})
    >>> parsed_agents(events).select("user_agent", "ua_family").collect().rows()
    [('AWS Internal', 'aws-internal')]
    """
    return (
        events.select(pl.col("user_agent").cast(pl.String()))
        .unique()
        .drop_nulls()
        .with_columns(
            pl.col("user_agent")
            .map_batches(parse_user_agents, return_dtype=_STRUCT, is_elementwise=True)
            .alias("_ua")
        )
        .unnest("_ua")
    )


def enrich_user_agent(events: FrameT) -> FrameT:
    """Add the ENRICHED_USER_AGENT columns (``ua_family`` … ``ua_fingerprint``) to ``events``.

    Each distinct ``user_agent`` is parsed once and joined back, so the cost follows the number
    of distinct agents; row count and order are preserved, and a DataFrame gives a DataFrame. Columns of the same names already on
    ``events`` are replaced.

    ``ua_family`` is one of :data:`UA_FAMILIES`; ``ua_os_family`` one of :data:`OS_FAMILIES`, or
    null when the agent does not say; ``ua_fingerprint`` is the agent without session-specific
    tokens (``sid/``, ``m/``, ``command/``, ``prompt/``), with versions cut to major.minor and
    identifiers masked, so one tool on one machine keeps one fingerprint across sessions and
    patch upgrades.

    Examples
    --------
    >>> events = pl.LazyFrame({"user_agent": ["[S3Console/0.4]", "ec2.amazonaws.com"]})
    >>> enrich_user_agent(events).select("ua_family", "ua_version").collect().rows()
    [('console', '0.4'), ('aws-service', None)]
    """
    return same_kind(events, _user_agent_columns(as_lazy(events)))


def _user_agent_columns(events: pl.LazyFrame) -> pl.LazyFrame:
    have = events.collect_schema()
    base = events.drop([name for name in ENRICHED_USER_AGENT if name in have])
    if "user_agent" not in have:
        base = base.with_columns(pl.lit(None, dtype=pl.String()).alias("user_agent"))
    # Read twice (distinct agents, then the join back): cache so the input is evaluated once.
    base = base.cache()
    agents = parsed_agents(base)
    # Join on the agent column alone and paste the result beside the events: joining the wide
    # frame would copy every column of every event. Agents are unique on the right, so the
    # left join keeps the rows and their order.
    looked_up = (
        base.select(pl.col("user_agent").cast(pl.String()))
        .join(agents, on="user_agent", how="left", maintain_order="left")
        .drop("user_agent")
    )
    return pl.concat([base, looked_up], how="horizontal")


__all__ = [
    "OS_FAMILIES",
    "UA_FAMILIES",
    "UserAgent",
    "Work",
    "enrich_user_agent",
    "parse_user_agent",
    "parse_user_agents",
    "parsed_agents",
]
