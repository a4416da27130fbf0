"""A page's title is a few words shown on the browser's tab and in its history (on a shared phone
too): never markup. Twice a form was pasted into a title block by mistake, and the tab showed it."""

import re
from pathlib import Path

import amparo

TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_no_title_block_holds_markup():
    root = Path(amparo.__file__).parent
    wrong = []
    for template in root.glob("**/templates/**/*.html"):
        for title in TITLE.findall(template.read_text(encoding="utf-8")):
            if "<" in title or "\n" in title.strip():
                wrong.append(f"{template.relative_to(root)}: {title.strip()[:60]!r}")
    assert not wrong, wrong
