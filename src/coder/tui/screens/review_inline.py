"""Deciding suggestions without leaving the Coding screen: `a` and `x` on the selection.

They act on the first pending suggestion the segment strip lists for the selection (the best
scored), so what the researcher reads there is what the key decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coder.domain.coding import Coding, Origin
from coder.domain.suggestion import Decision
from coder.services import review
from coder.tui.widgets.codes import code_name
from coder.tui.widgets.segment import pending_first

if TYPE_CHECKING:
    from coder.tui.app import CoderApp

SUGGESTED = (Origin.RULE, Origin.MODEL)
"""Origins of suggestions (a pending coding from a file is no suggestion to decide here)."""


def decide_first(app: CoderApp, selected: Sequence[Coding], decision: str) -> bool:
    """Accept or reject the first suggestion of the selection; True when one was decided."""
    chosen = Decision(decision)
    here = [c for c in pending_first(selected, app.codebook) if c.origin in SUGGESTED]
    if not here:
        app.notify("no suggestion here to accept or reject", severity="warning", timeout=3)
        return False
    first = here[0]
    done = app.attempt(review.decide, app.project, [first.id], chosen)
    if done is None:
        return False
    verb = "accepted" if chosen is Decision.ACCEPT else "rejected"
    name = code_name(app.codebook, first.code)
    app.notify(f"{verb}: {name}" if done else f"already decided: {name}", timeout=2)
    app.retraining.count(done)  # towards the next retrain, as in the Review screen
    return True
