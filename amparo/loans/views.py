"""Pages of the loan book and the ledger. Thin: the gate, a form, a service, a template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from amparo.core import exports, paging
from amparo.core.i18n import language
from amparo.core.pdf import html_to_pdf
from amparo.core.permissions import CHANGE, CREATE, can, get_visible_or_404, require, restrict
from amparo.people.models import Person
from amparo.people.policies import visible_people_q

from . import ledger, services
from . import schedule as sched
from .forms import DateForm, EnterpriseForm, PrepareForm, ProductForm, RepayForm, RescheduleForm, SalesForm, VisitForm
from .models import (
    Enterprise,
    JournalEntry,
    LiteracyCompletion,
    Loan,
    LoanProduct,
    LoanTransaction,
    PortfolioDay,
    ProvisionPolicy,
)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def loan_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "loans.view")
    status = request.GET.get("status", "")
    qs = restrict(Loan.objects.select_related("borrower", "product", "group"), request.user)
    if status in Loan.Status.values:
        qs = qs.filter(status=status)
    page = paging.get_page(Paginator(qs.order_by("-pk"), 25), request.GET.get("page"))
    return render(request, "loans/list.html", {
        "page": page, "status": status, "statuses": Loan.Status.choices,
        "can_create": can(request.user, CREATE, Loan), "portfolio": PortfolioDay.objects.first()})


def loan_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "loans.prepare")
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:100]
    people = Person.objects.filter(visible_people_q(request.user), merged_into__isnull=True)
    if query:
        for word in query.split()[:4]:
            people = people.filter(Q(given_names__icontains=word) | Q(first_surname__icontains=word)
                                   | Q(second_surname__icontains=word))
    else:
        people = people.none()
    people = people.order_by("first_surname", "given_names")
    chosen = request.GET.get("person") or request.POST.get("borrower")
    if chosen and str(chosen).isdigit():
        people = people | Person.objects.filter(visible_people_q(request.user), pk=chosen)
    people = Person.objects.filter(pk__in=list(people.values_list("pk", flat=True)[:50])).order_by(
        "first_surname", "given_names")
    form = PrepareForm(request.POST or None, people=people,
                       initial={"borrower": chosen} if chosen else None)
    if request.method == "POST" and form.is_valid():
        try:
            loan = services.prepare_loan(borrower=form.cleaned_data["borrower"], product=form.cleaned_data["product"],
                                         amount=form.cleaned_data["amount"], purpose=form.cleaned_data["purpose"],
                                         by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Loan application prepared; another person must approve it."))
            return redirect("loans:detail", pk=loan.pk)
    return render(request, "loans/new.html", {"form": form, "q": query, "found": people})


def _loan(request: HttpRequest, pk: int) -> Loan:
    return get_visible_or_404(request.user, Loan.objects.select_related(
        "borrower", "product", "group", "prepared_by", "approved_by"), pk=pk)


RECENT = 25  # transactions on the loan page; the statement lists them all


def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "loans.view")
    loan = _loan(request, pk)
    today = timezone.localdate()
    versions = list(loan.schedules.prefetch_related("installments").order_by("-number"))
    current = next((v for v in versions if v.current), None)
    at = services.position(loan, today, schedule=current,
                           installments=current.installments.all() if current else None)
    transactions = list(loan.transactions.select_related("reverses", "created_by")
                        .prefetch_related("reversed_by").order_by("-on", "-pk")[:RECENT + 1])
    user = request.user
    may_change = can(user, CHANGE, loan)
    context = {
        "loan": loan, "current": current, "history": [v for v in versions if not v.current], "at": at,
        "transactions": transactions[:RECENT], "more_transactions": len(transactions) > RECENT, "today": today,
        "reverse_url": reverse("loans:action", args=[loan.pk, "reverse"]),
        "members": loan.group.loans.select_related("borrower").exclude(pk=loan.pk) if loan.group_id else [],
        "literacy": LiteracyCompletion.objects.filter(person=loan.borrower_id).first(),
        "can_approve": loan.status == Loan.Status.PENDING and can(user, "loans.approve")
        and loan.prepared_by_id != user.pk,
        "can_transact": may_change, "can_write_off": may_change and can(user, "loans.write_off"),
        "can_prepare": can(user, CREATE, Loan),
        "repay_form": RepayForm(initial={"on": today}, auto_id="repay_%s"),
        **{f"{name}_form": DateForm(initial={"on": today}, auto_id=f"{name}_%s")
           for name in ("disburse", "payoff", "write_off", "literacy")},
        "reschedule_form": RescheduleForm(initial={"on": today, "term": loan.term, "frequency": loan.frequency},
                                          auto_id="reschedule_%s"),
        "payoff": services.payoff_amount(loan, today) if loan.status == Loan.Status.ACTIVE else None,
    }
    return render(request, "loans/detail.html", context)


ACTIONS = ("approve", "reject", "disburse", "repay", "payoff", "write_off", "reverse", "reschedule", "literacy")


@require_POST
def loan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    require(request.user, "loans.view")
    user = request.user
    if action in ("approve", "reject"):
        loan = _loan(request, pk)
        if not can(user, "loans.approve"):
            raise PermissionDenied
    elif action == "literacy":
        loan = _loan(request, pk)
        if not can(user, CREATE, LiteracyCompletion):
            raise PermissionDenied
    else:
        loan = get_visible_or_404(user, Loan.objects, action=CHANGE, pk=pk)
        if action == "write_off" and not can(user, "loans.write_off"):
            raise PermissionDenied
    form: Any = {"repay": RepayForm, "reschedule": RescheduleForm}.get(action, DateForm)(request.POST)
    if action not in ("approve", "reject") and not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("loans:detail", pk=loan.pk)
    data = form.cleaned_data if action not in ("approve", "reject") else {}
    try:
        if action == "approve":
            services.approve_loan(loan=loan, by=user)
            messages.success(request, _("Loan approved."))
        elif action == "reject":
            services.reject_loan(loan=loan, by=user)
            messages.success(request, _("Loan rejected."))
        elif action == "disburse":
            services.disburse(loan=loan, on=data["on"], by=user)
            messages.success(request, _("Disbursement recorded."))
        elif action == "repay":
            services.repay(loan=loan, amount=data["amount"], on=data["on"], by=user)
            messages.success(request, _("Repayment recorded."))
        elif action == "payoff":
            services.prepay(loan=loan, on=data["on"], by=user)
            messages.success(request, _("The loan is paid off."))
        elif action == "write_off":
            services.write_off(loan=loan, on=data["on"], by=user)
            messages.success(request, _("The loan is written off."))
        elif action == "reverse":
            txn = get_visible_or_404(user, LoanTransaction.objects.filter(loan=loan), pk=request.POST.get("txn") or 0)
            services.reverse(txn=txn, on=data["on"], by=user)
            messages.success(request, _("Transaction reversed."))
        elif action == "reschedule":
            services.reschedule(loan=loan, on=data["on"], term=data["term"], frequency=data["frequency"], by=user,
                                reason=data["reason"])
            messages.success(request, _("New schedule made; the earlier one is kept below."))
        elif action == "literacy":
            services.record_literacy(person=loan.borrower, completed_on=data["on"], by=user)
            messages.success(request, _("Course completion recorded."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("loans:detail", pk=loan.pk)


def products(request: HttpRequest) -> HttpResponse:
    require(request.user, "loans.view")
    may_create = can(request.user, CREATE, LoanProduct)
    form = ProductForm(request.POST or None) if may_create else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_product(by=request.user, fields=form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Product saved."))
                return redirect("loans:products")
    items = restrict(LoanProduct.objects.all(), request.user)[:200]
    return render(request, "loans/products.html", {"products": items, "form": form})


def trial_balance(request: HttpRequest) -> HttpResponse:
    require(request.user, "ledger.view")
    rows = ledger.trial_balance()
    entries = paging.get_page(Paginator(restrict(JournalEntry.objects.prefetch_related("lines"), request.user)
                                        .order_by("-on", "-pk"), 25), request.GET.get("page"))
    debits, credits = sum(r.debit for r in rows), sum(r.credit for r in rows)
    return render(request, "loans/ledger.html", {"rows": rows, "debits": debits, "credits": credits,
                                                 "difference": debits - credits, "entries": entries,
                                                 "can_export": can(request.user, "ledger.export"),
                                                 **_provisioning()})


def _provisioning() -> dict[str, Any]:
    """The provisioning policy in force and the last close of business's reserve by bucket."""
    portfolio, policy = PortfolioDay.objects.first(), ProvisionPolicy.in_force(timezone.localdate())
    rows = []
    for name, percent in (policy.percents().items() if policy else []):
        figures = (portfolio.buckets if portfolio else {}).get(name) or {}
        label = pgettext("loan not late", "Current") if name == "current" else name
        rows.append({"label": label, "percent": percent, "loans": figures.get("loans"),
                     "amount": figures.get("amount"), "reserve": figures.get("reserve")})
    return {"portfolio": portfolio, "policy": policy, "policy_rows": rows}


