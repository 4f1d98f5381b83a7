"""Write a copy of the bundled dataset grown to N records, for benchmarks and load tests.

    python benchmarks/scale.py 100000 /tmp/talks-100k.yaml

Records are the bundled ones repeated with new ids (`<id>--<n>`); every reference still
points at something that exists, so the result is a valid dataset.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "positions.yaml"


class _NoAliasDumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def scaled_dataset(records: int) -> dict[str, Any]:
    """The bundled dataset, as plain data, grown to `records` records."""
    dataset: dict[str, Any] = yaml.load(BUNDLED.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    originals = dataset["records"]
    grown = []
    for index in range(records):
        record = copy.deepcopy(originals[index % len(originals)])
        if index >= len(originals):
            record["id"] = f"{record['id']}--{index}"
        grown.append(record)
    dataset["records"] = grown
    return dataset


def copy_sources(folder: Path) -> None:
    """Stored-text paths are relative to the dataset and must stay inside its folder: put a copy
    of the bundled sources beside the scaled file."""
    import shutil

    shutil.copytree(BUNDLED.parent / "sources", folder / "sources", dirs_exist_ok=True)


def to_yaml(dataset: dict[str, Any]) -> str:
    return yaml.dump(dataset, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000)


def scaled(records: int) -> str:
    return to_yaml(scaled_dataset(records))


def main() -> None:
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    target.write_text(scaled(count), encoding="utf-8")
    copy_sources(target.parent)


if __name__ == "__main__":
    main()
