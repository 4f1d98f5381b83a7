"""Time talks against floors run side by side on the same machine, and write RESULTS.md.

    python benchmarks/run.py            # every goal, 100,000 records included (about 20 minutes)
    python benchmarks/run.py --quick    # fewer runs, no 100,000-record dataset

Floors (built here, in a temporary folder):
- floor_app.py: a minimal Typer app with two commands that opens the YAML file with CSafeLoader
  and prints it with json.dumps (`as-json`), or as a rich table (`table`, run on a pseudo-terminal);
- a bare `yaml.load(..., CSafeLoader)` of the scaled datasets, and `json.load` of the same
  data saved as JSON; the same two done by floor_app.py (`parse`, `load-json`) show what the
  start-up of any Typer app adds to them.

Each round runs the floor and the talks commands it is compared with one after the other, so
that a busy moment of the machine falls on both; the figures are min / median / max over the
rounds, and a ratio is talks's median over the floor's. Only the standard library, and
/usr/bin/time for peak memory. The results also replace the figures in README.md.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUNDLED = REPO / "data" / "positions.yaml"
README = REPO / "README.md"
sys.path[:0] = [str(HERE), str(REPO / "scripts")]
from scale import copy_sources, scaled_dataset, to_yaml  # noqa: E402
from terminal import run_on_terminal  # noqa: E402

FLOOR_APP = """
import json, sys
import typer
app = typer.Typer()

def records(path, side):
    import yaml
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    return [r for r in data["records"] if r.get("side") == side and r.get("kind") == "position"]

@app.command()
def as_json(path: str, side: str) -> None:
    print(json.dumps(records(path, side), ensure_ascii=False, indent=2, default=str))

@app.command()
def table(path: str, side: str) -> None:
    from rich.console import Console
    from rich.table import Table
    rows = records(path, side)
    out = Table()
    for name in ("id", "event", "topic", "status", "summary", "source"):
        out.add_column(name)
    for r in rows:
        out.add_row(*(str(r.get(k) or "") for k in ("id", "event", "topic", "status", "summary", "source")))
    Console().print(out)

@app.command()
def parse(path: str) -> None:
    import yaml
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)

@app.command()
def noop(path: str) -> None:
    pass

@app.command()
def load_json(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        json.load(handle)

if __name__ == "__main__":
    app()
"""

PARSE_YAML = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
LOAD_JSON = "import sys, json; json.load(open(sys.argv[1], encoding='utf-8'))"
MARKERS = ("<!-- benchmark results: start -->", "<!-- benchmark results: end -->")


@dataclass
class Run:
    """One command to time: on a pseudo-terminal or into /dev/null, after `before`."""

    command: list[str]
    terminal: bool = False
    before: Callable[[], None] | None = None


def timed(run: Run, env: dict[str, str]) -> float:
    if run.before:
        run.before()
    started = time.perf_counter()
    if run.terminal:
        code, _ = run_on_terminal(run.command, env, columns=120)
        if code:
            raise SystemExit(f"{run.command} failed with exit code {code}")
    else:
        subprocess.run(run.command, stdout=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - started


def rounds(runs: dict[str, Run], env: dict[str, str], count: int) -> dict[str, list[float]]:
    """Each run timed `count` times, interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(count):
        for name, run in runs.items():
            times[name].append(timed(run, env))
    return times


def peak_kib(command: list[str], env: dict[str, str], before: Callable[[], None]) -> int:
    """The smallest maximum resident set size over three runs, in KiB."""
    peaks = []
    for _ in range(3):
        before()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=True,
        )
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    return min(peaks)


def verdict(ratio: float, limit: float) -> str:
    return "met" if ratio <= limit else "**not met**"


def summary(times: list[float]) -> str:
    return f"{min(times) * 1000:,.0f} / {statistics.median(times) * 1000:,.0f} / {max(times) * 1000:,.0f} ms"


