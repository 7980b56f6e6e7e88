"""Who is who at Meridian Harbour Hotels: the franchised hotels on their ISPs (some behind one
line) and the people, with their offices, homes, tools and permission sets."""

from __future__ import annotations

from benchmarks.heldout24._org import ACCOUNTS, BROWSER, HOTEL_MARKETS, PMS_UA, Hotel, Person, World


def build(world: World) -> None:
    """The franchise (hotels on their ISPs) and the people, before the first day."""
    rng, net = world.rng, world.net
    count = max(len(HOTEL_MARKETS) + 5, round(150 * world.scale))
    shared: list[Hotel] = []
    for i in range(count):
        operator, offset, dynamic = HOTEL_MARKETS[i % len(HOTEL_MARKETS)]
        code = f"{operator[:2].upper()}{100 + i:03d}"
        pms = ("opera", "opera", "protel", "innsight")[rng.randrange(4)] if i % 5 else "opera"
        hotel = Hotel(
            code=code,
            user=f"pms-{code.lower()}",
            principal_id=world.trail.uid("AIDA"),
            key=world.trail.key("AKIA"),
            operator=operator,
            offset=offset,
            dynamic=dynamic,
            pms=pms,
            ip=net.isp(operator),
            renumber=rng.randrange(4, 18) if dynamic else 10**6,
        )
        hotel.ua = PMS_UA[pms]
        # a resort and its sister property behind one line: the same address, two keys
        if i % 37 == 36 and shared:
            sister = shared.pop()
            hotel.operator, hotel.offset, hotel.ip = sister.operator, sister.offset, sister.ip
            hotel.dynamic, hotel.renumber = False, 10**6
            sister.dynamic, sister.renumber = False, 10**6
        elif i % 37 == 10:
            shared.append(hotel)
        world.hotels.append(hotel)
    offices = {
        "atlanta": [net.isp("att"), net.isp("att")],
        "frankfurt": [net.isp("dtag")],
        "singapore": [net.isp("singtel")],
        "mexico": [net.isp("telmex"), net.isp("telmex")],
    }
    world.state["offices"] = offices
    b, lo, it, da, co, se = (
        ACCOUNTS[a] for a in ("booking", "loyalty", "integrations", "data", "corpit", "security")
    )
    staff = (
        # (name, team, permission sets, home ISP, office, UTC offset, browser, CLI)
        (
            "maya.okafor",
            "platform",
            {b: "PlatformAdmin", lo: "PlatformAdmin", it: "PlatformAdmin", co: "PlatformAdmin"},
            "comcast",
            "atlanta",
            -5,
            "mac",
            True,
        ),
        (
            "jonas.weber",
            "platform",
            {b: "PlatformAdmin", da: "PlatformAdmin", co: "PlatformAdmin"},
            "vodafone_de",
            "frankfurt",
            1,
            "win",
            True,
        ),
        (
            "priya.raman",
            "platform",
            {b: "PlatformAdmin", lo: "PlatformAdmin"},
            "starhub",
            "singapore",
            8,
            "mac",
            True,
        ),
        (
            "diego.santos",
            "developer",
            {b: "Developer", lo: "Developer"},
            "charter",
            "atlanta",
            -5,
            "mac",
            True,
        ),
        ("lena.fischer", "developer", {b: "Developer"}, "dtag", "frankfurt", 1, "win", True),
        (
            "wei.tan",
            "developer",
            {lo: "Developer", b: "Developer"},
            "singtel",
            "singapore",
            8,
            "mac",
            True,
        ),
        ("sam.patel", "developer", {b: "Developer"}, "att", "atlanta", -5, "win", True),
        ("hannah.cole", "analyst", {da: "DataAnalyst"}, "comcast", "atlanta", -5, "win", False),
        ("marco.bianchi", "analyst", {da: "DataAnalyst"}, "dtag", "frankfurt", 1, "mac", False),
        (
            "aisha.khan",
            "analyst",
            {da: "DataAnalyst", lo: "ReadOnly"},
            "starhub",
            "singapore",
            8,
            "win",
            False,
        ),
        (
            "robert.hayes",
            "finance",
            {co: "FinanceReadOnly"},
            "charter",
            "atlanta",
            -5,
            "win",
            False,
        ),
        (
            "claire.dubois",
            "finance",
            {co: "FinanceReadOnly"},
            "vodafone_de",
            "frankfurt",
            1,
            "mac",
            False,
        ),
        (
            "tomas.novak",
            "security",
            {se: "SecurityAudit", b: "SecurityAudit", it: "SecurityAudit"},
            "comcast",
            "atlanta",
            -5,
            "mac",
            True,
        ),
        (
            "nina.berg",
            "security",
            {se: "SecurityAudit", lo: "SecurityAudit"},
            "dtag",
            "frankfurt",
            1,
            "win",
            True,
        ),
        (
            "oliver.grant",
            "integrations",
            {it: "IntegrationsAdmin"},
            "verizon",
            "atlanta",
            -5,
            "win",
            True,
        ),
        (
            "sofia.ruiz",
            "integrations",
            {it: "IntegrationsAdmin"},
            "telmex",
            "mexico",
            -6,
            "win",
            False,
        ),
    )
    agents = tuple(
        (
            f"agent{n:02d}.{surname}",
            "callcentre",
            {lo: "CallCentreAgent"},
            "telmex",
            "mexico",
            -6,
            "win",
            False,
        )
        for n, surname in enumerate(
            ("garcia", "lopez", "hernandez", "martinez", "gonzalez", "perez", "sanchez", "ramirez"),
            1,
        )
    )
    for name, team, sets, home, office, offset, browser, cli in staff + agents:
        world.people.append(
            Person(
                email=f"{name}@meridianharbour.com",
                team=team,
                sets=sets,
                home=home,
                office=rng.choice(offices[office]),
                ip=net.isp(home),
                offset=offset,
                browser=BROWSER[browser],
                cli=cli,
            )
        )
