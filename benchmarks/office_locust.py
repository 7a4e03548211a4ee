"""The simulated office users of ``python -m benchmarks.office_load`` (a locust file).

Each user signs in once with its own account, then, with a pause of one to three seconds
between steps as a person reading would, opens pages (the page's shell, then its content
callback), filters 项目库 by county and text, opens 甘特图 for a county, and now and then
downloads the plan's workbook. Every request goes through sign-in and CSRF exactly as the
browser's do: the renderer's ``X-CSRFToken`` header from the ``_csrf_token`` cookie.

Requests are named by kind (``page /gantt``, ``filter 项目库``…), so that locust's statistics
give the latency of each kind. The accounts are ``BENCH_USER_PREFIX`` + a number, all with the
password in ``BENCH_PASSWORD``; the driver creates them.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from typing import Any, ClassVar

from locust import HttpUser, between, task

from ui import ids

USER_PREFIX = os.environ.get("BENCH_USER_PREFIX", "bench")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
COUNTIES = ("晋江市", "南安市", "丰泽区", "鲤城区", "石狮市", "安溪县", "福清市", "德化县")
SEARCHES = ("", "", "实验室", "创新", "产业", "平台")
PAGES = ("/", "/portfolio", "/funding", "/indicators", "/gantt", "/overlap", "/scenarios")
_numbers = itertools.count(1)


def _callback(dep: dict[str, Any], values: dict[str, Any]) -> str:
    """The JSON body dash-renderer posts to ``/_dash-update-component`` for the callback
    ``dep`` (as ``/_dash-dependencies`` lists it), its inputs and states set from ``values``
    (``"id.property"``), the others empty; the first of ``values`` is the one that changed."""

    def given(items: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    output = str(dep["output"])
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in output.strip(".").split("...")
    ]
    inputs = given(dep["inputs"])
    body = {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": given(dep.get("state", [])),
        "changedPropIds": [next(iter(values))],
    }
    return json.dumps(body, ensure_ascii=False)


class OfficeUser(HttpUser):
    """A planner or head of office reading and filtering the portfolio."""

    wait_time = between(1, 3)
    dependencies: ClassVar[list[dict[str, Any]]] = []  # read once, by the first user

    def on_start(self) -> None:
        number = next(_numbers)
        page = self.client.get("/signin", name="sign-in page").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "the sign-in page carries its CSRF token"
        self.client.post(
            "/signin",
            data={
                "name": f"{USER_PREFIX}{number:02d}",
                "password": PASSWORD,
                "csrf_token": token.group(1),
            },
            name="sign in",
        )
        if not OfficeUser.dependencies:
            deps = self.client.get("/_dash-dependencies", name="callbacks list").json()
            OfficeUser.dependencies = deps

    def _body(self, component: str, values: dict[str, Any]) -> str:
        """The body of the callback whose outputs include ``component`` (the first such, as
        listed; the one whose inputs include those of ``values``)."""
        for dep in OfficeUser.dependencies:
            listed = {f"{item['id']}.{item['property']}" for item in dep["inputs"]}
            if f"{component}." in dep["output"] and set(values) <= listed:
                return _callback(dep, values)
        raise LookupError(component)

    def _post(self, name: str, body: str) -> None:
        token = self.client.cookies.get("_csrf_token") or ""
        with self.client.post(
            "/_dash-update-component",
            data=body.encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 204):
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(4)
    def open_a_page(self) -> None:
        path = random.choice(PAGES)
        self.client.get(path, name="page shell")
        county = random.choice(COUNTIES)
        search = f"?county={county}" if path in ("/portfolio", "/gantt", "/overlap") else ""
        body = self._body(
            "_pages_content",
            {"_pages_location.pathname": path, "_pages_location.search": search},
        )
        self._post(f"page {path}", body)

    @task(3)
    def filter_the_projects(self) -> None:
        body = self._body(
            ids.PROJECTS_GRID,
            {
                f"{ids.PROJECTS_COUNTY}.value": random.choice(COUNTIES),
                f"{ids.PROJECTS_SEARCH}.value": random.choice(SEARCHES),
            },
        )
        self._post("filter 项目库", body)

    @task(2)
    def open_a_countys_gantt(self) -> None:
        body = self._body(ids.GANTT_GRAPH, {f"{ids.GANTT_COUNTY}.value": random.choice(COUNTIES)})
        self._post("甘特图 callback", body)

    @task(1)
    def download_the_workbook(self) -> None:
        body = self._body(
            ids.OVERVIEW_EXPORT_DOWNLOAD, {f"{ids.OVERVIEW_EXPORT_BUTTON}.n_clicks": 1}
        )
        self._post("workbook download", body)
