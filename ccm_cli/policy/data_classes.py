"""Personal-data classes: what a comm's variable holds, whatever it is called (issue 22, item 6).

A contact policy forbids *classes* of personal data per category (marketing may not show where
someone lives or what their health is); this module says which class a variable is in, so that
renaming ``customer.address.ward`` to ``home.ward`` does not evade the rule.

Classes:

============ =====================================================================================
location     where a person lives or is: address, street, city, ward, postcode, coordinates, 住所…
health       health and disability (GDPR art. 9 special category): diagnosis, medication,
             disability, life-support / medical equipment registers, 病名, 持病…
financial    money a person has or owes: bank account, card number, income, salary, debt, balance…
             (not the amounts of the sender's own bill: ``invoice.amount``, ``order.total``)
contact      how to reach a person: email, phone, mobile, fax, 電話番号, メールアドレス…
identity     official identifiers and the date of birth: passport, SSN, national ID / My Number,
             driving licence, tax ID, birth date, age, 生年月日, マイナンバー…
============ =====================================================================================

Decisions (each held by a case in ``tests/test_data_classes.py``):

* **Birth date and age are identity**, not a special category: GDPR art. 9 does not list them,
  but a date of birth with a postcode identifies most people (Sweeney, "Simple Demographics
  Often Identify People Uniquely", 2000) and age-based marketing is the "how do they know that?"
  the policy exists to stop.
* **Names are none of these**: "Hi Ana" is ordinary personalization; ``customer.first_name``
  is not classified. Neither are usernames, IP addresses or device data.
* **An account number with the sender** (``account.number``, ``customer.account_number``) is a
  reference printed on every bill, not financial data; a *bank* account number
  (``bank.account_number``, ``iban``, ``sort_code``) is.
* **Whose data**: a place, phone or email of the *sender* — a word like ``store``, ``company``,
  ``branch``, ``support``, ``sender``, ``return`` or ``facts`` before it — is not the
  recipient's personal data (``store.city_name``, ``support_email``, ``company_address``,
  ``return_address``). The nearest such word, or a person word (``customer``, ``user``,
  ``member``…), decides.
* **About the data, not the data**: a word after the class word that makes the value a setting,
  a flag or a link — ``email_opt_in`` (a consent flag), ``phone_verified``, ``address_book``,
  ``credit_card_brand``, ``location_id``, ``reset_url`` — is not the class. A boolean cannot hold
  an address or a phone number (``has_address``), but ``has_disability`` is health data.
* **Weak words** do not count right after a word that makes them a thing's: ``customer.health``,
  ``customer.overdue_balance`` and ``age`` are classified, ``battery.health``, ``points_balance``,
  ``invoice.age`` and ``device.mobile`` are not; ``condition`` counts only after a person word
  (``offer.conditions`` is terms and conditions).
* **Two classes in one name**: health wins (a special category); otherwise the last class word,
  the most specific: ``shipping_address.phone`` is contact data, ``billing_address.name`` is a
  name (not classified).
* **Vulnerability registers** (a utility's Priority Services Register, ``psr``, ``vulnerable``,
  medical equipment) are health data: they are kept because of health or disability.
* Words are matched on whole tokens of the path (``.``, ``_``, ``-``, camelCase and digits
  split it), never inside a longer word: ``cardinality``, ``citypass``, ``agenda``, ``usage``
  contain no class word. Japanese path segments are matched on the words themselves (a short
  word like 区 or 電話 only as the whole segment: 区分 is not a ward).

An explicit ``x-ccm-data: <class>`` in the variable's JSON Schema wins over the name, and is
inherited by what is under it (``customer.home: {type: object, x-ccm-data: location}`` makes
``customer.home.ward`` location). ``x-ccm-data: none`` declares a variable that is none of these
classes (visible in review, so a reviewer sees the claim). An unknown value is a problem
("did you mean 'health'?") and the name decides instead.

The API the rules call::

    from ccm_cli.policy.data_classes import classify, classify_used, x_ccm_data_problems

    classify("customer.home.ward", {"type": "string"})
    # DataClass(data_class='location', reason="customer.home.ward is location data (its name: 'ward')")
    classify_used("customer.address.city", comm.variables)   # a path a template uses
    x_ccm_data_problems(comm.variables, doc, ("variables",))  # Problem(file, line, column, message)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

from ..problems import Problem, did_you_mean

__all__ = ["CLASSES", "NONE", "X_CCM_DATA", "DataClass", "classify", "classify_all", "classify_used",
           "classify_variables", "declared_class", "x_ccm_data_problems", "X_CCM_DATA_SCHEMA"]

CLASSES = ("location", "health", "financial", "contact", "identity")
NONE = "none"  # x-ccm-data: none — declared not personal data of these classes
X_CCM_DATA = "x-ccm-data"
# When a name holds words of two classes, health (a special category) wins; otherwise the last
# word, the most specific one, does: shipping_address.phone is a phone number.
SPECIAL = "health"

X_CCM_DATA_SCHEMA = {
    "enum": [*CLASSES, NONE],
    "title": "Personal-data class",
    "description": "What personal data this variable holds: location, health, financial, contact or identity "
                   "(none: it holds none of these). Contact policies forbid classes per category; without "
                   "this key ccm reads the class from the variable's name.",
    "examples": ["location"],
}


class DataClass(NamedTuple):
    """The class of a variable (None: not personal data of a class) and why, in words a finding
    can quote: "customer.home.ward is location data (its name: 'ward')"."""

    data_class: str | None
    reason: str


# ------------------------------------------------------------------------------ the vocabulary
# Words and phrases of each class, as tokens. A phrase is a tuple of tokens that must follow
# each other in the path. STRONG words count wherever they are (unless the sender owns them or
# a setting word follows); WEAK ones unless a THING word comes right before them; PERSON_ONLY ones
# only right after a person word.
STRONG: dict[str, list] = {
    "location": [
        "address", "addresses", "addr", "street", "streets", "city", "town", "village", "ward", "district",
        "county", "prefecture", "province", "suburb", "borough", "municipality", "neighborhood", "neighbourhood",
        "postcode", "postcodes", "zipcode", "zip", ("zip", "code"), "postal", ("postal", "code"), ("post", "code"), "latitude", "longitude", "lat",
        "lng", "lon", "geo", "geolocation", "gps", "coordinates", "coords", "location", "locations", "residence",
        ("house", "number"), "jusho",
    ],
    "health": [
        "diagnosis", "diagnoses", "diagnosed", "medical", "medication", "medications", "medicine", "medicines",
        "prescription", "prescriptions", "disability", "disabilities", "illness", "illnesses", "disease",
        "diseases", "allergy", "allergies", "pregnancy", "pregnant", "symptom", "symptoms", ("life", "support"),
        ("mental", "health"), ("health", "condition"), ("health", "conditions"), ("health", "insurance"),
        ("health", "status"), ("blood", "type"), ("blood", "group"), ("priority", "services"), "psr",
        "vulnerable", "vulnerability", "vulnerabilities",
    ],
    "financial": [
        "iban", ("sort", "code"), ("routing", "number"), ("bank", "account"), ("bank", "details"),
        "cvv", "cvc", ("card", "number"), ("card", "no"), ("card", "num"), ("card", "last"), ("card", "expiry"),
        ("card", "exp"), ("credit", "card"), ("debit", "card"), ("payment", "card"), ("bank", "card"),
        ("cc", "number"), "ccnum", "income", "incomes", "salary", "salaries", "wage", "wages", "debt", "debts",
        "arrears", "overdraft", ("credit", "score"), ("credit", "limit"), ("credit", "rating"),
        ("credit", "history"), ("credit", "report"), "mortgage", "loan", "loans", "bankruptcy", "insolvency",
        ("net", "worth"), ("account", "balance"),
    ],
    "contact": [
        "email", "emails", ("e", "mail"), "emailaddress", ("email", "address"), ("e", "mail", "address"),
        ("mail", "address"), ("email", "addresses"), "phone", "phones", "telephone", "tel", "phonenumber",
        ("mobile", "number"), ("mobile", "phone"), ("cell", "phone"), "cellphone", ("cell", "number"), "fax",
        "msisdn", "denwa", "mobilephone", "homephone", "workphone", "phoneno",
    ],
    "identity": [
        "passport", "ssn", ("social", "security"), ("national", "id"), ("national", "insurance"), "nino",
        ("tax", "id"), ("tax", "number"), ("tax", "file", "number"), "taxpayer", ("driver", "license"), ("drivers", "license"),
        ("driver", "licence"), ("drivers", "licence"), ("driving", "licence"), ("driving", "license"),
        ("license", "number"), ("licence", "number"), ("id", "number"), ("id", "card"), ("identity", "card"),
        ("identity", "number"), "mynumber", ("my", "number"), ("date", "of", "birth"), "dob", "birthday",
        "birthdays", "birthdate", ("birth", "date"), ("birth", "year"), "seinengappi", "tanjobi",
    ],
}
WEAK: dict[str, list] = {
    "health": ["health"],
    "financial": ["balance"],
    "contact": ["mobile"],
    "identity": ["age"],
}
# A weak word right after one of these is about a thing, not a person: battery.health,
# points_balance, invoice.age, device.mobile. (After the sender's words it never counts.)
THING: dict[str, set[str]] = {
    "health": {"battery", "system", "account", "app", "service", "server", "network", "meter", "device", "equipment",
               "site", "grid", "pool", "portfolio", "credit", "financial", "soil", "road", "bridge", "asset", "fleet",
               "panel", "panels", "solar", "inverter", "pipeline", "data"},
    "financial": {"points", "point", "loyalty", "reward", "rewards", "gift", "card", "battery", "energy", "credit",
                  "miles", "voucher", "vouchers", "leave", "holiday", "trial", "data", "minutes", "sms", "token",
                  "tokens", "invoice", "order", "bill", "cart", "basket", "statement", "colour", "color", "white",
                  "load", "heat", "water", "phase"},
    "contact": {"app", "device", "web", "site", "page", "view", "version", "data", "network", "banner", "push",
                "layout", "responsive", "desktop"},
    "identity": {"invoice", "debt", "account", "order", "bill", "payment", "meter", "battery", "data", "cache", "page",
                 "file", "token", "password", "session", "message", "record", "subscription", "contract", "tenure",
                 "link", "offer", "plan", "asset", "equipment", "boiler", "property", "building", "home", "house"},
}
PERSON_ONLY: dict[str, list] = {
    "health": ["condition", "conditions"],
}
# An account number is financial only on a bank or payment account (see the module docstring).
BANK_CONTEXT = {"bank", "banking", "iban", "debit", "savings", "checking", "payout", "payee", "payment", "card"}
ACCOUNT_NUMBER = ("account", "number")

# Phrases that contain a class word and are not that class.
NOT_CLASS: dict[tuple, str] = {
    ("ip", "address"): "an IP address, not where someone lives",
    ("mac", "address"): "a device's network address, not where someone lives",
    ("web", "address"): "a web address, not where someone lives",
    ("wallet", "address"): "a wallet address, not where someone lives",
    ("address", "book"): "an address book (a mail client's list of contacts), not an address",
    ("city", "gas"): "city gas (都市ガス), a product, not a place",
    ("city", "pass"): "a city pass, a product, not a place",
    ("district", "heating"): "district heating, a product, not a place",
    ("zip", "file"): "a zip file, not a postcode",
    ("zip", "archive"): "a zip archive, not a postcode",
    ("health", "score"): "a customer health score (how engaged an account is), not health data",
}

# The sender's own things: a class word after one of these is not the recipient's data.
OWNER = {
    "clinic", "hospital", "pharmacy", "doctor", "surgery", "school", "company", "companies", "organization", "organisation", "org", "store", "stores", "shop", "shops", "branch",
    "office", "sender", "merchant", "brand", "support", "helpdesk", "venue", "facility", "depot", "plant",
    "station", "substation", "outlet", "dealer", "partner", "provider", "supplier", "vendor", "agent",
    "technician", "engineer", "staff", "installer", "team", "facts", "hq", "headquarters", "warehouse", "return",
    "returns", "reply", "noreply", "from", "unsubscribe", "our", "event", "events",
}
# The recipient (or another person): a weak word after one of these is personal data.
PERSON = {
    "customer", "customers", "user", "users", "member", "members", "recipient", "person", "people", "visitor",
    "patient", "resident", "occupant", "holder", "applicant", "subscriber", "client", "guest", "contact",
    "profile", "personal", "home", "household", "billing", "shipping", "delivery", "emergency", "my", "your",
    "me", "you", "owner", "tenant", "account", "premises", "supply",
}
# Words after a class word that make the value a setting, a flag, a link or metadata about it.
ABOUT = {
    "url", "urls", "uri", "link", "links", "href", "opt", "optin", "optout", "opted", "consent", "consents",
    "consented", "verified", "verification", "confirmed", "confirmation", "enabled", "disabled", "preference",
    "preferences", "pref", "prefs", "format", "label", "type", "kind", "brand", "count", "template", "templates",
    "subject", "frequency", "sent", "domain", "provider", "id", "ids", "key", "uuid", "hash", "hashed", "app",
    "changed", "updated", "bounced", "bounce", "unsubscribed", "allowed", "required", "valid", "invalid",
    "notifications", "notification", "marketing", "newsletter", "reminders", "channel", "field", "icon",
    "source", "status", "flag",
}

# Fields of an address object that are names, not places (billing_address.name).
NAME_FIELDS = {"name", "first", "last", "full", "company", "firstname", "lastname", "fullname", "given", "family",
               "title"}

# Japanese words in path segments: (word, class, whole segment only?). Short words that are
# part of ordinary compounds (区 in 区分 "category", 電話 in 電話受付 "phone hours") count only as
# the whole segment or with 名 ("区名").
JAPANESE: list[tuple[str, str, bool]] = [
    ("住所", "location", False), ("所在地", "location", False), ("郵便番号", "location", False),
    ("都道府県", "location", False), ("市区町村", "location", False), ("番地", "location", False),
    ("区", "location", True), ("市", "location", True), ("町", "location", True),
    ("病名", "health", False), ("診断名", "health", False), ("健康診断", "health", False), ("持病", "health", False),
    ("既往歴", "health", False), ("病歴", "health", False), ("障がい", "health", False), ("障害者", "health", False),
    ("介護", "health", False), ("医療", "health", False), ("服薬", "health", False), ("処方", "health", False),
    ("妊娠", "health", False), ("アレルギー", "health", False), ("健康状態", "health", False), ("診断", "health", True),
    ("口座", "financial", False), ("年収", "financial", False), ("収入", "financial", False), ("所得", "financial", False),
    ("給与", "financial", False), ("借金", "financial", False), ("負債", "financial", False), ("残高", "financial", False),
    ("クレジットカード", "financial", False), ("カード番号", "financial", False),
    ("メールアドレス", "contact", False), ("電話番号", "contact", False), ("携帯番号", "contact", False),
    ("携帯電話", "contact", False), ("連絡先", "contact", False), ("電話", "contact", True), ("メール", "contact", True),
    ("生年月日", "identity", False), ("誕生日", "identity", False), ("マイナンバー", "identity", False),
    ("個人番号", "identity", False), ("免許", "identity", False), ("旅券", "identity", False),
    ("パスポート", "identity", False), ("保険証", "identity", False), ("住民票", "identity", False),
]
JAPANESE_OWNERS = ("店舗", "会社", "支店", "営業所", "事業所", "当社", "弊社", "窓口", "店")
JAPANESE_ABOUT = ("URL", "設定", "可否", "同意", "配信", "有無")


# ------------------------------------------------------------------------------ tokens
_PIECES = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\x00-\x7f]+")


@dataclass(frozen=True)
class _Token:
    text: str          # lower-cased (Japanese as written)
    segment: int       # index of the path segment it is in
    japanese: bool


@lru_cache(maxsize=8192)
def _tokens(path: str) -> tuple[_Token, ...]:
    out = []
    for i, segment in enumerate(path.split(".")):
        for part in re.split(r"[_\-\s]+", segment):
            for piece in _PIECES.findall(part):
                japanese = not piece.isascii()
                out.append(_Token(piece if japanese else piece.lower(), i, japanese))
    return tuple(out)


def _phrase(entry) -> tuple[str, ...]:
    return entry if isinstance(entry, tuple) else (entry,)


def _index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First token -> [(phrase, class or "", strength)], longest phrases first. Strength is
    "strong", "weak", "person", "not" (NOT_CLASS) or "account" (an account number)."""
    index: dict[str, list] = {}
    for strength, table in (("strong", STRONG), ("weak", WEAK), ("person", PERSON_ONLY)):
        for cls, entries in table.items():
            for entry in entries:
                phrase = _phrase(entry)
                index.setdefault(phrase[0], []).append((phrase, cls, strength))
    for phrase in NOT_CLASS:
        index.setdefault(phrase[0], []).append((phrase, "", "not"))
    index.setdefault(ACCOUNT_NUMBER[0], []).append((ACCOUNT_NUMBER, "financial", "account"))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_INDEX = _index()


