"""The command line's exit codes (docs/cli.md, "Exit codes"), in one place for every command."""

EXIT_OK = 0
EXIT_ERROR = 1  # a user or data error: one line on stderr says what and where
EXIT_USAGE = 2  # Click's usage error (unknown option, bad argument type)
EXIT_PARTIAL = 3  # import --strict rejected a file, or nightly failed an athlete; the rest done
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE: a bug, not the user's input
