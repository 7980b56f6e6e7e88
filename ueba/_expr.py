"""Expressions every stage shares, so that the baseline and today's scoring agree on meanings.

Low level on purpose (it imports only polars): ``ueba.baseline``, ``ueba.detect`` and
``ueba.investigate`` all read "was this call refused?" from here, so a denial counted in the
baseline's hourly volume is the same denial a rule counts today.

>>> import polars as pl
>>> codes = ["AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException", None]
>>> pl.DataFrame({"error_code": codes}).select(access_denied())["error_code"].to_list()
[True, True, False, False]
"""

from __future__ import annotations

import polars as pl

# CloudTrail spells a refused call differently per service: AccessDenied (S3, IAM),
# AccessDeniedException (most JSON APIs), Client.UnauthorizedOperation (EC2), Forbidden,
# NotAuthorizedException (Cognito), AuthorizationError (SNS). Case-insensitive search.
ACCESS_DENIED_PATTERN = r"(?i)accessdenied|unauthorized|forbidden|notauthorized|authorizationerror"


def access_denied(column: str = "error_code") -> pl.Expr:
    """True when ``column`` (an error code) says the call was refused; False when it was not or
    when there is no error."""
    return pl.col(column).str.contains(ACCESS_DENIED_PATTERN).fill_null(False)


__all__ = ["ACCESS_DENIED_PATTERN", "access_denied"]
