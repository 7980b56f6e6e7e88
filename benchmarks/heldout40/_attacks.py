"""The attacks of the scored days (A1-A11), drawn from public incident write-ups: leaked IAM
user keys (a translator's rclone config, a script's key pushed to GitHub, the office NAS),
LLMjacking, a Cognito identity pool's unauthenticated role, workload credentials stolen by SSRF
or a malicious dependency, a hijacked Okta session minting a key for another user, a partner
role with a leaked external ID, console sign-in without MFA, quiet recon with the team's own
CLI and the new account's instance credentials on its first day. Each writes its events after
the background and its truth rows."""

from __future__ import annotations

from benchmarks.heldout40._leaks import a1, a2, a5, a6, a7
from benchmarks.heldout40._org import World
from benchmarks.heldout40._sessions import a3, a4, a8, a9, a10, a11


def attacks(world: World) -> None:
    """A1-A11 in order, after the background and the benign changes are written."""
    for attack in (a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11):
        attack(world)
