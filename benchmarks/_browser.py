"""The app served from a thread and Debian's headless chromium, for the web-app benchmark."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from portfolio.services.workspace import Workspace
from ui.app import create_app


@contextmanager
def served(workspace: Workspace) -> Iterator[str]:
    """The app on a free localhost port, from a thread, as ``portfolio serve`` runs it."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, create_app(workspace).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


# Debian's chromium, headless, with nothing reaching out to the network (this machine's
# closed network refuses such connections); the browser tests use the same flags.
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
CHROMIUM_FLAGS = (*HEADLESS_FLAGS, "--window-size=1600,1200")


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium and chromium-driver (nothing is downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, script: str, *args: Any, timeout: float = 120) -> None:
    """Poll ``script`` (a JavaScript ``return`` body) every 10 ms until it returns true."""
    deadline = time.perf_counter() + timeout
    while not driver.execute_script(script, *args):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not drawn within {timeout} s: {script[:120]}")
        time.sleep(0.01)


def timed_visit(driver: Any, url: str, script: str, *args: Any) -> float:
    """Seconds from navigating to ``url`` until ``script`` holds."""
    driver.get("about:blank")
    began = time.perf_counter()
    driver.get(url)
    wait_for(driver, script, *args)
    return time.perf_counter() - began


def timed_change(driver: Any, component: str, value: Any, script: str, *args: Any) -> float:
    """Seconds from setting ``component``'s value (as its dropdown would) until ``script``.

    ``dash_clientside.set_props`` is Dash's own way to set a property from the page; it
    triggers the same callback request a click on the dropdown does.
    """
    began = time.perf_counter()
    driver.execute_script(
        "window.dash_clientside.set_props(arguments[0], {value: arguments[1]});", component, value
    )
    wait_for(driver, script, *args)
    return time.perf_counter() - began
