"""Documents: filing packets (``make bench BENCH=documents``).

Builds the packet of the target — a filled 12-page form plus 50 pages of evidence (PDFs and
scanned JPEG pages) — and reports:

- ``packet``: build_packet time, cold (first in the process) and warm median / p95 over
  several runs, the page count and size; target: under 1 s;
- ``parts``: time of the steps (filling the form, rendering the exhibit index with WeasyPrint);
- ``parallel``: the same packets built by 1 and by 2 worker processes at once (no lock, so
  throughput should scale with the cores the machine has free).

Options: --documents-runs (timed warm builds, default 15), --documents-packets (packets per
parallel round, default 4). The machine's load average is recorded: on a busy machine two
processes cannot go faster than one, so the CPU seconds per packet (flat when nothing waits on
a lock) are reported beside the wall-clock throughput.
"""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

TARGET_SECONDS = 1.0


def add_arguments(parser: Any) -> None:
    parser.add_argument("--documents-runs", type=int, default=15, help="timed warm packet builds")
    parser.add_argument("--documents-packets", type=int, default=4, help="packets per parallel round")


def _inputs() -> dict[str, Any]:
    """A filled 12-page form and 50 pages of evidence: 5 PDFs of 8 pages and 10 scanned pages."""
    from amparo.documents.pdf import PacketItem, fill_form
    from amparo.documents.tests.pdf_fixtures import fillable_form, image, plain_pdf

    values = {"family_name": "Hernández Pérez", "applicant.given_name": "José Ángel", "a_number": "012345678",
              "address": "1234 Calle Ñandú\nApt 5\nLos Angeles, CA 90011", "agree": True, "consent": True,
              "gender": "M", "country": "SV", "language": "Spanish", "signature_date": "11/22/2026",
              **{f"page{n}_note": f"Respuesta adicional para la parte {n}" for n in range(3, 13)}}
    started = time.perf_counter()
    form = fill_form(fillable_form(pages=12), values)
    fill_seconds = time.perf_counter() - started
    lines = [f"Línea {n}: declaración del testigo sobre los hechos ocurridos en San Salvador." for n in range(30)]
    exhibits = [PacketItem(f"Declaration {n + 1}", plain_pdf(lines, pages=8)) for n in range(5)]
    exhibits += [PacketItem(f"Scanned document {n + 1}", image("JPEG", (1700, 2200))) for n in range(10)]
    return {"cover": None, "forms": [PacketItem("Form I-589", form)], "exhibits": exhibits,
            "fill_seconds": fill_seconds}


def _build(inputs: dict[str, Any]) -> tuple[float, bytes]:
    from amparo.documents.pdf import build_packet

    started = time.perf_counter()
    data = build_packet(cover=inputs["cover"], forms=inputs["forms"], exhibits=inputs["exhibits"],
                        title="Asylum application — José Ángel Hernández Pérez", language="es")
    return time.perf_counter() - started, data


# -- worker processes -------------------------------------------------------------------------------

_WORKER_INPUTS: dict[str, Any] = {}


def _worker_start() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()
    _WORKER_INPUTS.update(_inputs())
    _build(_WORKER_INPUTS)  # warm: imports, fonts


def _worker_build(_number: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one packet."""
    cpu = time.process_time()
    wall = _build(_WORKER_INPUTS)[0]
    return wall, time.process_time() - cpu


def _round(processes: int, packets: int) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn"),
                             initializer=_worker_start) as pool:
        list(pool.map(_worker_build, range(processes)))  # every worker started and warm
        started = time.perf_counter()
        times = list(pool.map(_worker_build, range(packets)))
        wall = time.perf_counter() - started
    # CPU seconds per packet stay flat when processes do not wait on each other (no lock);
    # wall-clock throughput then grows with the cores that are free.
    return {"processes": processes, "packets": packets, "wall_seconds": round(wall, 3),
            "packets_per_second": round(packets / wall, 2),
            "median_packet_seconds": round(statistics.median(t[0] for t in times), 3),
            "median_packet_cpu_seconds": round(statistics.median(t[1] for t in times), 3)}


def run(args: Any) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    from amparo.documents.pdf.packet import _load, _render_index

    quick = getattr(args, "quick", False)
    runs = 3 if quick else args.documents_runs
    packets = 2 if quick else args.documents_packets
    if packets < 2:
        raise SystemExit("--documents-packets must be at least 2")
    inputs = _inputs()
    cold, data = _build(inputs)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    cpu = time.process_time()
    times = sorted(_build(inputs)[0] for _ in range(runs))
    cpu_per_packet = (time.process_time() - cpu) / runs
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    median = statistics.median(times)
    parts = [_load(item) for item in inputs["exhibits"]]
    started = time.perf_counter()
    _render_index("Asylum application", "es", 12, parts, separators=False)
    index_seconds = time.perf_counter() - started
    figures: dict[str, Any] = {
        "packet": {"pages": pages, "megabytes": round(len(data) / 1e6, 2), "exhibits": len(inputs["exhibits"]),
                   "cold_seconds": round(cold, 3), "runs": runs, "median_seconds": round(median, 3),
                   "p95_seconds": round(p95, 3), "cpu_seconds_per_packet": round(cpu_per_packet, 3),
                   "target_seconds": TARGET_SECONDS,
                   "meets_target": p95 < TARGET_SECONDS},
        "parts": {"fill_12_page_form_seconds": round(inputs["fill_seconds"], 3),
                  "index_render_seconds": round(index_seconds, 3)},
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
    }
    print(figures, flush=True)
    one = _round(1, packets)
    two = _round(2, packets)
    figures["parallel"] = {"one_process": one, "two_processes": two,
                           "speedup": round(two["packets_per_second"] / one["packets_per_second"], 2),
                           "cpus": os.cpu_count()}
    figures["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    return figures
