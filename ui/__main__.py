"""``python -m ui``: the ``portfolio`` command of this source tree (as the entry point)."""

from ui.cli import app

app(prog_name="portfolio")
