"""Stable GUIDs for what a project exports, so that two exports of a project diff cleanly.

Each GUID is a UUID5 over the project's own UUID (the `project_uuid` setting, made on first
need) and the exported thing's identity: a code's id, a source's name, a coding's id, a
coder's name. Another project, even with the same codes, gets other GUIDs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from coder.services.project import Project
from coder.storage import codes as code_store

PROJECT_UUID = "project_uuid"
"""The project setting that holds the project's UUID."""


@dataclass(frozen=True)
class Guids:
    """Makes the GUID of each exported thing from the project's UUID."""

    namespace: uuid.UUID

    @classmethod
    def of_project(cls, project: Project) -> Guids:
        """The GUIDs of a project, giving it a UUID first if it has none yet."""
        value = code_store.get_setting(project.conn, PROJECT_UUID)
        if value is None:
            with project.transaction() as conn:
                value = code_store.get_setting(conn, PROJECT_UUID) or str(uuid.uuid4())
                code_store.set_setting(conn, PROJECT_UUID, value)
        return cls(uuid.UUID(value))

    @classmethod
    def if_any(cls, project: Project) -> Guids | None:
        """The GUIDs of a project that has exported before, else None (nothing is written)."""
        value = code_store.get_setting(project.conn, PROJECT_UUID)
        return None if value is None else cls(uuid.UUID(value))

    def of(self, kind: str, key: object) -> str:
        """The GUID of the `kind` of thing ("code", "source", …) identified by `key`."""
        return str(uuid.uuid5(self.namespace, f"{kind}:{key}"))
