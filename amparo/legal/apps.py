from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "amparo.legal"
    label = "legal"
    verbose_name = _("Legal cases")
    default_auto_field = "django.db.models.BigAutoField"
    amparo_nav = [(30, "legal:list", _("Cases"), "cases.view"), (31, "legal:due", _("Deadlines"), "cases.view")]

    def ready(self) -> None:
        from amparo.accounts.roles import has_capability
        from amparo.core import panels
        from amparo.people.policies import register_grants

        from . import (
            people_grants,
            policies,  # noqa: F401  (registers the case policies with the gate)
            search,  # noqa: F401  (registers the global-search provider)
        )
        from .selectors import cases_for_person, due_soon

        # The attorney, paralegal and emergency-grant holders of a case open its people's pages.
        register_grants("legal.cases", person_ids=people_grants.person_ids, allows=people_grants.allows)
        # Merging two people who are parties to the same case combines their party rows.
        from amparo.people.services import MERGE_HOOKS

        from .party_merge import PartyMergeHook

        MERGE_HOOKS["legal.parties"] = PartyMergeHook()

        panels.register("dashboard", "legal.due_soon", order=10, capability="cases.view",
                        template="legal/_due_soon_widget.html",
                        context=lambda request, obj: {"due_items": due_soon(request.user, days=14)})
        panels.register("person", "legal.cases", order=20, capability="cases.view",
                        template="legal/_person_cases.html",
                        context=lambda request, person: {
                            "person": person, "cases": cases_for_person(request.user, person)[:50],
                            "can_open": has_capability(request.user, "cases.create")})
