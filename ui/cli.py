"""The ``portfolio`` command: the portfolio commands, and ``serve``, which starts the web app.

The command line is put together here, in the top layer, so that ``portfolio`` never
imports the web app.
"""

from portfolio.cli import app
from ui.serve import serve

app.command("serve")(serve)

__all__ = ["app"]
