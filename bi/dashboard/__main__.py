"""``python -m bi.dashboard OUT_DIR [PATH/TO/serving.duckdb]``: write the import bundle as files, to read or diff."""

from __future__ import annotations

import sys
from pathlib import Path

from bi.dashboard.bundle import bundle


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        raise SystemExit("usage: python -m bi.dashboard OUT_DIR [PATH/TO/serving.duckdb]")
    out = Path(argv[0])
    files = bundle(Path(argv[1]) if len(argv) == 2 else Path("data/serving.duckdb"))
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    print(f"wrote {len(files)} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
