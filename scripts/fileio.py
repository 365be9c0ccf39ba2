"""Atomic text writes for the generator scripts: a crash leaves the old file or the new one."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, `\\n` newlines, mode 0644) to `path` via a temp file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise



def write_or_check(path: str | Path, text: str, check: bool, agrees: str, differs: str) -> int:
    """A generator's last step: with `check`, compare `text` with the checked-in `path` (print
    `agrees` or `differs`; exit status 0 or 1), else write it atomically."""
    if check:
        with open(path, encoding="utf-8") as f:
            same = f.read() == text
        print(agrees if same else differs)
        return 0 if same else 1
    write_atomic(path, text)
    print(f"wrote {path}")
    return 0

def managed(name: str, tsv_name: str) -> bool:
    """Whether a file in a generated folder belongs to its generator."""
    return name == tsv_name or name.endswith((".rs", ".yaml"))


def check_directory(files: dict[str, str], out_dir: str, tsv_name: str) -> list[str]:
    """Differences between generated files (`.rs`, `.yaml` and one TSV of labels) and the ones
    checked in to `out_dir`: a list of messages, empty when all is up to date. A TSV whose only
    change is its first line (the rustc version) is noted on stderr, not counted."""
    problems = []
    present = sorted(n for n in os.listdir(out_dir) if managed(n, tsv_name)) if os.path.isdir(out_dir) else []
    for name in sorted(set(present) - set(files)):
        problems.append(f"{name}: checked in but no longer generated")
    for name, text in sorted(files.items()):
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            problems.append(f"{name}: missing")
            continue
        with open(path, encoding="utf-8") as f:
            old = f.read()
        if old == text:
            continue
        if name == tsv_name:
            old_lines, new_lines = old.split("\n"), text.split("\n")
            if old_lines[1:] == new_lines[1:]:
                print(f"note: only the rustc version changed: {new_lines[0]}", file=sys.stderr)
                continue
            old_rows = {tuple(r.split("\t")[:2]): r for r in old_lines[2:] if r}
            new_rows = {tuple(r.split("\t")[:2]): r for r in new_lines[2:] if r}
            for k in sorted(set(old_rows) | set(new_rows)):
                if old_rows.get(k) != new_rows.get(k):
                    problems.append(f"{tsv_name}: checked in {old_rows.get(k)!r}, now {new_rows.get(k)!r}")
        else:
            problems.append(f"{name}: differs from the generator")
    return problems


def render_labels(rows, header_prefix: str, version: str) -> str:
    """A labels TSV: a header comment naming the generator and rustc, then `goal<TAB>expected`
    rows sorted by goal."""
    lines = [f"{header_prefix}{version}; do not edit", "goal\texpected"]
    lines += [f"{g}\t{e}" for g, e in sorted(rows)]
    return "\n".join(lines) + "\n"


def read_labels(path: str, header_prefix: str) -> tuple[dict[str, str], str | None]:
    """{goal text: label} of a labels TSV, and the rustc version named in its header."""
    out, version = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(header_prefix):
                version = line[len(header_prefix):].split("; do not edit")[0]
            if not line or line.startswith("#") or line == "goal\texpected":
                continue
            goal, expected = line.split("\t")
            out[goal] = expected
    return out, version


def compare_labels(old: dict[str, str], old_version: str | None, new: dict[str, str], version: str) -> int:
    """`--check` of a labels TSV: print every goal whose label changed, vanished or appeared;
    1 if any did, else 0."""
    diffs = [f"{g}\tchecked-in {old[g]}, rustc says {new[g]}" for g in sorted(old) if g in new and old[g] != new[g]]
    missing = [f"{g}\tchecked-in {old[g]}, no longer generated or now invalid" for g in sorted(old) if g not in new]
    extra = [f"{g}\tnew goal ({new[g]}), not in the checked-in file" for g in sorted(new) if g not in old]
    if old_version != version:
        print(f"note: file generated with {old_version}, checking with {version}")
    for line in diffs + missing + extra:
        print(line)
    if diffs or missing or extra:
        print(f"{len(diffs)} label(s) differ, {len(missing)} missing, {len(extra)} new")
        return 1
    print(f"ok: all {len(old)} goals match rustc")
    return 0
