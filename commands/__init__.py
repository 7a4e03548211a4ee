"""The ``portfolio`` command line (see :mod:`commands.main`)."""
