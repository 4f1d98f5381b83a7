"""Time talks against floors run side by side on the same machine, and write RESULTS.md.

    python benchmarks/run.py            # every goal, 100,000 records included (20 to 30 minutes)
    python benchmarks/run.py --quick    # fewer runs, no 100,000-record dataset (about 5 minutes)

Floors (built here, in a temporary folder):
- floor_app.py: a minimal Typer app with two commands that opens the YAML file with CSafeLoader
  and prints it with json.dumps (`as-json`), or as a rich table (`table`, run on a pseudo-terminal);
- a bare `yaml.load(..., CSafeLoader)` of the scaled datasets, and `json.load` of the same
  data saved as JSON; the same two done by floor_app.py (`parse`, `load-json`) show what the
  start-up of any Typer app adds to them.

Each round runs the floor and the talks commands it is compared with one after the other, so
that a busy moment of the machine falls on both; the figures are min / median / max over the
rounds, and a ratio is talks's median over the floor's. Only the standard library, and
/usr/bin/time for peak memory. The results are written to benchmarks/RESULTS.md.

Everything runs from compiled bytecode, as an installed talks does: PYTHONDONTWRITEBYTECODE is
removed from the environment, talks's package and the floor app are compiled first
(`compileall`), and each command runs once before it is timed. Each goal not met is printed,
and written, with its reason.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
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
        self.warm_memory: list[str] = []
        self.growth: list[str] = []
        self.reasons: list[str] = []

    def why(self, goal: str, met: bool, reason: str) -> None:
        """Record (and print) why `goal` is not met; nothing when it is."""
        if not met:
            self.reasons.append(f"- *{goal}*: {reason}")
            print(f"  not met: {reason}")

    def time(
        self,
        goal: str,
        talks: list[float],
        floor: list[float],
        limit: float,
        typer: list[float] | None = None,
        reason: str = "",
    ) -> float:
        """A goal's row, and its ratio; `typer` is the floor's own work done inside the minimal
        Typer app; `reason` says why the goal is not met, if it is not."""
        ratio = statistics.median(talks) / statistics.median(floor)
        typer_ratio = f"{statistics.median(typer) / statistics.median(floor):.2f}" if typer else "—"
        row = [goal, summary(talks), summary(floor), f"{ratio:.2f}", f"≤ {limit}", verdict(ratio, limit)]
        self.timings.append(f"| {' | '.join(row)} | {typer_ratio} |")
        print(
            f"{goal}: talks {summary(talks)}, floor {summary(floor)}, ratio {ratio:.2f} (goal ≤ {limit}); "
            f"minimal Typer app {typer_ratio}"
        )
        self.why(goal, ratio <= limit, reason)
        return ratio

    def peak(self, records: int, talks: int, floor: int, limit: float, typer: int, reason: str = "") -> None:
        ratio = talks / floor
        row = [f"{records:,}", f"{talks:,} KiB", f"{floor:,} KiB", f"{ratio:.2f}", f"≤ {limit}"]
        self.memory.append(f"| {' | '.join(row)} | {verdict(ratio, limit)} | {typer / floor:.2f} |")
        print(f"{records:,} records, peak memory: talks {talks:,} KiB, parse {floor:,} KiB, × {ratio:.2f}")
        self.why(f"{records:,} records, peak memory of a cold start", ratio <= limit, reason)

    def warm_peak(
        self, records: int, talks: int, json_size: int, limit: float, json_load: int, reason: str = ""
    ) -> None:
        """A warm command's peak memory against the size of the dataset saved as JSON."""
        ratio, floor = talks / json_size, json_load / json_size
        row = [f"{records:,}", f"{talks:,} KiB", f"{json_size:,} KiB", f"{ratio:.2f}", f"≤ {limit}"]
        self.warm_memory.append(f"| {' | '.join(row)} | {verdict(ratio, limit)} | {floor:.2f} |")
        print(
            f"{records:,} records, warm peak memory: talks {talks:,} KiB, "
            f"JSON {json_size:,} KiB, × {ratio:.2f}"
        )
        self.why(f"{records:,} records, peak memory of a warm command", ratio <= limit, reason)

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
                "Every command runs from compiled bytecode, as an installed talks does: the "
                "benchmark removes PYTHONDONTWRITEBYTECODE, compiles talks's package and the floor "
                "app with `compileall` first, and runs each command once before timing it.",
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
                "Peak memory of a warm `show ID --json` against the size of the same dataset saved "
                "as JSON; the last column is what a bare `json.load` of that file peaks at, "
                "against the same size:",
                "",
                "| records | talks | JSON file | ratio | goal | | bare json.load |",
                "|---|---|---|---|---|---|---|",
                *self.warm_memory,
                "",
                "Growth of the warm `show ID --json` with the number of records (linear: the time "
                "grows by no more than the records do):",
                "",
                "| records | records grow | time grows | per 1,000 more records | linear |",
                "|---|---|---|---|---|",
                *self.growth,
                "",
                "Goals not met, and why:" if self.reasons else "Every goal is met.",
                *(["", *self.reasons] if self.reasons else []),
            ]
        )


def _typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


