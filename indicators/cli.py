"""``huiju indicators …``: the template, figure imports, the framework, the index, reports."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import force_locale

from core.cli import emit_json, fail
from core.extensions import db
from core.office import office_today
from indicators.periods import parse_period

# Each command imports its work when it runs (openpyxl, ReportLab, the graph and the index):
# listing or building the app's commands stays cheap (docs/architecture.md, "Start-up").


@click.group("indicators")
def indicators_group() -> None:
    """The alliance's innovation index (双创指数): figures, framework, index, reports."""


def _period(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return str(parse_period(value))
    except ValueError as exc:
        fail(f"{name}: {exc}")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    click.echo(f"Wrote {path} ({len(data)} bytes).", err=True)


@indicators_group.command("template")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("indicators-template.xlsx"),
    show_default=True,
)
@click.option("--period", help="The period filled in (default: last year).")
def template(output: Path, period: str | None) -> None:
    """Write the XLSX template: one row per base, one column per reported indicator."""
    from indicators import queries
    from indicators.report_xlsx import template_workbook

    period = _period(period, "--period") or str(office_today().year - 1)
    bases = [(p.slug, p.name_zh, p.name_en) for p in queries.bases()]
    _write(output, template_workbook(queries.framework_in_force(), bases, period))


@indicators_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def import_file(file: Path, as_json: bool) -> None:
    """Import reported figures from an XLSX or CSV FILE (wide or long form).

    Figures already stored with the same value are left alone.
    """
    from indicators import operations
    from indicators.importing import ImportFileError

    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        result = operations.import_figures(data, by="cli")
    except ImportFileError as exc:
        db.session.rollback()
        fail(f"{file.name}: {exc}")
    db.session.commit()
    if as_json:
        emit_json(result.to_json())
        return
    click.echo(
        f"Imported {result.imported}, updated {result.updated}, unchanged {result.unchanged}."
    )
    for r in result.rejected:
        click.echo(f"  row {r.row}: {r.reason}", err=True)


@indicators_group.command("framework")
@click.option("--json", "as_json", is_flag=True, help="Print the framework in force as JSON.")
@click.option(
    "--import",
    "import_from",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Import an edited framework (XLSX/CSV) as the next version.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the framework in force as XLSX.",
)
def framework(as_json: bool, import_from: Path | None, output: Path | None) -> None:
    """Show, export or import the indicator framework."""
    from indicators import operations, queries
    from indicators.framework import FrameworkError
    from indicators.importing import ImportFileError, read_framework
    from indicators.report_xlsx import framework_workbook

    if import_from is not None:
        try:
            data = import_from.read_bytes()
            stored = queries.stored_framework()
            imported = read_framework(data, (stored.version if stored else 1) + 1)
        except OSError as exc:
            fail(f"cannot read {import_from}: {exc.strerror or exc}")
        except (ImportFileError, FrameworkError) as exc:
            fail(f"{import_from.name}: {exc}")
        operations.ensure_framework()
        operations.store_framework(imported, by="cli", note=f"imported from {import_from.name}")
        db.session.commit()
    current = queries.framework_in_force()
    if output is not None:
        _write(output, framework_workbook(current))
    if as_json:
        emit_json(current.to_json())
    elif output is None:
        for d in current.dimensions:
            click.echo(f"{d.code} {d.name_zh} {d.name_en} (weight {d.weight:g})")
            for i in current.of(d.code):
                click.echo(
                    f"  {i.code:<22} {i.direction} {i.kind:<4} {i.source:<8} {i.weight:g} "
                    f"{i.name_en} ({i.unit})"
                )


@indicators_group.command("index")
@click.option("--base-period", required=True, help="The period = 100 (a year or a quarter).")
@click.option("--json", "as_json", is_flag=True, help="Print the index as JSON on stdout.")
def index_command(base_period: str, as_json: bool) -> None:
    """Compute the index of the alliance and of every base on a base period."""
    from indicators import queries

    base = _period(base_period, "--base-period")
    mon = queries.monitoring(base)
    assert mon.result is not None
    data = mon.result.to_json()
    if as_json:
        emit_json(data)
        return
    click.echo(f"Base period {base} = 100")
    click.echo(
        "alliance: "
        + "  ".join(f"{p} {v if v is not None else '-'}" for p, v in data["alliance"].items())
    )
    for slug, series in data["partners"].items():
        click.echo(
            f"{slug}: " + "  ".join(f"{p} {v if v is not None else '-'}" for p, v in series.items())
        )
    if data["left_out"]:
        click.echo(f"{len(data['left_out'])} item(s) left out; see --json.", err=True)


@indicators_group.command("report")
@click.option("--period", required=True, help="The period reported.")
@click.option("--base-period", help="The period = 100 (default: the earliest year).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "pdf"]), required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def report_command(period: str, base_period: str | None, lang: str, fmt: str, output: Path) -> None:
    """Write the upward report of a period as XLSX or PDF."""
    period = _period(period, "--period")
    data = build_report(period, _period(base_period, "--base-period"), lang, fmt)
    _write(output, data)


def build_report(period: str, base_period: str | None, lang: str, fmt: str) -> bytes:
    """The report file's bytes (``fail``s with a reason when there is nothing to report)."""
    from indicators import queries, report
    from indicators.report_pdf import ReportError, report_pdf
    from indicators.report_xlsx import report_workbook

    # The period is reported under the framework it was collected with, not a later one.
    mon = queries.monitoring(base_period, framework=queries.framework_for(period), like=period)
    if mon.result is None or period not in mon.periods:
        fail(f"no figures for the period {period}: import them first (huiju indicators import)")
    with force_locale("zh_Hans_CN" if lang == "zh" else "en"):
        content = report.build(mon, period, lang)
    if fmt == "xlsx":
        return report_workbook(content)
    try:
        return report_pdf(content, current_app.config.get("HUIJU_PDF_FONT"))
    except ReportError as exc:
        fail(str(exc))


COMMANDS = (indicators_group,)