# ------------------------------------------------------------------------------ classifying
def declared_class(schema: Any) -> tuple[str | None, str | None]:
    """(the class ``schema`` declares with x-ccm-data — or "none" —, an error message). Both
    None when it declares nothing."""
    if not isinstance(schema, dict) or X_CCM_DATA not in schema:
        return None, None
    value = schema[X_CCM_DATA]
    if isinstance(value, str) and value.strip().lower() in (*CLASSES, NONE):
        return value.strip().lower(), None
    if isinstance(value, str):
        return None, (f"{X_CCM_DATA}: '{value}' is not a data class{did_you_mean(value, (*CLASSES, NONE), 0.6)}; "
                      f"use one of: {', '.join(CLASSES)}, none")
    if value is None:
        return None, f"{X_CCM_DATA} is empty: name one class ({', '.join(CLASSES)}) or none"
    return None, f"{X_CCM_DATA} must be one class name ({', '.join(CLASSES)} or none), not {type(value).__name__}"


def classify(path: str, schema: Any = None) -> DataClass:
    """The personal-data class of the variable at ``path`` (dotted) whose JSON Schema fragment
    is ``schema`` (may be None): the schema's ``x-ccm-data`` when valid, else read from the
    name. The reason names the rule that fired."""
    declared, error = declared_class(schema)
    if declared == NONE:
        return DataClass(None, f"{path}: declared not personal data ({X_CCM_DATA}: none)")
    if declared is not None:
        return DataClass(declared, f"{path} is {declared} data ({X_CCM_DATA}: {declared})")
    found = classify_all(path, schema)
    hits = [f for f in found if f.data_class is not None]
    if hits:
        special = [f for f in hits if f.data_class == SPECIAL]
        return special[0] if special else hits[-1]
    suffix = f" ({X_CCM_DATA} ignored: {error})" if error else ""
    if found:
        return DataClass(None, found[0].reason + suffix)
    return DataClass(None, f"{path}: no personal-data word in its name{suffix}")


