"""QuickXplain as a sequence of questions, each step a value that can be followed twice.

QuickXplain (Junker, AAAI 2004) shrinks a set of constraints that cannot all hold to a
subset from which no member can be dropped: a conflict of k members among n takes about
2k·log₂(n/k) checks. Written here as a state machine instead of a recursion: ``start``
returns the first :class:`Check`; ``Check.answer`` the step that follows an answer, a new
``Check`` or :class:`Done`. Steps are immutable, so a caller may follow the likely answer
ahead of time, to ask the next question before the current one is answered (the idea of
Felfernig and others' parallelised QuickXplain): two checks at once on two cores.

The first question is whether all the candidates together fail; each later one whether a
set grown from the background fails (most of those hold). Nothing here knows what a
constraint is: members are any hashable values, kept in the order given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Member = TypeVar("Member")


@dataclass(frozen=True)
class _AfterSecond(Generic[Member]):
    """Waits for the members needed from the second half, then explains the first half."""

    background: tuple[Member, ...]
    first: tuple[Member, ...]
    then: _Continuation[Member]


@dataclass(frozen=True)
class _AfterFirst(Generic[Member]):
    """Waits for the members needed from the first half, then returns both parts."""

    needed_second: tuple[Member, ...]
    then: _Continuation[Member]


_Continuation = _AfterSecond[Member] | _AfterFirst[Member] | None


@dataclass(frozen=True)
class _Explain(Generic[Member]):
    """Explain ``candidates`` on top of ``background``; ``added``: the background grew since
    the last check, so check it first (if it already fails, no candidate is needed)."""

    background: tuple[Member, ...]
    added: bool
    candidates: tuple[Member, ...]
    then: _Continuation[Member]


@dataclass(frozen=True)
class _Split(Generic[Member]):
    """The background holds: split the candidates (one alone is needed)."""

    background: tuple[Member, ...]
    candidates: tuple[Member, ...]
    then: _Continuation[Member]


@dataclass(frozen=True)
class _Return(Generic[Member]):
    """Hand ``needed`` to the continuation."""

    needed: tuple[Member, ...]
    then: _Continuation[Member]


_Action = _Explain[Member] | _Split[Member] | _Return[Member]


@dataclass(frozen=True)
class Done(Generic[Member]):
    """The end: ``members`` cannot all hold and none can be dropped, ``None`` when all the
    candidates together hold."""

    members: tuple[Member, ...] | None


@dataclass(frozen=True)
class Check(Generic[Member]):
    """A question: can ``enforced`` all hold? ``likely_infeasible`` is the answer to expect
    (the first question, asked of a scenario known to fail, expects "no"; later ones "yes")."""

    enforced: tuple[Member, ...]
    likely_infeasible: bool
    _if_infeasible: _Action[Member] | Done[Member]
    _if_feasible: _Action[Member] | Done[Member]

    def answer(self, infeasible: bool) -> Check[Member] | Done[Member]:
        """The next step when ``enforced`` fails (``infeasible``) or holds."""
        follow = self._if_infeasible if infeasible else self._if_feasible
        return follow if isinstance(follow, Done) else _run(follow)


def start(candidates: tuple[Member, ...]) -> Check[Member] | Done[Member]:
    """The first step of explaining ``candidates``: whether they all fail together."""
    if not candidates:
        return Done(None)
    return Check(
        enforced=candidates,
        likely_infeasible=True,
        _if_infeasible=_Explain((), False, candidates, None),
        _if_feasible=Done(None),
    )


def _run(action: _Action[Member]) -> Check[Member] | Done[Member]:
    """Follow ``action`` to the next question or to the end."""
    while True:
        if isinstance(action, _Explain):
            if action.added:
                return Check(
                    enforced=action.background,
                    likely_infeasible=False,
                    _if_infeasible=_Return((), action.then),
                    _if_feasible=_Split(action.background, action.candidates, action.then),
                )
            action = _Split(action.background, action.candidates, action.then)
        elif isinstance(action, _Split):
            if len(action.candidates) == 1:
                action = _Return(action.candidates, action.then)
                continue
            half = len(action.candidates) // 2
            first, second = action.candidates[:half], action.candidates[half:]
            action = _Explain(
                action.background + first,
                bool(first),
                second,
                _AfterSecond(action.background, first, action.then),
            )
        else:
            then = action.then
            if then is None:
                return Done(action.needed)
            if isinstance(then, _AfterSecond):
                action = _Explain(
                    then.background + action.needed,
                    bool(action.needed),
                    then.first,
                    _AfterFirst(action.needed, then.then),
                )
            else:
                action = _Return(action.needed + then.needed_second, then.then)
