"""Write the demo project's theme summary report into docs/, as the README links it.

Builds the demo project (codebooks/ and corpora/) in a temporary folder, then writes
docs/demo-report.html and docs/demo-report.md with its charts beside it, as
`coder report --coder karin --by organisation_type` does: karin coded every source, johan four
of them again (for agreement), so counting karin's codings counts each passage once. Run it
again whenever reports or the demo change:

    .venv/bin/python docs/make_report.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from coder.services.reports.content import build_report
from coder.services.reports.document import write_report
from coder.services.reports.scope import Scope
from coder.services.setup import build_demo

DOCS = Path(__file__).resolve().parent
BY = "organisation_type"
CODER = "karin"


def main() -> int:
    """Build the demo project and write both reports; print the files written."""
    with tempfile.TemporaryDirectory() as folder, build_demo(Path(folder) / "demo.db") as project:
        report = build_report(project, Scope(coder=CODER), by=BY)
        for suffix in ("html", "md"):
            for path in write_report(report, DOCS / f"demo-report.{suffix}"):
                print(path.relative_to(DOCS.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