class Report:
    def __init__(self) -> None:
        self.timings: list[str] = []
        self.memory: list[str] = []
        self.growth: list[str] = []

    def time(
        self,
        goal: str,
        talks: list[float],
        floor: list[float],
        limit: float,
        typer: list[float] | None = None,
    ) -> None:
        """A goal's row; `typer` is the floor's own work done inside the minimal Typer app."""
        ratio = statistics.median(talks) / statistics.median(floor)
        typer_ratio = f"{statistics.median(typer) / statistics.median(floor):.2f}" if typer else "—"
        row = [goal, summary(talks), summary(floor), f"{ratio:.2f}", f"≤ {limit}", verdict(ratio, limit)]
        self.timings.append(f"| {' | '.join(row)} | {typer_ratio} |")
        print(
            f"{goal}: talks {summary(talks)}, floor {summary(floor)}, ratio {ratio:.2f} (goal ≤ {limit}); "
            f"minimal Typer app {typer_ratio}"
        )

    def peak(self, records: int, talks: int, floor: int, limit: float, typer: int) -> None:
        ratio = talks / floor
        row = [f"{records:,}", f"{talks:,} KiB", f"{floor:,} KiB", f"{ratio:.2f}", f"≤ {limit}"]
        self.memory.append(f"| {' | '.join(row)} | {verdict(ratio, limit)} | {typer / floor:.2f} |")
        print(f"{records:,} records, peak memory: talks {talks:,} KiB, parse {floor:,} KiB, × {ratio:.2f}")

    def grows(self, medians: dict[int, float]) -> None:
        sizes = sorted(medians)
        for small, large in itertools.pairwise(sizes):
            factor = medians[large] / medians[small]
            per_thousand = (medians[large] - medians[small]) * 1000 / ((large - small) / 1000)
            linear = factor <= large / small
            self.growth.append(
                f"| {small:,} → {large:,} | × {large / small:.0f} | × {factor:.2f} | "
                f"{per_thousand:.1f} ms | {'met' if linear else '**not met**'} |"
            )
            print(f"warm show {small:,} → {large:,} records: × {factor:.2f}, {per_thousand:.1f} ms per 1,000")

    def markdown(self, command: str, machine: str, runs: int) -> str:
        return "\n".join(
            [
                f"Taken with `{command}` on {machine}, {time.strftime('%Y-%m-%d')}: wall-clock "
                f"min / median / max over {runs} interleaved rounds (fewer for the scaled datasets).",
                "",
                f"Typer {_typer_version()}. The last column is the ratio the minimal Typer app gets when "
                "it does the floor's own work (nothing, against `python -c pass`; parse the YAML, or "
                "`json.load` the JSON): what Typer's start-up alone costs.",
                "",
                "| goal | talks | floor | ratio | goal | | minimal Typer app |",
                "|---|---|---|---|---|---|---|",
                *self.timings,
                "",
                "Peak memory (maximum resident set size, `/usr/bin/time -f %M`, least of three runs), "
                "cold `show ID --json` against the bare CSafeLoader parse of the same file:",
                "",
                "| records | talks | parse | ratio | goal | | minimal Typer app |",
                "|---|---|---|---|---|---|---|",
                *self.memory,
                "",
                "Growth of the warm `show ID --json` with the number of records (linear: the time "
                "grows by no more than the records do):",
                "",
                "| records | records grow | time grows | per 1,000 more records | linear |",
                "|---|---|---|---|---|",
                *self.growth,
            ]
        )


def _typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


