"""Command line: JSON on stdout, errors on stderr with exit code 2.

    python -m amparo.rules screen FACTS.json --on YYYY-MM-DD [--lang en|es] [--programs tps,asylum]
    python -m amparo.rules deadline KIND --from YYYY-MM-DD [--mailed] [--days N] [--variant V] [--lang en|es]
    python -m amparo.rules kinds        # deadline kinds, their variants, and the programs
    python -m amparo.rules version      # rules_version of the packaged data
    python -m amparo.rules civics --filed YYYY-MM-DD [--sixty-five-twenty]   # civics test (civics.py)

There is no default for ``--on``: the engine never reads the clock.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .civics import CivicsError, civics_test
from .dates import check_range, parse_iso_date
from .deadlines import START_MEANS, DeadlineError, compute_deadline, list_deadline_kinds, list_variants
from .facts import Facts, FactsError
from .loader import load_ruleset
from .messages import LANGS
from .records import RuleDataError
from .screening import list_programs, screen


def _date(text: str) -> date:
    try:
        day = parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a real date as YYYY-MM-DD, got {text!r}") from None
    try:
        return check_range(day, "date")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m amparo.rules",
                                     description="Amparo immigration rules: screeners and deadlines.")
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("screen", help="screen a person's facts on a date")
    s.add_argument("facts", help="path to FACTS.json, or - for standard input")
    s.add_argument("--on", type=_date, required=True, help="the screening date (today), YYYY-MM-DD")
    s.add_argument("--lang", choices=LANGS, default="en", help="language of the explanations (default en)")
    s.add_argument("--programs", help=f"comma-separated subset of: {', '.join(list_programs())}")

    d = sub.add_parser("deadline", help="compute a deadline",
                       epilog="--from means: " + "; ".join(f"{k}: {v}" for k, v in START_MEANS.items()))
    d.add_argument("kind", choices=list_deadline_kinds())
    d.add_argument("--from", dest="start", type=_date, required=True,
                   help="the decision, notice, order, arrival, expiry, residence-start or signature date")
    d.add_argument("--mailed", action="store_true",
                   help="the notice or decision was mailed (adds the rule's mailing days: rfe, noid, i290b)")
    d.add_argument("--days", type=int,
                   help="the response period stated on the notice (rfe: 1-84, noid: 1-30); rejected for other kinds")
    d.add_argument("--variant", help="rule variant, e.g. asylum_merits (bia_appeal), in_absentia or "
                                     "changed_country_conditions (motion_to_reopen), three_year "
                                     "(naturalization_early_filing); see the 'kinds' command")
    d.add_argument("--lang", choices=LANGS, default="en")

    sub.add_parser("kinds", help="list deadline kinds, their variants and the screening programs")
    sub.add_parser("version", help="print the rules_version")
    c = sub.add_parser("civics", help="the civics test for an N-400 filed (or to be filed) on a date")
    c.add_argument("--filed", type=_date, required=True, help="the N-400 filing date, YYYY-MM-DD")
    c.add_argument("--sixty-five-twenty", action="store_true", help="65 or older and a permanent resident 20 years")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "screen":
            out = _screen(args)
        elif args.command == "deadline":
            deadline = compute_deadline(args.kind, args.start, mailed=args.mailed, days=args.days,
                                        variant=args.variant)
            out = deadline.to_dict(args.lang)
        elif args.command == "kinds":
            out = {"deadline_kinds": {k: {"from": START_MEANS[k], "variants": list(list_variants(k))}
                                      for k in list_deadline_kinds()},
                   "programs": list(list_programs())}
        elif args.command == "civics":
            out = civics_test(args.filed, sixty_five_twenty=args.sixty_five_twenty).to_dict()
        else:
            out = {"rules_version": load_ruleset().version}
    except (FactsError, DeadlineError, CivicsError, _InputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuleDataError as exc:
        print(f"error: the rule data is invalid: {exc}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


class _InputError(ValueError):
    pass


def _screen(args: argparse.Namespace) -> dict[str, object]:
    try:
        text = sys.stdin.read() if args.facts == "-" else Path(args.facts).read_text(encoding="utf-8")
    except OSError as exc:
        raise _InputError(f"cannot read {args.facts}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InputError(f"{args.facts} is not valid JSON: {exc}") from None
    facts = Facts.from_json(data)
    programs = None
    if args.programs:
        programs = [p.strip() for p in args.programs.split(",") if p.strip()]
        unknown = [p for p in programs if p not in list_programs()]
        if unknown:
            raise _InputError(f"--programs: unknown program(s) {', '.join(unknown)}; "
                              f"known: {', '.join(list_programs())}")
    return screen(facts, args.on, programs=programs).to_dict(args.lang)
