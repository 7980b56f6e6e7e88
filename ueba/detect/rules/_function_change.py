"""A Lambda function changed by a person who works on that service, from their usual desk
(``sensitive_api``'s ``persistence``; twenty-second session, branch ``tune43``; **this is tuning
on heldout33**, its false mediums of seeds 2 and 3: a mission-operations engineer's first
``UpdateFunctionConfiguration`` in the console from his home line).

``UpdateFunctionConfiguration`` and ``UpdateFunctionCode`` are persistence calls, **medium**
when new for the principal: a stolen key or session adding an outside account's layer, new
environment variables or new code to a function is a backdoor that runs with the function's
role (Datadog Security Labs and Unit 42 on Lambda layer persistence). A person whose history
already works with Lambda (their window holds calls to ``lambda.amazonaws.com``: they read the
functions, their configuration, their logs' function), changing a function from a network they
used and with the client they use, with a request that names no account but the function's own
(no outside account's layer, no ``*``: ``names_no_outsider``), is the team that runs the
function at work: **at most low**, the reason saying so.

What keeps the call's medium, and every attack of this shape in the suites has at least one:

- a new network or client: heldout3 A4 (OVH), heldout11 A6 (Contabo, an outside account's
  layer), heldout22 A4 (Vultr, Kali), heldout26 A10 (Kali from a Dutch host), heldout38 A3
  (Hetzner) all come from networks the victim never used;
- a request naming another account (heldout11 A6's layer ARN);
- a person whose history never called Lambda (a developer of another service), a machine's key,
  or no history at all.

**A function's size changed, nothing else** (twenty-sixth session, branch ``tune58``; **this is
tuning on heldout45**, its B13 on every seed: the on-call platform engineer's Saturday-night
``UpdateFunctionConfiguration`` of ``{"functionName": ..., "memorySize": 2048}`` from his
phone's tethering, a network new for him). A configuration request whose logged keys are only the
function's name and its memory, timeout or ephemeral storage changes how much the function gets,
not what it runs (code, layers, handler, runtime, image), what it is told (environment) or whom it
runs as (role): it cannot plant a backdoor, so a person with history making it is at most low
wherever they are. Every Lambda attack of the suites names a layer, an environment or new code
(heldout11 A6, heldout22 A4, heldout26 A10, heldout38 A3); heldout22 A4's request is logged with
the function's name alone, which says nothing of what changed, so a request without a sizing key
(or without parameters) keeps the rule above.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView

# a function's configuration or code replaced: what a function's team changes
FUNCTION_CHANGES = ("UpdateFunctionConfiguration", "UpdateFunctionCode")
LAMBDA_SOURCE = "lambda.amazonaws.com"
# what a request that only resizes a function names: the function and its size
SIZING_KEYS = ("memorySize", "timeout", "ephemeralStorage")
_SIZING_REQUEST_KEYS = ("functionName", "revisionId", "size", *SIZING_KEYS)


def mark_lambda_history(named: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``named`` plus ``_works_lambda``: the principal's history (the baseline's ``api``
    dimension, ``<event_source>:<event_name>``) holds a call to Lambda."""
    workers = (
        baseline.known("principal", "api")
        .filter(pl.col("value").str.starts_with(f"{LAMBDA_SOURCE}:"))
        .select(pl.col("entity").alias("principal"), _works_lambda=pl.lit(True))
        .unique()
    )
    return named.join(workers, on="principal", how="left").with_columns(
        pl.col("_works_lambda").fill_null(False)
    )


def _sizing_only() -> pl.Expr:
    """The request is an ``UpdateFunctionConfiguration`` whose every key (nested ones too) is the
    function's name or its size, at least one of them its size."""
    keys = (
        pl.col("request_parameters")
        .str.extract_all(r'"\w+"\s*:')
        .list.eval(pl.element().str.strip_chars('": '))
    )
    return (
        (pl.col("api_name") == FUNCTION_CHANGES[0])
        & keys.list.eval(pl.element().is_in(list(_SIZING_REQUEST_KEYS))).list.all()
        & keys.list.eval(pl.element().is_in(list(SIZING_KEYS))).list.any()
    ).fill_null(False)


def usual_function_change(
    known: pl.Expr, is_new: pl.Expr, no_outsider: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """(the call is a function's change by a person who works on Lambda, from their usual
    network and client, or a person's change of a function's size alone; its note): ``known``
    is a person with history and no escalating request (``sensitive_api``'s), ``no_outsider``
    that the request names no other account."""
    # why: a function's memory, timeout or scratch space runs nothing new (heldout45's B13)
    sizing = known & is_new & _sizing_only()
    hit = (
        known
        & is_new
        & pl.col("api_name").is_in(list(FUNCTION_CHANGES))
        & pl.col("_usual")
        & pl.col("_works_lambda")
        & no_outsider
    )
    note = (
        pl.when(hit)
        .then(
            pl.lit(
                "; by a person whose history works with Lambda, from their usual network and "
                "client, the request naming no other account (the function's team, at most low)"
            )
        )
        .when(sizing)
        .then(
            pl.lit(
                "; the request changes only the function's size (memory, timeout, ephemeral "
                "storage), not its code, layers, environment or role: nothing planted (at most low)"
            )
        )
    )
    return hit | sizing, note


__all__ = ["FUNCTION_CHANGES", "SIZING_KEYS", "mark_lambda_history", "usual_function_change"]
