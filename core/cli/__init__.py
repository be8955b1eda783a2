"""The shell's commands (``huiju users``, ``backup``, ``i18n``) and the output rules every
package's commands follow (``fail``, ``emit_json``; see ``core.cli.output``)."""

from __future__ import annotations

from core.cli.output import emit_json, fail, one_line

__all__ = ["emit_json", "fail", "one_line"]
