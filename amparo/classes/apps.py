from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, ServedSource


class ClassesConfig(AmparoAppConfig):
    name = "amparo.classes"
    label = "classes"
    verbose_name = _("Classes")
    default_auto_field = "django.db.models.BigAutoField"
    nav = [Nav(60, "classes:home", _("Classes"), "classes.view")]
    policies = "amparo.classes.policies"
    demo = "amparo.classes.demo.load"
    # Whom the classes served in a period (the reports' people served, each counted once).
    served_sources = [ServedSource("classes", _("Classes"), "amparo.classes.served.people",
                                    "amparo.classes.served.queryset")]
    audit_actions = {
        "classes.course_create": _("Course created"),
        "classes.course_change": _("Course changed"),
        "classes.term_create": _("Term created"),
        "classes.section_create": _("Section created"),
        "classes.section_change": _("Section changed"),
        "classes.sessions_generate": _("Class sessions generated"),
        "classes.session_change": _("Class session changed"),
        "classes.enrol": _("Enrolled in a class"),
        "classes.waitlist": _("Put on a class waiting list"),
        "classes.promote": _("Moved from the waiting list into a class"),
        "classes.drop": _("Dropped a class"),
        "classes.final_score": _("Final assessment recorded"),
        "classes.attendance": _("Attendance recorded"),
        "classes.certificate_issue": _("Class certificate issued"),
        "classes.questions_import": _("Practice questions imported"),
        "classes.practice_start": _("Practice interview started"),
        "classes.practice_answer": _("Practice answer recorded"),
    }
