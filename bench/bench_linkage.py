"""Record linkage quality on data the model was not tuned on (``python -m bench linkage``).

The comparison levels and the default threshold were tuned on ``people.synthetic`` (seed 1981,
the generator's own noise) and on English records from ``bench.linkage_data.english`` with seed
11 and at most three changes per duplicate. Measured here, on other seeds and heavier noise:

- English-language records without second surnames (FEBRL-like; seed 2026, up to four changes);
- Spanish records (``people.synthetic`` with two to four perturbations per duplicate, seed 4242);
- look-alikes added to both: different people sharing given names and surnames, born in the same
  year (a third of the pairs one day apart), with their own phone and address.

For each: precision, recall and F1 against the known truth, how many look-alike pairs were
merged, the fit and link times, and the old hand-weighted engine (``matching.find_pairs``) on the
same file for comparison. Options: --linkage-english, --linkage-spanish (sizes), --linkage-workers.
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


def _scores(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate(name: str, rows: list[dict[str, str]], truth: set[tuple[str, str]],
             looks: dict[str, set[tuple[str, str]]], workers: int, *, old_engine: bool = True) -> dict[str, Any]:
    from amparo.people import linkage, matching, synthetic
    from amparo.people.csv_records import read_records

    path = ROOT / "var" / f"bench_linkage_{name}.csv"
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, synthetic.COLUMNS)
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in synthetic.COLUMNS} for r in rows)
    records, bad = read_records(path)
    ids = {r.id for r in records}
    truth = {p for p in truth if p[0] in ids and p[1] in ids}  # rows the reader refused are not counted
    started = time.monotonic()
    model = linkage.fit(records, workers=workers)
    fitted = time.monotonic()
    predicted = {tuple(sorted((a.id, b.id))) for a, b, _e in linkage.find_links(records, model, workers=workers)}
    linked = time.monotonic()
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
        old = {tuple(sorted((a.id, b.id))) for a, b, _m in matching.find_pairs(records, workers=workers)}
        figures["old_engine"] = {**_scores(old - {p for ps in looks.values() for p in ps}, truth),
                                 "look_alike_pairs_merged": {k: len(old & p) for k, p in looks.items()},
                                 "seconds": round(time.monotonic() - started, 1)}
    return figures


def run(args: Any) -> dict[str, Any]:
    import json

    from bench import linkage_data

    quick = getattr(args, "quick", False)
    english_size = 2_000 if quick else args.linkage_english
    spanish_size = 3_000 if quick else args.linkage_spanish
    lookalikes = 100 if quick else args.linkage_lookalikes
    figures: dict[str, Any] = {}
    if english_size:
        rows, truth = linkage_data.english(english_size, seed=2026, max_changes=4)
        extra, looks = linkage_data.look_alikes(rows, lookalikes, seed=2027, truth=truth)
        figures["english_held_out"] = evaluate("english", rows + extra, truth, looks, args.linkage_workers)
        print(json.dumps(figures["english_held_out"]), flush=True)
    if spanish_size:
        rows, truth = linkage_data.spanish(spanish_size, seed=4242)
        extra, looks = linkage_data.look_alikes(rows, lookalikes, seed=4243, truth=truth)
        figures["spanish_held_out"] = evaluate("spanish", rows + extra, truth, looks, args.linkage_workers)
        print(json.dumps(figures["spanish_held_out"]), flush=True)
    figures["targets"] = {
        "english_f1_at_least_0.99": figures.get("english_held_out", {}).get("f1", 0) >= 0.99,
        "spanish_f1_at_least_0.97": figures.get("spanish_held_out", {}).get("f1", 0) >= 0.97,
        "look_alikes_merged_at_most_0.5%": {
            name: {kind: share <= 0.005 for kind, share in figures[name]["look_alike_merged_share"].items()}
            for name in ("english_held_out", "spanish_held_out") if name in figures},
    }
    return figures
