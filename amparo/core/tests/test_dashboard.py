from django.test import Client

from amparo.accounts.roles import Role
from amparo.core import panels
from amparo.core.testing import sign_in


def test_modules_add_panels_to_the_dashboard_for_the_roles_that_may_see_them(make_user, monkeypatch, tmp_path,
                                                                             settings):
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "panel.html").write_text('<section class="panel"><h2>{{ title }}</h2></section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]
    monkeypatch.setattr(panels, "_panels", {})
    panels.register("dashboard", "t.audit", template="t/panel.html", capability="audit.view",
                    context=lambda request, obj: {"title": "Only for administrators"})
    panels.register("dashboard", "t.hidden", template="t/panel.html", context=lambda request, obj: None)
    admin = sign_in(Client(), make_user(Role.ADMINISTRATOR)).get("/").content.decode()
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER)).get("/").content.decode()
    assert "Only for administrators" in admin and "Only for administrators" not in volunteer
