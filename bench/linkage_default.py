"""Write ``amparo/people/linkage_default.py``: the default parameters, fitted on the set the
levels were tuned on (``python -m bench.linkage_default``)."""

from __future__ import annotations

import csv
import os
import pprint
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _round(value: object) -> object:
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()
    from amparo.people import linkage, synthetic
    from amparo.people.csv_records import read_records

    rows, _truth = synthetic.generate(20_000, seed=1981)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, synthetic.COLUMNS)
            writer.writeheader()
            writer.writerows(synthetic.iter_clean(rows))
        records, _bad = read_records(path)
    model = linkage.fit(records, workers=os.cpu_count() or 1)
    data = _round(model.to_json())
    data["tf"] = {}  # type: ignore[index]
    text = ('"""The default linkage parameters, for a center with too few people to estimate its own.\n\n'
            "Fitted by ``linkage.fit`` on ``people.synthetic.generate(20000, seed=1981)`` (the set the\n"
            "levels were tuned on), without term frequencies. Written by ``python -m bench.linkage_default``.\n"
            '"""\n\nPARAMETERS = ' + pprint.pformat(data, width=116, sort_dicts=True) + "\n")
    (ROOT / "amparo" / "people" / "linkage_default.py").write_text(text)
    print(model.parameters_text())


if __name__ == "__main__":
    main()
