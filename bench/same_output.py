"""Whether a speed change left every real report's result as it was.

    .venv/bin/python bench/same_output.py --save /tmp/before.json   # on the code before
    .venv/bin/python bench/same_output.py /tmp/before.json          # on the code after

Each real report of ``bench/check.py`` (the canonical JSON in ``tests/data/json`` and what
``gixcheck extract`` makes of every HTML, PDF, DOCX and text report in ``tests/data`` and the
shared corpus) is checked with a batch worker's ``check_item`` (national rules); the sha256 of
its result as ``--format json`` writes it (``jsonstream.dumps`` of the report's dict), in
Chinese and in English, is kept per report.
Comparing names every report whose result changed; the exit code is 1 when any did.  The
suite's goldens pin chosen values; this pins every byte of every finding on the reports the
speed figures are measured on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check as bench  # bench/check.py: the same reports, found the same way

from gixcheck.output.jsonstream import dumps


def digests() -> dict[str, str]:
    check_item = bench.checker()
    out: dict[str, str] = {}
    for name, data in bench.reports():
        result = check_item(data)
        text = dumps([result.to_dict("zh"), result.to_dict("en")])
        key = f"{name} {hashlib.sha256(data).hexdigest()[:12]}"
        out[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", nargs="?", help="digests saved with --save, to compare against")
    ap.add_argument("--save", metavar="FILE", help="write this code's digests to FILE")
    args = ap.parse_args()
    if not args.before and not args.save:
        ap.error("give --save FILE or a FILE to compare against")
    now = digests()
    if args.save:
        Path(args.save).write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"{len(now)} reports: digests written to {args.save}")
    if not args.before:
        return 0
    before = json.loads(Path(args.before).read_text("utf-8"))
    changed = sorted(k for k in before.keys() & now.keys() if before[k] != now[k])
    gone, new = sorted(before.keys() - now.keys()), sorted(now.keys() - before.keys())
    for k in changed:
        print(f"changed: {k}")
    for k in gone:
        print(f"no longer read: {k}")
    for k in new:
        print(f"new input: {k}")
    same = len(before.keys() & now.keys()) - len(changed)
    print(f"{same} of {len(before)} reports give the same result")
    return 1 if changed or gone or new else 0


if __name__ == "__main__":
    raise SystemExit(main())
