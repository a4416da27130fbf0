"""What goes wrong with PDFs, in words a user can act on.

Every error here is a :class:`PdfProblem`; ``str(error)`` is its message in the language active
when it is read (the messages are translated lazily), so a view can show it as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


class PdfProblem(Exception):
    """A PDF (or an image given as evidence) that cannot be used as asked.

    ``item`` names the file it is about (an exhibit's title in a packet), ``detail`` keeps the
    technical reason from the PDF library for logs; neither is needed to understand the message.
    """

    message: Any = _("This PDF cannot be used.")

    def __init__(self, *, item: str | None = None, detail: str = "", params: Mapping[str, Any] | None = None):
        self.item = item
        self.detail = detail
        self.params = dict(params or {})
        super().__init__(str(self.message))

    def with_item(self, item: str) -> PdfProblem:
        """The same problem, naming the file it is about."""
        self.item = item
        return self

    def __str__(self) -> str:
        text = str(self.message) % self.params if self.params else str(self.message)
        if self.item:
            return str(_("%(item)s: %(problem)s")) % {"item": self.item, "problem": text}
        return text


class NotAPdf(PdfProblem):
    message = _("This file is not a PDF.")


class DamagedPdf(PdfProblem):
    message = _("This PDF is damaged and cannot be read. Open it and save or print it again as a new PDF, "
                "then try again.")


class EncryptedPdf(PdfProblem):
    message = _("This PDF is protected with a password. Ask for an unprotected copy, or open it with the "
                "password and print it to a new PDF, then try again.")


class XfaOnlyForm(PdfProblem):
    message = _("This form is an XFA (Adobe LiveCycle) form: its fields exist only for Adobe Reader and "
                "cannot be filled here. Get a version of the form with ordinary fillable fields (AcroForm).")


class NoFormFields(PdfProblem):
    message = _("This PDF has no fillable fields.")


class UnsupportedFile(PdfProblem):
    message = _("This file is neither a PDF nor a JPEG or PNG image.")


class DamagedImage(PdfProblem):
    message = _("This image is damaged or too large to be read.")


@dataclass(frozen=True)
class Problem:
    """One value that cannot go into a form: which field, a code for programs, and the message.

    Codes: ``unknown_field``, ``not_fillable``, ``not_boolean``, ``not_an_option``,
    ``too_long``, ``not_text``, ``single_line``, ``not_a_list``, ``ambiguous``.
    """

    field: str
    code: str
    template: Any
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in the active language, naming the field."""
        text = str(self.template) % {**self.params, "field": self.field}
        return text

    def __str__(self) -> str:
        return self.message


class FormValueError(PdfProblem):
    """Values that cannot go into the form; ``problems`` lists every one of them, not only the first."""

    message = _("Some values cannot go into this form.")

    def __init__(self, problems: list[Problem], *, item: str | None = None):
        self.problems = list(problems)
        super().__init__(item=item)

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(f"- {problem.message}" for problem in self.problems)])
