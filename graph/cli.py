"""``huiju graph …``: the cooperation network's figures and files from scripts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from core.cli import emit_json, fail

# networkx and the analyses are imported by the commands that use them, not at start-up.

FORMATS = ("gexf", "graphml", "json", "csv")


@click.group()
def graph() -> None:
    """Analyse and export the cooperation network."""


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """``YYYY-MM-DD``, or a bare year (the start or end of it, depending on the option)."""
    if not value:
        return None
    try:
        if value.isdigit() and len(value) == 4:
            return date(int(value), 1, 1) if param.name == "since" else date(int(value), 12, 31)
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD) or a year") from None


def _network(since: date | None, until: date | None):
    if since and until and until < since:
        fail(f"--until {until} comes before --since {since}")
    from graph.build import build_graph
    from graph.queries import load_rows

    partners, links = load_rows()
    return build_graph(partners, links, start=since, end=until)


window = [
    click.option("--since", callback=_day, help="Links active from this date (or year)."),
    click.option("--until", callback=_day, help="Links active until this date (or year)."),
]


def with_window(command):
    for option in reversed(window):
        command = option(command)
    return command


@graph.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON only.")
@with_window
def stats(as_json: bool, since: date | None, until: date | None) -> None:
    """Print the network's size, leaders, bridges and isolates.

    Nodes, edges, components, communities, density, the leaders by each measure, bridges and
    isolated partners.
    """
    from graph import metrics

    summary = metrics.summary(_network(since, until))
    if as_json:
        emit_json(summary)
        return
    for key in ("nodes", "edges", "components", "communities", "density"):
        click.echo(f"{key:12} {summary[key]}")
    for measure, leaders in summary["top"].items():
        names = ", ".join(f"{row['slug']} ({row['value']})" for row in leaders)
        click.echo(f"top {measure:8} {names or '-'}")
    click.echo(f"bridges      {len(summary['bridges'])}")
    click.echo(f"isolated     {', '.join(summary['isolated']) or '-'}")


@graph.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (stdout if omitted); for csv a directory or a name prefix.",
)
@with_window
def export_command(fmt: str, output: Path | None, since: date | None, until: date | None) -> None:
    """Write the network as GEXF, GraphML, JSON or CSV.

    JSON is node-link JSON; CSV is two files, nodes and edges.
    """
    from graph import analysis, export

    g = _network(since, until)
    if fmt == "csv":
        _write_csv(export.to_csv(g), output)
        return
    body = {
        "gexf": lambda: export.to_gexf(g),
        "graphml": lambda: export.to_graphml(g),
        "json": lambda: analysis.json_bytes(export.to_node_link_json(g)),
    }[fmt]()
    if output is None:
        click.get_binary_stream("stdout").write(body)
        return
    _write(output, body)
    click.echo(f"wrote {output}", err=True)


def _write_csv(tables: tuple[str, str], output: Path | None) -> None:
    """``PATH-nodes.csv`` and ``PATH-edges.csv``, or ``nodes.csv``/``edges.csv`` in a directory."""
    if output is None:
        output = Path("huiju-network")
    if output.is_dir():
        targets = (output / "nodes.csv", output / "edges.csv")
    else:
        stem = output.with_suffix("") if output.suffix == ".csv" else output
        targets = (Path(f"{stem}-nodes.csv"), Path(f"{stem}-edges.csv"))
    for target, text in zip(targets, tables, strict=True):
        _write(target, text.encode("utf-8"))
        click.echo(f"wrote {target}", err=True)


def _write(path: Path, body: bytes) -> None:
    try:
        path.write_bytes(body)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


COMMANDS = (graph,)
