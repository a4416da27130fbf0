import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        **os.environ,
        "AMPARO_ENV": "production",
        "AMPARO_SECRET_KEY": "k" * 10 + "Zq8#vP2!mW4@xR7$tL9%nB3^hJ6&fD1*sG5(cK0)yU" + "e" * 20,
        "AMPARO_ALLOWED_HOSTS": "amparo.example.org",
        "AMPARO_VAR_DIR": str(tmp_path),
        "AMPARO_FIELD_KEYS": "Z0123456789abcdefghijklmnopqrstuvwxyzABCDE=",
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own thread
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "AMPARO_ENV": "production", "AMPARO_VAR_DIR": str(tmp_path)}
    env.pop("AMPARO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "AMPARO_SECRET_KEY must be set" in result.stderr
