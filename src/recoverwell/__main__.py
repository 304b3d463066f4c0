"""``python -m recoverwell`` runs the command line."""

from recoverwell.cli import main

main()
