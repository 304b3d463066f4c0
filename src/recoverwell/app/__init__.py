"""The scriptable Python API: every interface (CLI, web, reports) calls this layer."""

from recoverwell.app.workspace import Workspace, open_workspace

__all__ = ["Workspace", "open_workspace"]