def journal_csv(request: HttpRequest) -> StreamingHttpResponse:
    require(request.user, "ledger.export")
    response = StreamingHttpResponse(exports.get("loans.journal").stream_csv(request.user),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal.csv"'
    return response


def _pdf(request: HttpRequest, loan: Loan, template: str, name: str, extra: dict[str, Any]) -> HttpResponse:
    with language(loan.borrower.preferred_language):
        html = render_to_string(template, {"loan": loan, **extra})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{loan.pk}.pdf"'
    return response


def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The loan agreement in the borrower's language: schedule, total cost of credit, APR."""
    require(request.user, "loans.view")
    loan = _loan(request, pk)
    current = services.current_schedule(loan)
    start = current.start if current else timezone.localdate()
    built = sched.build(loan.terms(start=start, principal=current.principal if current else None))
    return _pdf(request, loan, "loans/pdf/agreement.html", "agreement", {"schedule": built})


def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "loans.view")
    loan = _loan(request, pk)
    today = timezone.localdate()
    current = services.current_schedule(loan)
    return _pdf(request, loan, "loans/pdf/statement.html", "statement", {
        "today": today, "at": services.position(loan, today, schedule=current),
        "transactions": loan.transactions.order_by("on", "pk"),
        "installments": current.installments.all() if current else []})


