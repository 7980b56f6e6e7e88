"""Lumen Relief International: its accounts, roles, IAM users, staff and volunteers, and the
work they do every day (the benign background of the trail)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout34.cloudtrail import UA, Trail
from benchmarks.heldout34.identity import SSO_PATH, Role, User
from benchmarks.heldout34.net import Addresses

MGMT, REG, DATA, OPS, EMERG = (
    "418276530194",
    "527390148862",
    "639401257713",
    "284613907751",
    "750512368824",
)
VENDOR, VENDOR_ROLE_ID = "902144771135", "AROA5GIVESTACKSYNC01"
EXTERNAL_ID = "gs-lumen-7c1e9a40"
PROVIDER = "AWSSSO_5d1c0a3b9e2f4477_DO_NOT_DELETE"
# local offset from UTC and the weekend (0 = Monday) of each office
OFFICES = {
    "gva": (1, (5, 6)),
    "nbo": (3, (5, 6)),
    "amm": (3, (4, 5)),
    "cxb": (6, (4, 5)),
}
FIRST = [
    "Amina",
    "Jonas",
    "Léa",
    "Tariq",
    "Nour",
    "Farhana",
    "Kamal",
    "Wanjiru",
    "Otieno",
    "Sophie",
    "Marc",
    "Yara",
    "Rashid",
    "Hana",
    "Samuel",
    "Grace",
    "Omar",
    "Rania",
    "Imran",
    "Ruth",
    "Luca",
    "Chiara",
    "Daniel",
    "Esther",
]
LAST = [
    "Haddad",
    "Mwangi",
    "Rahman",
    "Keller",
    "Odhiambo",
    "Favre",
    "Khalil",
    "Chowdhury",
    "Njoroge",
    "Rossi",
    "Nasser",
    "Ochieng",
    "Begum",
    "Dubois",
    "Karimi",
    "Wambui",
    "Akter",
    "Morel",
]
SETS = {  # permission set -> (account, tool mix)
    "ProgramOfficer": REG,
    "RegistrationDev": REG,
    "DataAnalyst": DATA,
    "ITAdmin": OPS,
    "FinanceReader": MGMT,
}


def sso_role(rng: random.Random, account: str, pset: str) -> Role:
    suffix = "".join(rng.choice("0123456789abcdef") for _ in range(16))
    role_id = "AROA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17))
    return Role(account, f"AWSReservedSSO_{pset}_{suffix}", role_id, SSO_PATH)


@dataclass
class Person:
    email: str
    office: str
    pset: str
    tool: str  # console | cli
    browser: str
    home: str
    travel: dict[dt.date, str] = field(default_factory=dict)


@dataclass
class Org:
    rng: random.Random
    addr: Addresses
    scale: float
    roles: dict[str, Role] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    volunteers: list[Person] = field(default_factory=list)
    ips: dict[str, str] = field(default_factory=dict)
    consultants: list[str] = field(default_factory=list)
    newcomers: list[str] = field(default_factory=list)

    def role(self, key: str, account: str, name: str, path: str = "/") -> Role:
        rid = "AROA" + "".join(
            self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)
        )
        self.roles[key] = Role(account, name, rid, path)
        return self.roles[key]

    def user(self, name: str, account: str) -> User:
        uid = "AIDA" + "".join(
            self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)
        )
        key = "AKIA" + "".join(
            self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)
        )
        self.users[name] = User(account, name, uid, [key])
        return self.users[name]

    def sso(self, account: str, pset: str) -> Role:
        key = f"sso:{account}:{pset}"
        if key not in self.roles:
            self.roles[key] = sso_role(self.rng, account, pset)
        return self.roles[key]


def count(n: int, scale: float, floor: int = 1) -> int:
    return max(floor, round(n * scale))


def build(trail: Trail, addr: Addresses, scale: float, days: list[dt.date]) -> Org:
    rng = random.Random(trail.rng.getrandbits(64))
    org = Org(rng, addr, scale)
    for key, account, name, path in (
        ("submit", REG, "reg-submit-role", "/service-role/"),
        ("lookup", REG, "reg-lookup-role", "/service-role/"),
        ("kobo_ec2", OPS, "kobo-sync-ec2", "/"),
        ("report", DATA, "donor-report-task", "/"),
        ("vendor", DATA, "givestack-crm-sync", "/"),
        ("cognito_auth", REG, "Cognito_LumenRegAuth_Role", "/"),
        ("cognito_unauth", REG, "Cognito_LumenRegUnauth_Role", "/"),
        ("config_reg", REG, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
        ("config_data", DATA, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
        ("config_ops", OPS, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
        ("emerg_kobo", EMERG, "kobo-field-ec2", "/"),
        ("emerg_admin", EMERG, "OrganizationAccountAccessRole", "/"),
    ):
        org.role(key, account, name, path)
    org.user("svc-backup-geneva", OPS)
    org.user("svc-kobo-sync", REG)
    org.user("volunteer-athena", DATA)
    org.user("grants-reporting", DATA)
    org.user("marc.favre-admin", OPS)
    per_office = {"gva": 16, "nbo": 10, "amm": 9, "cxb": 9}
    homes = {"gva": "gva_home", "nbo": "nbo_mobile", "amm": "amm_mobile", "cxb": "cxb_mobile"}
    sets = {
        "gva": ["ITAdmin", "FinanceReader", "DataAnalyst", "ProgramOfficer", "RegistrationDev"],
        "nbo": ["ProgramOfficer", "RegistrationDev", "DataAnalyst"],
        "amm": ["ProgramOfficer", "DataAnalyst"],
        "cxb": ["ProgramOfficer"],
    }
    seen: set[str] = set()
    for office, n in per_office.items():
        for i in range(count(n, scale, 2)):
            pset = sets[office][i % len(sets[office])]
            email = _email(rng, seen)
            home = homes[office] if office != "gva" or i % 2 else "gva_home2"
            tool = (
                "cli"
                if pset in ("ITAdmin", "RegistrationDev") or (pset == "DataAnalyst" and i % 3 == 0)
                else "console"
            )
            person = Person(
                email, office, pset, tool, rng.choice(["chrome", "safari", "firefox"]), home
            )
            # staff who travel: a few days a month at a hotel
            if rng.random() < 0.35:
                start = rng.randrange(1, max(2, len(days) - 7))
                hotel = rng.choice(
                    ["hotel_addis", "hotel_brussels", "hotel_dubai", "hotel_nyc", "hotel_beirut"]
                )
                for d in days[start : start + rng.randint(2, 4)]:
                    person.travel[d] = hotel
            org.people.append(person)
    for i in range(count(8, scale, 2)):
        home = ["vol_uk", "vol_de", "vol_in", "vol_us", "vol_ke"][i % 5]
        org.volunteers.append(
            Person(
                _email(rng, seen, "volunteers."), "remote", "DataAnalyst", "console", "chrome", home
            )
        )
    org.consultants = [
        _email(rng, seen).replace("lumenrelief.org", "probono.lumenrelief.org")
        for _ in range(count(3, scale, 2))
    ]
    org.newcomers = [_email(rng, seen, "volunteers.") for _ in range(count(4, scale, 2))]
    for key in ("kobo_nbo", "backup_gva", "marc_office"):
        org.ips[key] = addr.pick(
            {"kobo_nbo": "nbo_office", "backup_gva": "gva_office", "marc_office": "gva_office"}[key]
        )
    org.ips["kobo_ec2"] = addr.pick("aws_cpt")
    org.ips["grants"] = addr.pick("nbo_office")
    for fn, net in (
        ("submit_af", "aws_cpt"),
        ("lookup_af", "aws_cpt"),
        ("submit_me", "aws_bah"),
        ("lookup_me", "aws_bah"),
        ("report", "aws_fra"),
    ):
        org.ips[fn] = addr.pick(net)
    org.ips["vendor"] = addr.pick("aws_iad")
    org.ips["vendor2"] = addr.pick("aws_iad")
    return org


def _email(rng: random.Random, seen: set[str], sub: str = "") -> str:
    while True:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first.lower().replace('é', 'e')}.{last.lower()}@{sub}lumenrelief.org"
        if name not in seen:
            seen.add(name)
            return name


def cli(kind: str, cmd: str) -> str:
    return UA[kind].format(cmd=cmd)
