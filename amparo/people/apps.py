from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, SearchSource


class PeopleConfig(AmparoAppConfig):
    name = "amparo.people"
    label = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        Nav(10, "people:list", _("People"), "people.view"),
        Nav(15, "people:intake", _("Intake"), "people.create"),
    ]
    policies = "amparo.people.policies"
    search_sources = [SearchSource("people", _("People"), "amparo.people.search.people_provider")]
    audit_actions = {
        "person.create": _("Person added"),
        "person.update": _("Person's details changed"),
        "person.restriction": _("Confidentiality of a person changed"),
        "people.restricted_match": _("A restricted record may match (said, not shown)"),
        "people.restricted_match.new_anyway": _("New record opened by a supervisor despite a restricted match"),
        "restricted.card_view": _("Front-desk card of a restricted person opened"),
        "person.relationship.add": _("Relationship added"),
        "person.household.create": _("Household created"),
        "person.household.add": _("Member added to a household"),
        "person.household.change": _("Household member changed"),
        "person.household.remove": _("Member removed from a household"),
        "person.intake": _("Intake recorded"),
        "person.merge": _("Two records of a person merged"),
        "person.merge.undo": _("Merge of two people undone"),
        "person.duplicate.distinct": _("Marked as different people, not duplicates"),
        "person.duplicates.start": _("Search for duplicates started"),
        "person.linkage.fit": _("Matching weights estimated from the people on file"),
        "person.export": _("People exported"),
        "conflict.check": _("Conflict check run"),
        "conflict.waive": _("Possible conflict waived"),
    }