def write_results(text: str) -> None:
    """The figures live in RESULTS.md only: the README links to it."""
    (HERE / "RESULTS.md").write_text(f"# Benchmark results\n\n{text}\n", encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


def write_scaled(work: Path, size: int) -> tuple[Path, Path, str]:
    """The dataset of `size` records as YAML and as JSON, and the id of its last record."""
    data = scaled_dataset(size)
    path = work / f"talks-{size}.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    copy_sources(work)
    as_json = work / f"talks-{size}.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path, as_json, data["records"][-1]["id"]


# A word one record of the bundled dataset holds: in a scaled dataset, one record in every 187.
SELECTIVE = "satisfaite"


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 7 if quick else 21
    sizes = [1_000, 20_000] if quick else [1_000, 20_000, 100_000]
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
        # The answer written to the terminal, as the floor's table is: a pager would wait for a key.
        env["TALKS_PAGER"] = ""
        # Run from compiled bytecode, as an installed talks (and the floor's Typer) does: with
        # PYTHONDONTWRITEBYTECODE set, every run would compile talks's modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        package = subprocess.run(
            [python, "-c", "import talks_cli, os; print(os.path.dirname(talks_cli.__file__))"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()
        subprocess.run([python, "-m", "compileall", "-q", package, str(work)], env=env, check=True)
        print(f"bytecode: compiled {package} and the floor app; every command also runs once untimed")

        def clear_cache() -> None:
            shutil.rmtree(cache_home, ignore_errors=True)

        floor = [python, str(work / "floor_app.py")]
        data = str(BUNDLED)
        positions = [*talks, "positions", "russia"]
        for command in ([*floor, "as-json", data, "russia"], [*floor, "noop", data], [*positions, "--json"]):
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
        typer_alone = statistics.median(times["typer"]) / statistics.median(times["python"])
        report.time(
            "`positions russia --json`, warm, vs `python -c pass`",
            times["warm"],
            times["python"],
            6.0,
            typer=times["typer"],
            reason=(
                f"the minimal Typer app that does nothing already takes {typer_alone:.2f} times "
                "`python -c pass` here (last column): Python's start, Typer's import and its "
                "app; talks adds msgspec's import (shared in part with Typer's), its own modules, "
                "and reading, hashing and decoding the cache entry. Typer's import stays (the issue)."
            ),
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
        report.time(
            "`positions russia --json`, cold",
            times["cold"],
            times["floor"],
            1.2,
            reason=(
                "a cold start parses the YAML as the floor does (talks's strict loader is no "
                "slower than CSafeLoader), then adds its own start-up (msgspec's import and "
                "talks's modules, about 20 ms here, as on a warm start), the checks (about 7 ms "
                "on the bundled dataset) and writing the cache entry with its search index "
                "(about 8 ms). On this shared two-core machine the ratio also moves by several "
                "hundredths from one run to the next."
            ),
        )
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
            search = [*talks, "--data", str(path), "search", SELECTIVE, "--json"]

            def fill_with_show(show: list[str] = show) -> None:
                """An empty cache, then filled by another command than search."""
                clear_cache()
                subprocess.run(show, stdout=subprocess.DEVNULL, env=env, check=True)

            count = 3 if size >= 100_000 or (quick and size > 1_000) else max(3, runs // 2)
            times = rounds(
                {
                    "parse": Run([python, "-c", PARSE_YAML, str(path)]),
                    "typer parse": Run([*floor, "parse", str(path)]),
                    "cold": Run(show, before=clear_cache),
                    "json.load": Run([python, "-c", LOAD_JSON, str(as_json)]),
                    "typer json.load": Run([*floor, "load-json", str(as_json)]),
                    "warm": Run(show),
                    "first search": Run(search, before=fill_with_show),
                    "warm search": Run(search),
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
                reason="a fixed start-up: Typer's (last column), msgspec's and talks's own modules.",
            )
            typer_json = statistics.median(times["typer json.load"]) / statistics.median(times["json.load"])
            report.time(
                f"{size:,} records, warm `show ID --json` vs json.load",
                times["warm"],
                times["json.load"],
                1.5,
                typer=times["typer json.load"],
                reason=(
                    f"the floor is a bare `python -c`; the minimal Typer app doing only that "
                    f"`json.load` takes {typer_json:.2f} times as long (last column): Typer's "
                    "start-up alone is most of the gap against a file this small; the rest is "
                    "decoding every record into typed, validated objects."
                    if typer_json > 1.2
                    else "decoding every record into typed objects, hashing the file to find its "
                    "entry, and the start-up of Typer and msgspec (last column)."
                ),
            )
            report.time(
                f"{size:,} records, first `search` after another command filled the cache, vs warm `show`",
                times["first search"],
                times["warm"],
                1.5,
                reason="the search index is read from the entry; what is left is the search itself.",
            )
            report.time(
                f"{size:,} records, selective warm `search` vs warm `show`",
                times["warm search"],
                times["warm"],
                1.5,
                reason="a search reads every record's folded text once.",
            )
            warm_medians[size] = statistics.median(times["warm"])
            report.peak(
                size,
                peak_kib(show, env, before=clear_cache),
                peak_kib([python, "-c", PARSE_YAML, str(path)], env, before=lambda: None),
                1.3,
                typer=peak_kib([*floor, "parse", str(path)], env, before=lambda: None),
                reason="a fixed start-up: Typer's (last column), then msgspec and talks's own modules.",
            )
            subprocess.run(show, stdout=subprocess.DEVNULL, env=env, check=True)  # a warm cache
            json_kib = as_json.stat().st_size // 1024
            json_load = peak_kib([python, "-c", LOAD_JSON, str(as_json)], env, before=lambda: None)
            report.warm_peak(
                size,
                peak_kib(show, env, before=lambda: None),
                json_kib,
                2.0,
                json_load,
                reason=(
                    "every record is decoded into Python objects (each string, list and struct "
                    "with its own header), which take several times the JSON's bytes, as a bare "
                    f"`json.load` of the same file shows ({json_load / json_kib:.2f} times its size, "
                    "last column); Python's and Typer's own start-up adds a fixed part."
                ),
            )
        report.grows(warm_medians)
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    command = f"python benchmarks/run.py{' --quick' if quick else ''}"
    write_results(report.markdown(command, machine, runs))


if __name__ == "__main__":
    main()
