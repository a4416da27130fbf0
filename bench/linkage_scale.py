"""The full duplicate pass with the linkage model at size N, in memory (``python -m
bench.linkage_scale N [WORKERS]``): time to fit, time to link, pairs found, F1 against the
generator's truth. Prints one JSON line."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()
    from amparo.people import linkage, synthetic
    from amparo.people.csv_records import read_records

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 1
    path = ROOT / "var" / f"linkage_scale_{size}.csv"
    path.parent.mkdir(exist_ok=True)
    rows, truth = synthetic.generate(size, seed=77)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, synthetic.COLUMNS)
        writer.writeheader()
        writer.writerows(synthetic.iter_clean(rows))
    records, _bad = read_records(path)
    started = time.monotonic()
    model = linkage.fit(records, workers=workers)
    fitted = time.monotonic()
    found = {tuple(sorted((a.id, b.id))) for a, b, _e in linkage.find_links(records, model, workers=workers)}
    linked = time.monotonic()
    tp = len(found & truth)
    precision, recall = tp / max(len(found), 1), tp / max(len(truth), 1)
    print(json.dumps({"people": len(records), "workers": workers, "fit_seconds": round(fitted - started, 1),
                      "pass_seconds": round(linked - fitted, 1), "pairs": len(found),
                      "precision": round(precision, 4), "recall": round(recall, 4),
                      "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4),
                      "load": os.getloadavg()}))


if __name__ == "__main__":
    main()