def _borrowers(user: Any) -> Any:
    """Owners to choose from: borrowers of loans the user may see."""
    loans = restrict(Loan.objects.all(), user)
    return Person.objects.filter(pk__in=loans.values("borrower_id")).order_by("first_surname", "given_names")[:500]


def enterprises(request: HttpRequest) -> HttpResponse:
    require(request.user, "loans.view")
    may_create = can(request.user, CREATE, Enterprise)
    people = Person.objects.filter(pk__in=[p.pk for p in _borrowers(request.user)]) if may_create else None
    form = EnterpriseForm(request.POST or None, people=people) if may_create else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            owners = data.pop("owners")
            try:
                enterprise = services.save_enterprise(by=request.user, fields=data, owners=owners)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Enterprise recorded."))
                return redirect("loans:enterprise", pk=enterprise.pk)
    page = paging.get_page(Paginator(restrict(Enterprise.objects.prefetch_related("owners"), request.user), 25),
                           request.GET.get("page"))
    return render(request, "loans/enterprises.html", {"page": page, "form": form})


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "loans.view")
    enterprise = get_visible_or_404(request.user, Enterprise.objects.prefetch_related("owners"), pk=pk)
    may_change = can(request.user, CHANGE, enterprise)
    sales_form, visit_form = SalesForm(auto_id="sales_%s"), VisitForm(auto_id="visit_%s")
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if request.POST.get("what") == "sales":
            sales_form = SalesForm(request.POST, auto_id="sales_%s")
            if sales_form.is_valid():
                services.record_sales(enterprise=enterprise, month=sales_form.cleaned_data["month"],
                                      amount=sales_form.cleaned_data["amount"], by=request.user)
                messages.success(request, _("Sales recorded."))
                return redirect("loans:enterprise", pk=enterprise.pk)
        else:
            visit_form = VisitForm(request.POST, auto_id="visit_%s")
            if visit_form.is_valid():
                services.record_visit(enterprise=enterprise, by=request.user, **visit_form.cleaned_data)
                messages.success(request, _("Visit recorded."))
                return redirect("loans:enterprise", pk=enterprise.pk)
    return render(request, "loans/enterprise.html", {
        "enterprise": enterprise, "sales": enterprise.sales.all()[:60], "visits": enterprise.visits.all()[:50],
        "can_change": may_change, "sales_form": sales_form, "visit_form": visit_form})
