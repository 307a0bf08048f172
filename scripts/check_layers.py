#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that each part of src/ includes only the parts it may depend on.

pace's parts are layered (docs/architecture.md): model, stats and platform at
the bottom; producers (measure, memory, counters, importers, ab, cmd) and
consumers (compare, report, store, history) above them, each depending only
downward; the application layer (app, cli, tools/pace) wires them together.
This script reads every `#include "part/..."` line under src/ and tools/ and
fails on one that crosses a layer the table below does not allow. It also
reads each part's `pace_add_part(<part> ... USES <parts>...)` in
src/<part>/CMakeLists.txt: a part may name in USES only parts the table
allows, and may include only the parts it names there (or below them), so
the build's links say what the includes say.

  check_layers.py [ROOT]     ROOT: the repository (default: this script's)

Exit 0 when every include is allowed, 1 on a violation (each one printed as
`file:line: part may not include other/...`), 2 on a usage error.
"""
import os
import re
import sys

BOTTOM = {"model", "stats", "platform"}
PRODUCERS = {"measure", "memory", "counters", "importers", "ab", "cmd"}
CONSUMERS = {"compare", "report", "store", "history"}
APPLICATION = {"app", "cli", "tools", "gbench", "gtest"}
EVERYTHING = BOTTOM | PRODUCERS | CONSUMERS | APPLICATION

# The parts each part may include, besides itself and the public API
# (include/pace/, "pace/..."), which every part may use.
ALLOWED = {
    "model": set(),
    "stats": {"model"},
    "platform": {"model"},
    # The memory pass and instruction counts are parts of the measurement.
    "measure": BOTTOM | {"memory", "counters"},
    "memory": BOTTOM,
    "counters": BOTTOM,
    "importers": BOTTOM,
    "ab": BOTTOM,
    "cmd": BOTTOM,
    "compare": BOTTOM,
    "report": BOTTOM,
    "store": BOTTOM,
    "history": BOTTOM,
    "app": EVERYTHING,
    "cli": EVERYTHING,
    "tools": EVERYTHING,
    # Google Benchmark's API on pace: wires the runner (measure) to its own
    # files written from the Run, as app does for pace's.
    "gbench": EVERYTHING,
    # GoogleTest tests as benchmarks: wires the runner to a test binary.
    "gtest": EVERYTHING,
}

# Includes that break the layering today, each with why it is still there.
# (file relative to ROOT, included header) -> reason. Remove a line once the
# include is gone; the script says when one no longer matches anything.
KNOWN_EXCEPTIONS = {}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([A-Za-z0-9_]+)/[^"]*"')
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".inc")


def part_of(relative_path):
    """The part a file belongs to: src/<part>/... or tools/... ."""
    pieces = relative_path.split("/")
    if pieces[0] == "src" and len(pieces) > 2:
        return pieces[1]
    if pieces[0] == "tools":
        return "tools"
    return None


PART_CALL = re.compile(r"pace_add_part\(([^)]*)\)")
KEYWORDS = {"USES", "LIBRARIES", "COMMAND_ONLY"}


def declared_uses(root):
    """{part: (CMakeLists path relative to root, [parts named in USES])} for each pace_add_part() call."""
    declared = {}
    src = os.path.join(root, "src")
    for part in sorted(os.listdir(src)):
        cmake = os.path.join(src, part, "CMakeLists.txt")
        if not os.path.isfile(cmake):
            continue
        with open(cmake, encoding="utf-8") as f:
            text = "\n".join(line.split("#", 1)[0] for line in f)
        for call in PART_CALL.finditer(text):
            words = call.group(1).split()
            uses, section = [], None
            for word in words[1:]:
                if word in KEYWORDS:
                    section = word
                elif section == "USES":
                    uses.append(word)
            declared[words[0]] = (f"src/{part}/CMakeLists.txt", uses)
    return declared


def closure(part, declared):
    """The parts `part` builds on, directly or through the parts it uses."""
    seen, todo = set(), list(declared.get(part, ("", []))[1])
    while todo:
        used = todo.pop()
        if used not in seen:
            seen.add(used)
            todo.extend(declared.get(used, ("", []))[1])
    return seen


def check(root):
    """Returns (violations, unknown parts, stale exceptions), each a list of lines."""
    violations, unknown, used = [], [], set()
    src = os.path.join(root, "src")
    parts = set(ALLOWED) | {d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d))}
    declared = declared_uses(root)
    for part, (cmake, uses) in declared.items():
        for other in uses:
            if part in ALLOWED and other not in ALLOWED[part]:
                violations.append(f"{cmake}: {part} may not use {other} "
                                  f"({part} may use: {', '.join(sorted(ALLOWED[part])) or 'no other part'})")
    below = {part: closure(part, declared) for part in declared}
    for top in ("src", "tools"):
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                part = part_of(relative)
                if part is None:
                    continue
                if part not in ALLOWED:
                    unknown.append(f"{relative}: part \"{part}\" is not in check_layers.py's table; add it to ALLOWED")
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        match = INCLUDE.match(line)
                        if not match:
                            continue
                        target = match.group(1)
                        header = line.split('"')[1]
                        if target in ("pace", part) or target in ALLOWED[part]:
                            if part in below and target not in ("pace", part) and target not in below[part]:
                                violations.append(f"{relative}:{number}: {part} includes {header}, but "
                                                  f"{declared[part][0]} does not name {target} in USES")
                            continue
                        if (relative, header) in KNOWN_EXCEPTIONS:
                            used.add((relative, header))
                            continue
                        if target not in parts:
                            continue  # not a part of pace: a third-party path
                        violations.append(f"{relative}:{number}: {part} may not include {header} "
                                          f"({part} may use: {', '.join(sorted(ALLOWED[part])) or 'no other part'})")
    stale = [f"{file}: no longer includes {header}; remove it from KNOWN_EXCEPTIONS"
             for (file, header) in KNOWN_EXCEPTIONS if (file, header) not in used]
    return violations, unknown, stale


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        print("usage: check_layers.py [ROOT]", file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if not os.path.isdir(os.path.join(root, "src")):
        print(f"check_layers: error: {root}: no src/ folder", file=sys.stderr)
        print("hint: pass the repository's root", file=sys.stderr)
        return 2
    violations, unknown, stale = check(root)
    for line in stale:
        print(f"check_layers: note: {line}", file=sys.stderr)
    for line in unknown + violations:
        print(line)
    if unknown or violations:
        print(f"check_layers: {len(unknown) + len(violations)} include(s) break the layering "
              "(docs/architecture.md)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
