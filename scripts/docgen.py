"""Generators for the reference parts of docs/ (run by cog: `make docs`, checked by `make lint`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import cog  # type: ignore[import-not-found]
from typer.main import get_command

from recoverwell.cli import app
from recoverwell.core.config import Settings


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, (*path, name))


def _option_rows(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if param.param_type_name != "option" or param.hidden:
            continue
        names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        default = param.default
        shown = (
            "" if default in (None, False, ()) or callable(default) else f" (default: `{default}`)"
        )
        envvar = f" [env: `{param.envvar}`]" if param.envvar else ""
        rows.append(f"| {names} | {(param.help or '').strip()}{shown}{envvar} |")
    return rows


def cli_reference() -> None:
    """Every command: its help (with the example) and its options."""
    for path, command in _walk(get_command(app)):
        title = " ".join(("recoverwell", *path))
        cog.outl(f"### `{title}`\n")
        cog.outl((command.help or "").replace("\b\n", "").strip() + "\n")
        rows = _option_rows(command)
        if rows:
            cog.outl("| Option | Meaning |\n| --- | --- |")
            for row in rows:
                cog.outl(row)
            cog.outl("")


def settings_reference() -> None:
    """Every setting: environment variable, default and description."""
    cog.outl("| Setting | Environment variable | Default | Meaning |\n| --- | --- | --- | --- |")
    for name, field in Settings.model_fields.items():
        default = "platformdirs user data dir" if field.default_factory else repr(field.default)
        if isinstance(field.default, date):  # as it is written in the config file
            default = f"`{field.default.isoformat()}`"
        cog.outl(f"| `{name}` | `RECOVERWELL_{name.upper()}` | {default} | {field.description} |")


def readiness_settings_reference() -> None:
    """Every readiness setting: name, default and description (advice/readiness_settings.py)."""
    from recoverwell.advice.readiness_settings import ReadinessSettings

    cog.outl("| Setting | Default | Meaning |\n| --- | --- | --- |")
    for name, field in ReadinessSettings.model_fields.items():
        cog.outl(f"| `{name}` | {field.default!r} | {field.description} |")


def recovery_metrics_reference() -> None:
    """The registered metrics of the recovery families, from the registry."""
    from recoverwell.metrics import body, hrv, rhr, sleep, wellness
    from recoverwell.metrics.registry import METRICS

    families = [m.__name__.rsplit(".", 1)[-1] for m in (hrv, rhr, sleep, wellness, body)]
    cog.outl("| Symbol | Title | Units | Inputs | Source |\n| --- | --- | --- | --- | --- |")
    for family in families:
        for spec in (s for s in METRICS.values() if s.family == family):
            inputs = ", ".join(f"`{i}`" for i in spec.inputs)
            row = (f"`{spec.symbol}`", spec.title, spec.units, inputs, spec.source)
            cog.outl("| " + " | ".join(row) + " |")


def _param_text(value: Any) -> str:
    import inspect

    if value is inspect.Parameter.empty:
        return "required"
    return f"`{value.value if hasattr(value, 'value') else value}`"


def metrics_reference() -> None:
    """Every registered metric, by family: spec, parameters and the documented formula."""
    from recoverwell.metrics import METRIC_FAMILIES, load_metric_families, registry

    load_metric_families()
    cog.outl("## Base series\n")
    cog.outl("The app layer builds these from the store; metrics take them as inputs.\n")
    cog.outl("| Input | Units | Meaning |\n| --- | --- | --- |")
    for spec in sorted(registry.INPUTS.values(), key=lambda s: s.symbol):
        cog.outl(f"| `{spec.symbol}` | {spec.units} | {spec.description} |")
    cog.outl("")
    for family in METRIC_FAMILIES:
        specs = [s for s in registry.METRICS.values() if s.family == family]
        cog.outl(f"## `{family}`\n")
        for spec in specs:
            cog.outl(f"### `{spec.symbol}`: {spec.title}\n")
            params = ", ".join(f"`{k}` {_param_text(v)}" for k, v in spec.params.items())
            cog.outl("| Units | Inputs | Aggregation | Validity | Parameters |")
            cog.outl("| --- | --- | --- | --- | --- |")
            inputs = ", ".join(f"`{i}`" for i in spec.inputs)
            cog.outl(
                f"| {spec.units} | {inputs} | {spec.aggregation} | "
                f"{spec.validity.name.lower()} ({int(spec.validity)}) | {params or '–'} |\n"
            )
            cog.outl(spec.doc + "\n")


def red_flags_reference() -> None:
    """The red-flag table (advice/red_flags.py): pattern, signals, lookback, severity, action."""
    from recoverwell.advice.red_flags import RULES

    cog.outl(
        "| Rule | Pattern | Signals | Lookback | Severity | Action | Source |\n"
        "| --- | --- | --- | --- | --- | --- | --- |"
    )
    for r in RULES:
        signals = ", ".join(f"`{s}`" for s in r.signals)
        row = (
            f"`{r.rule_id}`",
            r.trigger,
            signals,
            f"{r.lookback_d} d",
            r.severity.value.upper(),
            f"`{r.action.value}`",
            r.source,
        )
        cog.outl("| " + " | ".join(row) + " |")
