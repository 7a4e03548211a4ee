"""Delay-risk simulations running in the background of the web server (one thread each),
followed by a token: how many samples are done, then the report or what went wrong; and
cancellable. A re-planned simulation takes minutes; the page polls its progress instead of
holding a request open.

The web server is one process with a pool of threads (waitress), so the simulations of all
its users live here; only the newest :data:`KEPT` are kept.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from portfolio.access import Actor
from portfolio.scenarios.risk_report import RiskReport
from portfolio.services.risks import SOURCE, Risks

KEPT = 20


@dataclass
class Simulation:
    """One background simulation: samples asked for and done, then its report or error."""

    owner: str
    asked: int
    done: int = 0
    report: RiskReport | None = None
    error: Exception | None = None
    finished: bool = False
    cancel: threading.Event = field(default_factory=threading.Event)


class Simulations:
    """The background simulations of this server process, by token."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Simulation] = OrderedDict()
        self._lock = threading.Lock()

    def start(
        self,
        risks: Risks,
        text: str,
        *,
        owner: str,
        samples: int | None = None,
        seed: int | None = None,
        mode: str | None = None,
        actor: Actor | None = None,
    ) -> str:
        """Start simulating ``text``; returns the token that follows it. The scenario is
        checked here, so a wrong one is refused at once (:class:`~portfolio.scenarios.spec.
        ScenarioError`)."""
        built = risks.workspace.check_scenario(text, SOURCE)
        asked = built.spec.risk.with_samples(samples, seed).samples
        simulation = Simulation(owner, asked)
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._items[token] = simulation
            while len(self._items) > KEPT:
                self._items.popitem(last=False)

        def counted(_index: int) -> None:
            simulation.done += 1

        def work() -> None:
            try:
                simulation.report = risks.simulate(
                    text,
                    samples=samples,
                    seed=seed,
                    mode=mode,
                    cancel=simulation.cancel,
                    on_sample=counted,
                    actor=actor,
                )
            except Exception as exc:  # shown to the planner, not lost in a thread
                simulation.error = exc
            finally:
                simulation.finished = True

        threading.Thread(target=work, name="risk-simulation", daemon=True).start()
        return token

    def get(self, token: str | None, owner: str) -> Simulation | None:
        """The simulation ``token`` names, if ``owner`` started it."""
        with self._lock:
            found = self._items.get(token or "")
        return found if found is not None and found.owner == owner else None

    def cancel(self, token: str | None, owner: str) -> None:
        found = self.get(token, owner)
        if found is not None:
            found.cancel.set()
