"""``python -m commands``: the ``portfolio`` command of this source tree (as the entry point)."""

from commands.main import app

app(prog_name="portfolio")