def classify_all(path: str, schema: Any = None) -> list[DataClass]:
    """Every class word of the name of ``path``, in order: those that count (with their class)
    and those that do not (class None, with the reason why not). Ignores ``x-ccm-data``."""
    return list(_by_name(path, _is_boolean(schema)))


@lru_cache(maxsize=65536)
def _by_name(path: str, boolean: bool) -> tuple[DataClass, ...]:
    """:func:`classify_all` of a name (a lint asks about the same variables in every variant)."""
    tokens = _tokens(path)
    words = [t.text for t in tokens]
    out: list[DataClass] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.japanese:
            out.extend(_japanese(path, token.text, words, i))
            i += 1
            continue
        match = None
        for phrase, cls, strength in _INDEX.get(token.text, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                match = (phrase, cls, strength)
                break
        if match is None:
            i += 1
            continue
        phrase, cls, strength = match
        shown = "_".join(phrase) if len(phrase) > 1 else phrase[0]
        after = i + len(phrase)
        i = after
        if strength == "not":
            out.append(DataClass(None, f"{path}: '{shown}' is {NOT_CLASS[phrase]}"))
            continue
        if strength == "account" and not BANK_CONTEXT & set(words):
            out.append(DataClass(None, f"{path}: an account number with the sender is a reference, not bank details"))
            continue
        before = words[:after - len(phrase)]
        if cls == "location" and phrase[-1] in ("address", "addresses", "addr") and after < len(words) \
                and words[after] in NAME_FIELDS:
            out.append(DataClass(None, f"{path}: the '{words[after]}' on an address is a name, not a place"))
            continue
        if after < len(words) and words[after] in ABOUT:
            out.append(DataClass(None, f"{path}: '{words[after]}' makes it a setting or a link about the "
                                       f"{shown.replace('_', ' ')}, not the {shown.replace('_', ' ')} itself"))
            continue
        owner = next((w for w in reversed(before) if w in OWNER or w in PERSON), None)
        if owner in OWNER:
            out.append(DataClass(None, f"{path}: the {shown.replace('_', ' ')} of '{owner}', not of the person "
                                       f"who receives the message"))
            continue
        if strength == "weak" and before and before[-1] in THING[cls]:
            out.append(DataClass(None, f"{path}: '{shown}' of '{before[-1]}' is not a person's {cls} data"))
            continue
        if strength == "person" and (not before or before[-1] not in PERSON):
            out.append(DataClass(None, f"{path}: '{shown}' is {cls} data only when it is a person's "
                                       f"(customer.{shown})"))
            continue
        if boolean and cls in ("location", "contact"):
            out.append(DataClass(None, f"{path}: a yes/no value cannot hold {cls} data"))
            continue
        out.append(DataClass(cls, f"{path} is {cls} data (its name: '{shown}')"))
    return tuple(out)


def _japanese(path: str, segment: str, words: list[str], i: int) -> Iterator[DataClass]:
    for word, cls, whole in JAPANESE:
        at = segment.find(word)
        if at < 0:
            continue
        if whole and segment not in (word, word + "名"):
            continue
        owner = next((o for o in JAPANESE_OWNERS if 0 <= segment.find(o) < at), None)
        if owner is None:
            owner = next((w for w in reversed(words[:i]) if w in OWNER or w in PERSON), None)
            owner = owner if owner in OWNER else None
        if owner is not None:
            yield DataClass(None, f"{path}: the {word} of '{owner}', not of the person who receives the message")
            return
        if any(a in segment[at + len(word):] for a in JAPANESE_ABOUT):
            yield DataClass(None, f"{path}: a setting about the {word}, not the {word} itself")
            return
        yield DataClass(cls, f"{path} is {cls} data (its name: '{word}')")
        return


def _is_boolean(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return kind == "boolean" or (isinstance(kind, list) and set(kind) <= {"boolean", "null"} and "boolean" in kind)


# ------------------------------------------------------------------------------ a comm's variables
def classify_variables(variables: Any) -> dict[str, DataClass]:
    """The class of every variable a comm declares, and of every property its schemas nest
    (``customer.address: {type: object, properties: {street: …}}`` gives
    ``customer.address.street`` too). A declared class is inherited by what is under it."""
    return {path: _with_inherited(path, schema, inherited)
            for path, (schema, inherited, _) in _declared(variables).items()}


def classify_used(path: str, variables: Any) -> DataClass:
    """The class of a path a template uses (``customer.address.city``), given the comm's
    ``variables:``: its own schema if declared; the x-ccm-data of the nearest declared parent
    (or of a nested property) otherwise; its name when nothing above it declares a class."""
    declared = _declared(variables)
    if path in declared:
        schema, inherited, _ = declared[path]
        return _with_inherited(path, schema, inherited)
    parents = [p for p in declared if path.startswith(p + ".")]
    if parents:
        _, _, here = declared[max(parents, key=len)]
        if here is not None:
            return _with_inherited(path, None, here)
    return classify(path)


def _declared(variables: Any) -> dict[str, tuple[Any, tuple | None, tuple | None]]:
    """Every declared path -> (its schema, the class inherited from above it, the class that
    holds at it: its own declaration or the inherited one). A class is (name, where)."""
    out: dict[str, tuple] = {}
    if isinstance(variables, dict):
        for path, schema in variables.items():
            if isinstance(path, str):
                for sub, sub_schema, inherited, here in _walk(path, schema, None):
                    out.setdefault(sub, (sub_schema, inherited, here))
    return out


def _walk(path: str, schema: Any, inherited: tuple | None) -> Iterator[tuple[str, Any, tuple | None, tuple | None]]:
    declared, _ = declared_class(schema)
    here = (declared, path) if declared is not None else inherited
    yield path, schema, inherited, here
    if not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            if isinstance(name, str):
                yield from _walk(f"{path}.{name}", sub, here)
    items = schema.get("items")
    if isinstance(items, dict):  # a loop reads a list's items as item.field: same paths below
        for found in _walk(path, items, here):
            if found[0] != path:
                yield found


def _with_inherited(path: str, schema: Any, inherited: tuple | None) -> DataClass:
    declared, _ = declared_class(schema)
    if declared is None and inherited is not None:
        cls, where = inherited
        if cls == NONE:
            return DataClass(None, f"{path}: {where} is declared not personal data ({X_CCM_DATA}: none)")
        return DataClass(cls, f"{path} is {cls} data ({where} declares {X_CCM_DATA}: {cls})")
    return classify(path, schema)


def x_ccm_data_problems(variables: Any, doc=None, at: tuple = ("variables",), rel: str | None = None) -> list[Problem]:
    """Every invalid ``x-ccm-data`` in a comm's ``variables:`` (nested properties included), at
    the value's line and column in ``doc`` (a ``YamlDoc``; ``at`` is the path of ``variables``
    in it)."""
    problems: list[Problem] = []
    if not isinstance(variables, dict):
        return problems
    file = rel or (doc.rel if doc is not None else "")
    for name, schema in variables.items():
        for yaml_path, node in _schemas(schema, (*at, name)):
            _, error = declared_class(node)
            if error:
                line, column = doc.position((*yaml_path, X_CCM_DATA)) if doc is not None else (1, 1)
                problems.append(Problem(file, line, column, f"{'.'.join(str(p) for p in yaml_path[len(at):])}: {error}",
                                        _fix(node.get(X_CCM_DATA))))
    return problems


def _schemas(schema: Any, yaml_path: tuple) -> Iterator[tuple[tuple, dict]]:
    if not isinstance(schema, dict):
        return
    yield yaml_path, schema
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            yield from _schemas(sub, (*yaml_path, "properties", name))
    if isinstance(schema.get("items"), dict):
        yield from _schemas(schema["items"], (*yaml_path, "items"))


def _fix(value: Any) -> str | None:
    from ..problems import closest

    guess = closest(str(value), (*CLASSES, NONE), 0.6) if isinstance(value, str) else None
    return f"Use '{guess}'" if guess else None


def words_of(class_name: str) -> list[str]:
    """The name words of a class (for documentation: ``ccm explain``)."""
    out: list[str] = []
    for table in (STRONG, WEAK, PERSON_ONLY):
        out.extend("_".join(_phrase(e)) for e in table.get(class_name, []))
    out.extend(word for word, cls, _ in JAPANESE if cls == class_name)
    return out
