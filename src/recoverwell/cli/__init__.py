"""The ``recoverwell`` command line: a thin skin over ``recoverwell.app``."""

from recoverwell.cli.root import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
