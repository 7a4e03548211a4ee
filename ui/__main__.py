"""``python -m ui``: the ``portfolio`` command of this source tree (as the entry point would
run it), for a checkout that is not the installed one."""

from ui.cli import app

app(prog_name="portfolio")
