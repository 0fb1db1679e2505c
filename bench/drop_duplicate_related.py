"""Drops the duplicate variants that sea-orm-cli 2.0.4 writes into a `RelatedEntity` enum.

Over our schema, where two paths join the same tables (event <-> organisation, directly and
through the organiser link), `sea-orm-cli generate entity --seaography` writes the variant
`Organisation` twice, and the generated crate does not compile. This keeps the first variant
of each name (the one with the explicit `def`) and drops the later ones, with their
attributes. Usage: python3 bench/drop_duplicate_related.py <entities folder>
"""

import pathlib
import re
import sys

VARIANT = re.compile(r"^\s*(\w+),\s*$")


def fix(text: str) -> tuple[str, int]:
    """The file without repeated `RelatedEntity` variants, and how many were dropped."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    inside = False
    seen: set[str] = set()
    pending: list[str] = []  # attribute lines of the variant being read
    dropped = 0
    for line in lines:
        if line.startswith("pub enum RelatedEntity"):
            inside, seen, pending = True, set(), []
            out.append(line)
            continue
        if not inside:
            out.append(line)
            continue
        if line.startswith("}"):
            inside = False
            out.extend(pending)
            out.append(line)
            continue
        pending.append(line)
        match = VARIANT.match(line)
        if match:
            name = match.group(1)
            if name in seen:
                dropped += 1
            else:
                seen.add(name)
                out.extend(pending)
            pending = []
    return "".join(out), dropped


def main() -> None:
    folder = pathlib.Path(sys.argv[1])
    total = 0
    for path in sorted(folder.glob("*.rs")):
        fixed, dropped = fix(path.read_text())
        if dropped:
            path.write_text(fixed)
            print(f"{path.name}: dropped {dropped} duplicate RelatedEntity variant(s)")
            total += dropped
    print(f"{total} duplicate variant(s) dropped")


if __name__ == "__main__":
    main()
