"""Time talks against floors run side by side on the same machine, and write RESULTS.md.

    python benchmarks/run.py            # every goal, 100,000 records included (several minutes)
    python benchmarks/run.py --quick    # fewer runs, no 100,000-record dataset

Floors (built here, in a temporary folder):
- floor_app.py: a minimal Typer app with two commands that opens the YAML file with CSafeLoader
  and prints it with json.dumps (`json`), or as a rich table (`table`, run on a pseudo-terminal);
- a bare `yaml.load(..., CSafeLoader)` of the scaled datasets, and `json.load` of the same
  data saved as JSON.
Only the standard library, and /usr/bin/time for peak memory. Wall times are medians of
repeated runs; a ratio is talks's median over the floor's.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUNDLED = REPO / "data" / "positions.yaml"
sys.path[:0] = [str(HERE), str(REPO / "scripts")]
from scale import scaled  # noqa: E402
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

if __name__ == "__main__":
    app()
"""

PARSE_YAML = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
LOAD_JSON = "import sys, json; json.load(open(sys.argv[1], encoding='utf-8'))"


def timed(command: list[str], env: dict[str, str], terminal: bool = False) -> float:
    started = time.perf_counter()
    if terminal:
        run_on_terminal(command, env, columns=120)
    else:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - started


def peak_kib(command: list[str], env: dict[str, str]) -> int:
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=True,
    )
    return int(result.stderr.strip().splitlines()[-1])


def series(
    command: list[str], env: dict[str, str], runs: int, *, terminal: bool = False, before=None
) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(command, env, terminal))
    return times


def _verdict(ratio: float, limit: float) -> str:
    return "met" if ratio <= limit else "**not met**"


def summary(times: list[float]) -> str:
    return f"{min(times) * 1000:.0f} / {statistics.median(times) * 1000:.0f} / {max(times) * 1000:.0f} ms"


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, float, float]] = []

    def add(self, goal: str, talks: list[float], floor: list[float], limit: float) -> None:
        ratio = statistics.median(talks) / statistics.median(floor)
        self.rows.append((goal, summary(talks), summary(floor), ratio, limit))
        verdict = "met" if ratio <= limit else "NOT met"
        print(
            f"{goal:<48} talks {summary(talks):>24}  floor {summary(floor):>24}  "
            f"ratio {ratio:.2f} (goal ≤ {limit}) {verdict}"
        )

    def markdown(self) -> str:
        lines = [
            "| goal | talks min / median / max | floor min / median / max | ratio | goal | |",
            "|---|---|---|---|---|---|",
        ]
        for goal, talks, floor, ratio, limit in self.rows:
            lines.append(
                f"| {goal} | {talks} | {floor} | {ratio:.2f} | ≤ {limit} | {_verdict(ratio, limit)} |"
            )
        return "\n".join(lines)


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 5 if quick else 11
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    python = sys.executable
    talks = [python, "-m", "talks_cli"]
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
        cache_home = work / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "COLUMNS": "120", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)

        def clear_cache() -> None:
            shutil.rmtree(cache_home, ignore_errors=True)

        floor = [python, str(work / "floor_app.py")]
        data = str(BUNDLED)
        # JSON path, bundled dataset.
        floor_json = series([*floor, "as-json", data, "russia"], env, runs)
        warm = series([*talks, "positions", "russia", "--json"], env, runs)
        cold = series([*talks, "positions", "russia", "--json"], env, runs, before=clear_cache)
        report.add("`positions russia --json`, warm cache", warm, floor_json, 1.0)
        report.add("`positions russia --json`, cold", cold, floor_json, 1.2)
        # Terminal path.
        floor_table = series([*floor, "table", data, "russia"], env, runs, terminal=True)
        warm_t = series([*talks, "positions", "russia"], env, runs, terminal=True)
        cold_t = series([*talks, "positions", "russia"], env, runs, terminal=True, before=clear_cache)
        report.add("`positions russia` on a terminal, warm", warm_t, floor_table, 1.0)
        report.add("`positions russia` on a terminal, cold", cold_t, floor_table, 1.2)
        # Scale.
        memory_rows = []
        scale_runs = 3 if quick else 5
        for size in sizes:
            path = work / f"talks-{size}.yaml"
            path.write_text(scaled(size), encoding="utf-8")
            as_json = work / f"talks-{size}.json"
            import yaml

            as_json.write_text(
                json.dumps(
                    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), ensure_ascii=False
                ),
                encoding="utf-8",
            )
            n = max(1, scale_runs if size < 100_000 else 3)
            ids = [r["id"] for r in json.loads(as_json.read_text(encoding="utf-8"))["records"]]
            last_id = ids[-1]
            show = [*talks, "--data", str(path), "show", last_id, "--json"]
            parse = [python, "-c", PARSE_YAML, str(path)]
            cold_s = series(show, env, n, before=clear_cache)
            parse_s = series(parse, env, n)
            report.add(f"{size:,} records, cold `show ID --json` vs CSafeLoader parse", cold_s, parse_s, 1.3)
            clear_cache()
            talks_kib, parse_kib = peak_kib(show, env), peak_kib(parse, env)
            memory_rows.append((size, talks_kib, parse_kib))
            print(
                f"{size:,} records, peak memory: talks cold {talks_kib:,} KiB, "
                f"parse {parse_kib:,} KiB, ratio {talks_kib / parse_kib:.2f} (goal ≤ 1.3)"
            )
            timed(show, env)  # warm the cache
            warm_s = series(show, env, n)
            load_s = series([python, "-c", LOAD_JSON, str(as_json)], env, n)
            report.add(f"{size:,} records, warm `show ID --json` vs json.load", warm_s, load_s, 1.5)
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    memory = "\n".join(
        f"| {size:,} | {t:,} KiB | {p:,} KiB | {t / p:.2f} | ≤ 1.3 | {_verdict(t / p, 1.3)} |"
        for size, t, p in memory_rows
    )
    text = (
        "# Benchmark results\n\n"
        f"Taken with `python benchmarks/run.py{' --quick' if quick else ''}` on {machine}, "
        f"{time.strftime('%Y-%m-%d')}. Times are wall-clock over {runs} runs (scaled datasets: fewer).\n\n"
        f"{report.markdown()}\n\n"
        "Peak memory (maximum resident set size, `/usr/bin/time -f %M`), cold `show ID --json` "
        "against the bare CSafeLoader parse of the same file:\n\n"
        "| records | talks | parse | ratio | goal | |\n|---|---|---|---|---|---|\n"
        f"{memory}\n"
    )
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
