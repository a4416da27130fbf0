from django.test import Client

from amparo.accounts.roles import Role
from amparo.core import dashboard
from amparo.core.testing import sign_in


def test_modules_add_panels_to_the_dashboard_for_the_roles_that_may_see_them(make_user, monkeypatch, tmp_path,
                                                                             settings):
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "panel.html").write_text('<section class="panel"><h2>{{ title }}</h2></section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]
    monkeypatch.setattr(dashboard, "_panels", {})
    dashboard.register("t.audit", template="t/panel.html", capability="audit.view",
                       context=lambda request: {"title": "Only for administrators"})
    dashboard.register("t.hidden", template="t/panel.html", context=lambda request: None)
    admin = sign_in(Client(), make_user(Role.ADMINISTRATOR)).get("/").content.decode()
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER)).get("/").content.decode()
    assert "Only for administrators" in admin and "Only for administrators" not in volunteer
