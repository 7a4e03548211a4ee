"""One module per page; each calls ``dash.register_page`` and so is imported by the app only."""
