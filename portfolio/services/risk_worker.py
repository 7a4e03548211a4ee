"""Re-planned risk samples, solved in a worker process (local pool or Celery worker).

A task is a chunk of sample indices with everything re-planning needs as plain values
(:func:`portfolio.scenarios.risk_replan.setup_to_dict`) and that setup's key (a SHA-256 of
its JSON). The worker keeps the last setup it read, so the chunks of one simulation parse
the problem once per process; it needs no database. What comes back is each sample's
figures (:func:`~portfolio.scenarios.risk_replan.sample_to_dict`): a few hundred bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from portfolio.scenarios.risk_replan import (
    ReplanSetup,
    replan_sample,
    sample_to_dict,
    setup_from_dict,
)

RISK_TASK = "portfolio.risk_samples"
_setups: dict[str, ReplanSetup] = {}


def setup_key(raw: Mapping[str, Any]) -> str:
    """The key of a setup's plain values: the same setup, the same key, in any process."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def chunk_payload(key: str, raw: Mapping[str, Any], indices: Sequence[int]) -> dict[str, Any]:
    """The task's argument: the setup, its key and the samples to re-plan."""
    return {"key": key, "setup": raw, "indices": list(indices)}


def replan_chunk(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Re-plan the chunk's samples; returns their figures as plain values, in order."""
    key = payload["key"]
    setup = _setups.get(key)
    if setup is None:
        _setups.clear()  # one simulation at a time keeps its problem in memory
        setup = _setups[key] = setup_from_dict(payload["setup"])
    return [sample_to_dict(replan_sample(setup, int(i))) for i in payload["indices"]]


TASKS = {RISK_TASK: replan_chunk}


def run_task(name: str, payload: Mapping[str, Any]) -> Any:
    """Run the task ``name`` here (a local worker process, or in-process)."""
    return TASKS[name](payload)