def write_results(text: str) -> None:
    (HERE / "RESULTS.md").write_text(f"# Benchmark results\n\n{text}\n", encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    start, end = MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(readme):
        README.write_text(pattern.sub(lambda _: f"{start}\n{text}\n{end}", readme), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'} and the figures in {README}")


def write_scaled(work: Path, size: int) -> tuple[Path, Path, str]:
    """The dataset of `size` records as YAML and as JSON, and the id of its last record."""
    data = scaled_dataset(size)
    path = work / f"talks-{size}.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    copy_sources(work)
    as_json = work / f"talks-{size}.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path, as_json, data["records"][-1]["id"]


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 7 if quick else 21
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    python = sys.executable
    # The console script a user runs (python -m would add runpy's own search for the package).
    script = Path(python).with_name("talks")
    talks = [str(script)] if script.exists() else [python, "-m", "talks_cli"]
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
        cache_home = work / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "COLUMNS": "120", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        # Run from compiled bytecode, as an installed talks (and the floor's Typer) does: with
        # PYTHONDONTWRITEBYTECODE set, every run would compile talks's modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        def clear_cache() -> None:
            shutil.rmtree(cache_home, ignore_errors=True)

        floor = [python, str(work / "floor_app.py")]
        data = str(BUNDLED)
        positions = [*talks, "positions", "russia"]
        for command in ([*floor, "as-json", data, "russia"], [*positions, "--json"]):
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)  # compile, warm

        times = rounds(
            {
                "floor": Run([*floor, "as-json", data, "russia"]),
                "python": Run([python, "-c", "pass"]),
                "typer": Run([*floor, "noop", data]),
                "cold": Run([*positions, "--json"], before=clear_cache),
                "warm": Run([*positions, "--json"]),
            },
            env,
            runs,
        )
        report.time(
            "`positions russia --json`, warm, vs `python -c pass`",
            times["warm"],
            times["python"],
            6.0,
            typer=times["typer"],
        )
        report.time("`positions russia --json`, warm cache", times["warm"], times["floor"], 1.0)
        every_id = [
            r["id"]
            for r in json.loads(
                subprocess.run([*talks, "records", "--json"], capture_output=True, env=env, check=True).stdout
            )
        ]
        bulk = rounds(
            {
                "one": Run([*talks, "show", every_id[0], "--json"]),
                "all": Run([*talks, "show", *every_id, "--json"]),
            },
            env,
            runs,
        )
        report.time(
            f"`show` of all {len(every_id)} ids in one call vs one `show`", bulk["all"], bulk["one"], 2.0
        )
        report.time("`positions russia --json`, cold", times["cold"], times["floor"], 1.2)
        times = rounds(
            {
                "floor": Run([*floor, "table", data, "russia"], terminal=True),
                "cold": Run(positions, terminal=True, before=clear_cache),
                "warm": Run(positions, terminal=True),
            },
            env,
            runs,
        )
        report.time("`positions russia` on a terminal, warm", times["warm"], times["floor"], 1.0)
        report.time("`positions russia` on a terminal, cold", times["cold"], times["floor"], 1.2)

        warm_medians: dict[int, float] = {}
        for size in sizes:
            path, as_json, last_id = write_scaled(work, size)
            show = [*talks, "--data", str(path), "show", last_id, "--json"]
            count = 3 if size >= 100_000 else max(3, runs // 2)
            times = rounds(
                {
                    "parse": Run([python, "-c", PARSE_YAML, str(path)]),
                    "typer parse": Run([*floor, "parse", str(path)]),
                    "cold": Run(show, before=clear_cache),
                    "json.load": Run([python, "-c", LOAD_JSON, str(as_json)]),
                    "typer json.load": Run([*floor, "load-json", str(as_json)]),
                    "warm": Run(show),
                },
                env,
                count,
            )
            report.time(
                f"{size:,} records, cold `show ID --json` vs CSafeLoader parse",
                times["cold"],
                times["parse"],
                1.3,
                typer=times["typer parse"],
            )
            warm_goal = f"{size:,} records, warm `show ID --json` vs json.load"
            report.time(warm_goal, times["warm"], times["json.load"], 1.5, typer=times["typer json.load"])
            warm_medians[size] = statistics.median(times["warm"])
            report.peak(
                size,
                peak_kib(show, env, before=clear_cache),
                peak_kib([python, "-c", PARSE_YAML, str(path)], env, before=lambda: None),
                1.3,
                typer=peak_kib([*floor, "parse", str(path)], env, before=lambda: None),
            )
        report.grows(warm_medians)
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    command = f"python benchmarks/run.py{' --quick' if quick else ''}"
    write_results(report.markdown(command, machine, runs))


if __name__ == "__main__":
    main()
