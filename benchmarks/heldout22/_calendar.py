"""What the calendar does to the organisation: the summer lull in the history, back-to-school in
the scored week, and the dates of each benign change (offsets from the trail's last day, which
is ``END``'s weekday: the scored week runs Monday -4 to Friday 0)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Calendar:
    end: dt.date

    def k(self, day: dt.date) -> int:
        return (day - self.end).days

    # B1 back-to-school: sign-ups x20 and API traffic x10 from the first scored day
    def signups(self, day: dt.date) -> float:
        return 20.0 if self.k(day) >= -4 else (0.6 if day.weekday() >= 5 else 1.0)

    def invocations(self, day: dt.date, function: str) -> float:
        if self.k(day) >= -4:
            return 20.0 if function == "lms-auth-presignup" else 10.0
        return 0.7 if day.weekday() >= 5 else 1.0

    def throttle(self, day: dt.date, service: str, rng: random.Random) -> tuple[str, str] | None:
        """On-demand tables throttle for the first two days of the surge."""
        if service == "dynamodb" and self.k(day) in (-4, -3) and rng.random() < 0.03:
            return (
                "ThrottlingException",
                "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB is automatically scaling your index so please try again shortly.",
            )
        return None

    # B5 node18 -> node20 across every function, Tuesday 15:00 UTC
    def node_version(self, day: dt.date, hour: float) -> int:
        k = self.k(day)
        return 20 if k > -3 or (k == -3 and hour >= 15.0) else 18

    # B8 staging shut for the summer-school week, back on the first scored day
    def staging_on(self, day: dt.date) -> bool:
        return not -13 <= self.k(day) <= -5

    # B2 a new district onboarded Tuesday afternoon; its first roster that night
    def district_live(self, day: dt.date) -> bool:
        return self.k(day) >= -2

    # B7 end-of-term reporting on the resized Redshift workgroup, Thursday and Friday
    def reporting(self, day: dt.date) -> float:
        return 10.0 if self.k(day) >= -1 else (0.3 if day.weekday() >= 5 else 1.0)

    # B3 the BPO's centre moves to a new ISP on Tuesday (announced the week before)
    def support_net(self, day: dt.date) -> str:
        return "globe" if self.k(day) >= -3 else "pldt"

    # B4 the Krakow developer's new laptop from Wednesday
    def new_laptop(self, day: dt.date) -> bool:
        return self.k(day) >= -2

    # B9 the new support agent's first week
    def agent_started(self, day: dt.date) -> bool:
        return self.k(day) >= -4

    # B11 the research account joins on Wednesday
    def research_live(self, day: dt.date) -> bool:
        return self.k(day) >= -2

    def rotation(self, day: dt.date) -> bool:
        """B6 the AppSync key rotator runs every Tuesday."""
        return day.weekday() == 1
