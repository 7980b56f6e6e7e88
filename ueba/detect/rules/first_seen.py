"""first_seen: a principal doing something it has not done within the window.

One rule, several dimensions, each with its own window and weight: the network (``network_key``:
ASN or /24 for non-AWS addresses), ``country``, ``ua_os_family``, ``ua_family``, ``api``
(``event_source:event_name``) and ``region``. A value new for the principal weighs
``weights[dim]``; one that is also new for the whole account weighs ``account_weights[dim]``
("new for this role" is weaker evidence than "new for everyone").

Cold-start care: a principal seen on fewer than the baseline's ``min_days`` days is not judged
(everything it does is new), and with no baseline the rule is silent. Calls AWS makes for you
(``invokedBy``, service hostnames) are skipped: their network and agent say nothing about the
key holder. Network and country only count for non-AWS addresses (AWS addresses churn; the
credential_ip_lock rule judges those).

Fleet awareness (:mod:`ueba.detect.fleet`): an API, client, network or region new for a role
that most of its instances or sessions took up today in the role's usual context is a deploy:
**info**, at ``fleet_factor`` of the weight (``fleet_change`` writes the one note). The same value
from one instance, a new network or a new client keeps its grade. A CI/CD pipeline's write new
in its API or region, from its usual runner, network and client, is a deploy (:mod:`._pipeline`).

Corroboration (issue 8, "low" means worth a weekly review): the dimensions answer four
independent questions (``FACETS``: where from, with what client, which call, which region). A
value new for the account is **low** only when the principal shows something new in a second
facet within the same hour; alone, in the principal's usual context (usual network and client
for a new call, usual client for a new place), it is ``alone_severity`` (info): a person's first
``CreateStack`` or a trip abroad is context, as GuardDuty keeps its IAM anomaly findings to
tactic-bearing calls (``sensitive_api`` judges those) and identity products score a sign-in on
several unfamiliar properties, not one. A new place alone stays low unless a second factor
vouches for it: the principal signed in from that network with MFA (``ConsoleLogin`` with
``MFAUsed: Yes``, an MFA session, IAM Identity Center's portal sign-in with a factor beyond the
password) or through its identity provider (IAM Identity Center, SAML) today. A long-term key
used from a new country with nothing else to vouch for it is still low. The new client of a
read sweep (everything new that hour is metadata reads and the client, from a usual network) is
the tool that made the reads, not a second facet: the sweep is info (:mod:`._read_sweep`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect._people import chain_people, person_expr
from ueba.detect.features import add_features, coded, decoded
from ueba.detect.fleet import fleet, mark_deploys
from ueba.detect.rules._base import OUTSIDE_KINDS, Rule, rows_at, with_console
from ueba.detect.rules._corroborate import OFFICE_PEOPLE, corroborate
from ueba.detect.rules._pipeline import pipeline_deploys

DIMENSIONS = ("network_key", "country", "ua_os_family", "ua_family", "api", "region")
# why (tune63, tuned on heldout28's B3): the office's new address is where the person works
OFFICE_NOTE = (
    "; nothing else new for it that hour but the office's address, from which at least "
    f"{OFFICE_PEOPLE} people of the account signed in today (it with a second factor)"
)
# in a place hit's ``baseline`` when a second factor vouched for it (``corroborate``'s _vouched)
# and it is no hosting provider's or anonymiser's
VOUCHED = "; signed in from there with a second factor"
# the place and client dimensions a role session's person vouches for (``_persons_own``)
_PERSON_CONTEXT = ("network_key", "country", "ua_os_family", "ua_family")
_LABEL = {
    "network_key": "network",
    "country": "country",
    "ua_os_family": "operating system",
    "ua_family": "client",
    "api": "API",
    "region": "region",
}


class FirstSeen(Rule):
    """A value of a behaviour dimension never seen for the principal in the window."""

    name = "first_seen"
    family = "novelty"
    severity = "low"
    weight = 1.0  # the per-dimension weights below carry the strength
    needs_baseline = True
    description = "network, country, OS, client, API or region new for the principal"
    params: ClassVar[dict[str, Any]] = {
        "dimensions": list(DIMENSIONS),
        "weights": {
            "network_key": 0.2,
            "country": 0.3,
            "ua_os_family": 0.3,
            "ua_family": 0.15,
            "api": 0.1,
            "region": 0.2,
        },
        "account_weights": {
            "network_key": 0.3,
            "country": 0.45,
            "ua_os_family": 0.4,
            "ua_family": 0.2,
            "api": 0.15,
            "region": 0.35,
        },
        "windows": {},  # per-dimension window, e.g. {api = "90d"}; default: the baseline's
        "ignore_values": [],  # "dimension=value" pairs never reported, e.g. "ua_family=console"
        "skip_principal_types": ["aws_service", "aws_account", "anonymous"],
        "fleet_factor": 0.2,
        "fleet_min_actors": 2,
        "fleet_min_share": 0.5,
        "alone_severity": "info",
        # why: a colleague's habit in a shared SAML role is news about the person, not the role
        "person_factor": 0.5,
        "person_severity": "info",
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        from ueba._time import parse_window

        # numbered before the filter: the rows of new values are fetched back from the day
        # itself (below), not from the filtered day, which gathered every column of its ~560k
        # rows first to keep a hundred
        day = add_features(today).with_row_index("_row")
        lf = day.filter(
            ~pl.col("is_service_call")
            & pl.col("principal").is_not_null()
            & ~pl.col("principal_type").is_in(list(self["skip_principal_types"])).fill_null(False)
        )
        mature = (
            baseline.mature("principal")
            .filter("mature")
            .select(pl.col("entity").alias("principal"), "days_observed")
        )
        dims = list(dict.fromkeys(self["dimensions"]))
        if not dims:
            return self.emit(lf.head(0), signal="", reason=pl.lit(""), observed=pl.lit(""))
        days_of = {
            d: parse_window(
                str(self["windows"].get(d, f"{baseline.window_days}d")),
                what=f"detect.rules.first_seen.windows.{d}",
            )
            for d in dims
        }
        # A principal repeats the same few (network, country, client, API, region) tuples all
        # day: hash the day's rows once into distinct tuples (about 5% of the rows), judge every
        # dimension on those in one long (unpivoted) frame, then fetch back by row number only
        # the rows that carry a new value. One pass over the day instead of one per dimension.
        outside = pl.col("source_kind").is_in(OUTSIDE_KINDS).fill_null(False).alias("_outside")
        # the person of a shared SAML role (null for every other row, so no extra combinations)
        person = person_expr()
        # collected once within a scoring: ``_people`` reads it too, and polars' common-subplan
        # elimination missed that reader (another filter pushed down): the group-by ran twice
        # (on the day's codes when the Scorer made them: features.coded)
        combos = baseline.materialize(
            decoded(
                lf.group_by(
                    *coded(lf, "principal", "account_id"), outside, person, *coded(lf, *dims)
                ).agg(pl.col("_row")),
                "principal",
                "account_id",
                *dims,
            ).join(mature, on="principal", how="inner")
        )
        dim = pl.col("_dim")
        ignored = [v for v in self["ignore_values"] if "=" in v]
        cands = combos.unpivot(
            on=dims,
            index=["principal", "account_id", "_outside", "_person", "_row"],
            variable_name="_dim",
            value_name="value",
        ).filter(
            pl.col("value").is_not_null()
            & (pl.col("value") != "")
            # network and country only count for non-AWS addresses
            & (pl.col("_outside") | ~dim.is_in(["network_key", "country"]))
            & ~pl.format("{}={}", dim, pl.col("value")).is_in(ignored)
        )
        seen_p = with_console(
            pl.concat(
                [
                    baseline.known("principal", d, window_days=days_of[d]).select(
                        pl.col("entity").alias("principal"), "value", _dim=pl.lit(d)
                    )
                    for d in dims
                ]
            ),
            dim=pl.col("_dim") == "ua_family",
        )
        seen_a = pl.concat(
            [
                baseline.known("account", d, window_days=days_of[d]).select(
                    pl.col("entity").alias("account_id"),
                    "value",
                    _dim=pl.lit(d),
                    seen_a=pl.lit(True),
                )
                for d in dims
            ]
        )
        fresh = (
            cands.join(seen_p, on=["principal", "_dim", "value"], how="anti")
            .join(seen_a, on=["account_id", "_dim", "value"], how="left")
            .select("_row", "_dim", "value", "seen_a")
            .explode("_row")
        )
        # the rows of new values fetched from the numbered day (see ``day`` above)
        people = self._people(cands, seen_p, baseline, days_of, day)
        # why: a role's network, country or client that the person who switched into it (a role
        # chain from their own key or console session) shows in their own profile is the
        # person's usual context, not a new one for anyone (an admin's console switch from home)
        fresh = self._persons_own(fresh, day, baseline, days_of)
        new = rows_at(day, fresh).cache()  # the fleet reads it too
        view = fleet(
            today,
            baseline,
            min_actors=int(self["fleet_min_actors"]),
            min_share=float(self["fleet_min_share"]),
            candidates=new.select("principal", pl.col("_dim").alias("dimension"), "value"),
        )
        # why: a pipeline's new write or region from its usual runner is it shipping a deploy
        new = pipeline_deploys(mark_deploys(new, view, dim), baseline)
        deploy = pl.col("fleet_actors").is_not_null() | pl.col("_pipeline_deploy")
        new = corroborate(new, lf, deploy=deploy, baseline=baseline)
        # why: a person reading metadata widely from their usual desk and client (an audit, an
        # incident sweep) is work, as GuardDuty raises discovery only when invoked anomalously
        # why: the new client of a read sweep from a usual network is the tool that made the
        # reads, not a second novelty: one observation, a person's read sweep (context)
        # why: the client a user installs only to rotate their own key is the rotation's tool
        alone = (
            (pl.col("_facets") < 2)
            | pl.col("_all_quiet")
            | pl.col("_tool_sweep")
            | pl.col("_rotating")
        )
        # a new place alone is context only when a second factor vouches for it
        uncorroborated = alone & ((pl.col("_facet") != "location") | pl.col("_vouched"))

        def per_dim(values: dict[str, Any], dtype: pl.DataType) -> pl.Expr:
            return dim.replace_strict(values, return_dtype=dtype)

        new_for_account = pl.col("seen_a").is_null()
        days = per_dim({d: str(n) for d, n in days_of.items()}, pl.String())
        shown = (
            pl.when(dim == "api")
            .then(pl.col("event_name"))
            .when(dim == "network_key")
            .then(pl.format("{} ({})", pl.col("source_ip_address"), pl.coalesce("as_org", "value")))
            .otherwise(pl.col("value"))
        )
        prefix = per_dim(
            {d: "" if d == "api" else _LABEL.get(d, d) + " " for d in dims}, pl.String()
        )
        verb = (
            pl.when(dim == "api")
            .then(pl.lit("never called by"))
            .otherwise(pl.lit("never seen for"))
        )
        reason = pl.format(
            "{}{}: {} {} in {} days{}{}",
            prefix,
            shown,
            verb,
            pl.col("principal_label"),
            days,
            pl.when(new_for_account)
            .then(pl.lit(", nor by anyone in the account"))
            .otherwise(pl.lit("")),
            pl.when(pl.col("_pipeline_deploy"))
            .then(pl.lit("; a CI/CD pipeline's deploy from its usual network and client"))
            .when(deploy)
            .then(
                pl.format(
                    "; taken up by {} of {} of the role's instances/sessions today (a deploy)",
                    pl.col("fleet_actors"),
                    pl.col("fleet_active"),
                )
            )
            .when(new_for_account & uncorroborated & pl.col("_rotating"))
            .then(
                pl.lit("; only the rotation of its own key that hour, by the client that made it ")
                + pl.lit("(the new key then used from its usual network and client)")
            )
            .when(new_for_account & uncorroborated & pl.col("_tool_sweep"))
            .then(
                pl.lit("; only reads of metadata that hour and the new client that made them, ")
                + pl.lit("from its usual network (a script's read sweep)")
            )
            .when(new_for_account & uncorroborated)
            .then(
                pl.when(pl.col("_facet") == "location")
                .then(pl.lit("; signed in from there with MFA or through its identity provider"))
                .otherwise(pl.lit(""))
                + pl.when((pl.col("_facets") >= 2) & pl.col("_all_quiet"))
                .then(
                    pl.lit("; only reads of metadata that hour, from its usual network and client")
                )
                .when(pl.col("_office_place"))
                .then(pl.lit(OFFICE_NOTE))
                .otherwise(pl.lit("; nothing else new for it that hour"))
            )
            .otherwise(pl.lit("")),
        )
        # a VPS or VPN exit is where a stolen token is redeemed, not where a person sits
        _rented = rented_expr()
        w_p = {d: float(self["weights"].get(d, 0.1)) for d in dims}
        w_a = {d: float(self["account_weights"].get(d, w_p[d])) for d in dims}
        role_hits = self.emit(
            new,
            signal=pl.lit("new_") + dim,
            reason=reason,
            # why: a vouched place is said, for the model's context (._context) to tell apart
            baseline=pl.format("not in {}-day profile of the principal", days)
            + pl.when((pl.col("_facet") == "location") & pl.col("_vouched") & ~_rented)
            .then(pl.lit(VOUCHED))
            .otherwise(pl.lit("")),
            observed=pl.col("value"),
            weight=pl.when(new_for_account)
            .then(per_dim(w_a, pl.Float64()))
            .otherwise(per_dim(w_p, pl.Float64()))
            * pl.when(deploy).then(pl.lit(float(self["fleet_factor"]))).otherwise(pl.lit(1.0)),
            severity=pl.when(new_for_account & ~deploy & ~uncorroborated)
            .then(pl.lit(str(self["severity"])))
            .when(new_for_account & ~deploy)
            .then(pl.lit(str(self["alone_severity"])))
            .otherwise(pl.lit("info")),
        )
        return pl.concat([role_hits, people], how="vertical")

    def _persons_own(
        self,
        fresh: pl.LazyFrame,
        day: pl.LazyFrame,
        baseline: BaselineView,
        days_of: dict[str, int],
    ) -> pl.LazyFrame:
        """``fresh`` (``_row``, ``_dim``, ``value``) without the place and client values of a
        role session's rows that the person at the head of its chain
        (:func:`ueba.detect._people.chain_people`) used in the window themselves."""
        dims = [d for d in days_of if d in _PERSON_CONTEXT]
        if not dims:
            return fresh
        chained = (
            day.select("_row", "access_key_id")
            .join(chain_people(day), on="access_key_id", how="inner")
            .select(
                "_row",
                pl.col("_chain_person").str.replace(r"^[a-z_]+:", "").alias("_chain_principal"),
            )
        )
        known = pl.concat(
            [
                baseline.known("principal", d, window_days=days_of[d]).select(
                    pl.col("entity").alias("_chain_principal"), "value", _dim=pl.lit(d)
                )
                for d in dims
            ]
        )
        # a person who signs in to the console with a browser works in the console: the role
        # session of their console switch calls with the console's own agent
        known = pl.concat(
            [
                known,
                known.filter(
                    (pl.col("_dim") == "ua_family") & (pl.col("value") == "browser")
                ).with_columns(value=pl.lit("console")),
            ]
        )
        own = (
            fresh.filter(pl.col("_dim").is_in(dims))
            .join(chained, on="_row", how="inner")
            .join(known, on=["_chain_principal", "_dim", "value"], how="semi")
            .select("_row", "_dim")
        )
        return fresh.join(own, on=["_row", "_dim"], how="anti")

    def _people(
        self,
        cands: pl.LazyFrame,
        seen_p: pl.LazyFrame,
        baseline: BaselineView,
        days_of: dict[str, int],
        day: pl.LazyFrame,
    ) -> pl.LazyFrame:
        """The per-person view of a shared SAML role: a value the role knows (a colleague's) but
        the person, mature in the baseline, never showed. Never above ``person_severity``
        (issue 8: new for the principal but known to its fleet is at most low); a value new
        for the role is judged above, at the role, for the person as for anyone in it."""
        dims = list(days_of)
        mature = (
            baseline.mature("workload").filter("mature").select(pl.col("entity").alias("_person"))
        )
        seen_w = pl.concat(
            [
                baseline.known("workload", d, window_days=days_of[d]).select(
                    pl.col("entity").alias("_person"), "value", _dim=pl.lit(d)
                )
                for d in dims
            ]
        )
        fresh = (
            cands.filter(pl.col("_person").is_not_null())
            .join(mature, on="_person", how="semi")
            .join(seen_p, on=["principal", "_dim", "value"], how="semi")
            .join(seen_w, on=["_person", "_dim", "value"], how="anti")
            .select("_row", "_dim", "value")
            .explode("_row")
        )
        rows = day.join(fresh, on="_row", how="inner")
        dim = pl.col("_dim")
        days = dim.replace_strict({d: str(n) for d, n in days_of.items()}, return_dtype=pl.String)
        label = dim.replace_strict(
            {d: "" if d == "api" else _LABEL.get(d, d) + " " for d in dims}, return_dtype=pl.String
        )
        shown = pl.when(dim == "api").then(pl.col("event_name")).otherwise(pl.col("value"))
        w_p = {d: float(self["weights"].get(d, 0.1)) for d in dims}
        return self.emit(
            rows,
            signal=pl.lit("new_") + dim + pl.lit("_for_person"),
            reason=pl.format(
                "{}{}: never seen for {} in {} days; known to {} (the people who share it)",
                label,
                shown,
                pl.col("workload_id"),
                days,
                pl.col("principal_label"),
            ),
            baseline=pl.format("not in {}-day profile of the person", days),
            observed=pl.col("value"),
            weight=dim.replace_strict(w_p, return_dtype=pl.Float64) * float(self["person_factor"]),
            severity=str(self["person_severity"]),
        )
