"""PHQ-9 and GAD-7: totals and severity bands (Kroenke, Spitzer et al.; public domain instruments).

Each item is answered 0 ("not at all") to 3 ("nearly every day"). PHQ-9 item 9 asks about thoughts
of being better off dead or of self-harm: any answer above 0 raises an alert for the clinician,
whatever the total.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ITEMS = {"phq9": 9, "gad7": 7}

PHQ9_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately_severe"), (27, "severe"))
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
BANDS = {"phq9": PHQ9_BANDS, "gad7": GAD7_BANDS}

BAND_LABELS = {
    "minimal": pgettext_lazy("severity", "Minimal"),
    "mild": pgettext_lazy("severity", "Mild"),
    "moderate": pgettext_lazy("severity", "Moderate"),
    "moderately_severe": pgettext_lazy("severity", "Moderately severe"),
    "severe": pgettext_lazy("severity", "Severe"),
}

ANSWERS = ((0, _("Not at all")), (1, _("Several days")), (2, _("More than half the days")),
           (3, _("Nearly every day")))

QUESTIONS = {
    "phq9": (
        _("Little interest or pleasure in doing things"),
        _("Feeling down, depressed, or hopeless"),
        _("Trouble falling or staying asleep, or sleeping too much"),
        _("Feeling tired or having little energy"),
        _("Poor appetite or overeating"),
        _("Feeling bad about yourself, or that you are a failure or have let yourself or your family down"),
        _("Trouble concentrating on things, such as reading the newspaper or watching television"),
        _("Moving or speaking so slowly that other people could have noticed, or the opposite, being so "
          "fidgety or restless that you have been moving around a lot more than usual"),
        _("Thoughts that you would be better off dead, or of hurting yourself in some way"),
    ),
    "gad7": (
        _("Feeling nervous, anxious, or on edge"),
        _("Not being able to stop or control worrying"),
        _("Worrying too much about different things"),
        _("Trouble relaxing"),
        _("Being so restless that it is hard to sit still"),
        _("Becoming easily annoyed or irritable"),
        _("Feeling afraid, as if something awful might happen"),
    ),
}


@dataclass(frozen=True)
class Result:
    score: int
    band: str
    self_harm: bool


def score(instrument: str, answers: list[int]) -> Result:
    """The total, its band and (PHQ-9) whether item 9 was answered above 0."""
    if instrument not in ITEMS:
        raise ValueError(f"unknown instrument {instrument!r}")
    if len(answers) != ITEMS[instrument] or any(type(a) is not int or not 0 <= a <= 3 for a in answers):
        raise ValueError(f"{instrument} needs {ITEMS[instrument]} answers from 0 to 3")
    total = sum(answers)
    band = next(name for top, name in BANDS[instrument] if total <= top)
    return Result(total, band, instrument == "phq9" and answers[8] > 0)
