"""A pull request's workflow in a role its repository only ever used from branches:
``outside_account_grant``'s ``web_identity_pull_request`` (tuning on the twenty-eighth held-out
suite's A10).

GitHub's OIDC token names the run's context in its subject: ``repo:<owner>/<repo>:ref:refs/
heads/main`` for a push to main, ``...:environment:<name>`` for a deployment environment,
``...:pull_request`` for a pull request's run. A role whose trust admits ``repo:<owner>/*``
(or the repository with any context) lets a pull request's workflow, whose code the pull
request's author wrote, take the deploy role that only main's runs were meant to hold
(GitHub's "About security hardening with OpenID Connect": pin the subject to the branch or the
environment; Datadog Security Labs and Tinder's write-ups on the misconfigured trusts; the
"pwn request"). CloudTrail records the subject in ``userIdentity.userName`` of
``AssumeRoleWithWebIdentity``.

A hit is a successful exchange with a ``pull_request`` subject of a GitHub repository whose
tokens the window saw (the baseline's ``web_identity:`` principals) only with other contexts,
into a mature account, *and* a session that did more than plan: it wrote (a call that is not a
read) or was refused. A repository that runs ``terraform plan`` on its pull requests has
``pull_request`` subjects in its history (and plans only read); a repository that starts doing
it reads on its first day. Medium: the reader decides whether the trust is too wide.
"""

from __future__ import annotations

import polars as pl

from ueba._expr import access_denied
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import Rule, is_read, role_name
from ueba.detect.rules._outside_assume import _on_sessions

# a GitHub subject: the repository, then the run's context
_GITHUB = r"repo:([^/:]+/[^/:]+):(.+)$"
_PULL_REQUEST = "pull_request"


def _repo(text: pl.Expr) -> pl.Expr:
    return text.str.extract(_GITHUB, 1)


def _context(text: pl.Expr) -> pl.Expr:
    return text.str.extract(_GITHUB, 2)


def pull_request_sessions(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): the calls of a session minted by a successful
    ``AssumeRoleWithWebIdentity`` whose GitHub subject is a pull request's, for a repository
    whose tokens the baseline saw only with other contexts, into a mature account, when the
    session wrote or was refused (module docstring). Plus ``_role``, ``_assume_id``,
    ``_subject``, ``_known_contexts``, ``_writes`` and ``_refused``."""
    request = pl.col("request_parameters").fill_null("")
    history = (
        baseline.maturity_of("principal")
        .filter(pl.col("entity").str.starts_with("web_identity:"))
        .select(_repo(pl.col("entity")).alias("_repo"), _context(pl.col("entity")).alias("_ctx"))
        .drop_nulls()
        .unique()
        .group_by("_repo")
        .agg(
            (pl.col("_ctx") == _PULL_REQUEST).any().alias("_had_pr"),
            pl.col("_ctx").sort().head(3).str.join(", ").alias("_known_contexts"),
        )
        .filter(~pl.col("_had_pr"))
        .drop("_had_pr")
    )
    subject = pl.coalesce(pl.col("identity_user_name"), pl.col("identity_principal_id"))
    exchanges = (
        lf.filter(
            (pl.col("event_name") == "AssumeRoleWithWebIdentity")
            & pl.col("error_code").is_null()
            & (_context(subject) == _PULL_REQUEST).fill_null(False)
        )
        .with_columns(
            _repo(subject).alias("_repo"),
            subject.alias("_subject"),
            pl.col("event_id").alias("_assume_id"),
            role_name(request.str.json_path_match("$.roleArn")).alias("_role"),
        )
        .join(baseline.mature_accounts(), on="account_id", how="semi")
        .join(history, on="_repo", how="inner")
        .drop("_repo")
    )
    columns = ["_role", "_assume_id", "_subject", "_known_contexts"]
    rows = _on_sessions(lf, exchanges, columns, baseline)
    # the session's own calls (not the exchange): did it write, was it refused?
    own = pl.col("event_id") != pl.col("_assume_id")
    acts = rows.group_by("_assume_id").agg(
        (own & ~is_read()).sum().alias("_writes"),
        (own & access_denied()).sum().alias("_refused"),
    )
    return rows.join(acts, on="_assume_id", how="inner").filter(
        (pl.col("_writes") > 0) | (pl.col("_refused") > 0)
    )


def pull_request_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``web_identity_pull_request`` hits of ``lf`` (featured
    events; :func:`pull_request_sessions`)."""
    rows = pull_request_sessions(lf, baseline)
    return rule.emit(
        rows,
        signal="web_identity_pull_request",
        reason=pl.format(
            "role {} assumed with a pull request's token (AssumeRoleWithWebIdentity, event {}, "
            "subject {}), where the repository's tokens in the window carried only {}; the "
            "session made {} writes and had {} calls refused: a trust that admits every run "
            "of the repository hands the role to code a pull request brings",
            pl.col("_role"),
            pl.col("_assume_id"),
            pl.col("_subject"),
            pl.col("_known_contexts"),
            pl.col("_writes"),
            pl.col("_refused"),
        ),
        baseline=pl.format("token contexts {}", pl.col("_known_contexts")),
        observed=pl.lit("token context pull_request"),
        weight=float(rule["pull_request_factor"]),
        severity=str(rule["pull_request_severity"]),
        basis="novelty",
    )


__all__ = ["pull_request_hits", "pull_request_sessions"]
