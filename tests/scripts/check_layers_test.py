#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scripts/check_layers.py fails on a planted violation and passes the tree.

Runs the check over temporary copies of src/ and tools/: as they are, with a
consumer included from model/, with a part the table does not know, with
a known exception gone (a note, not a failure), with an include its
CMakeLists.txt does not name in USES, and with a USES across layers.

  check_layers_test.py ROOT
"""
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1])
SCRIPT = os.path.join(ROOT, "scripts", "check_layers.py")
failures = []


def run(tree):
    p = subprocess.run([sys.executable, SCRIPT, tree], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def expect(name, condition, detail):
    if not condition:
        failures.append(f"{name}: {detail}")


def fresh_copy(parent, name):
    tree = os.path.join(parent, name)
    for top in ("src", "tools"):
        shutil.copytree(os.path.join(ROOT, top), os.path.join(tree, top))
    return tree


def append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


with tempfile.TemporaryDirectory() as tmp:
    tree = fresh_copy(tmp, "clean")
    code, out, err = run(tree)
    expect("clean tree", code == 0, f"exit {code}, stdout {out!r}, stderr {err!r}")

    tree = fresh_copy(tmp, "model_includes_report")
    bad = os.path.join(tree, "src", "model", "run.cpp")
    with open(bad, encoding="utf-8") as f:
        lines = f.read().count("\n")
    append(bad, '#include "report/messages.hpp"\n')
    code, out, err = run(tree)
    expect("planted include", code == 1, f"exit {code}, want 1")
    expect("planted include", f"src/model/run.cpp:{lines + 1}: model may not include report/messages.hpp" in out,
           f"stdout {out!r} does not name the file, line and header")

    tree = fresh_copy(tmp, "producer_includes_consumer")
    append(os.path.join(tree, "src", "importers", "load.cpp"), '#include "store/storage.hpp"\n')
    code, out, err = run(tree)
    expect("importers -> store", code == 1 and "importers may not include store/storage.hpp" in out,
           f"exit {code}, stdout {out!r}")

    tree = fresh_copy(tmp, "unknown_part")
    os.makedirs(os.path.join(tree, "src", "newpart"))
    append(os.path.join(tree, "src", "newpart", "thing.cpp"), '#include "model/run.hpp"\n')
    code, out, err = run(tree)
    expect("unknown part", code == 1 and 'part "newpart" is not in' in out, f"exit {code}, stdout {out!r}")

    # An include the table allows but the part's CMakeLists.txt does not
    # name in USES: the build would not say what the code uses.
    tree = fresh_copy(tmp, "include_not_in_uses")
    append(os.path.join(tree, "src", "importers", "load.cpp"), '#include "platform/environment.hpp"\n')
    code, out, err = run(tree)
    expect("include not in USES", code == 1 and "importers includes platform/environment.hpp, but "
           "src/importers/CMakeLists.txt does not name platform in USES" in out, f"exit {code}, stdout {out!r}")

    # A part whose CMakeLists.txt uses a part its layer may not.
    tree = fresh_copy(tmp, "uses_across_layers")
    cmake = os.path.join(tree, "src", "store", "CMakeLists.txt")
    with open(cmake, encoding="utf-8") as f:
        text = f.read()
    with open(cmake, "w", encoding="utf-8") as f:
        f.write(text.replace("USES model", "USES model report", 1))
    code, out, err = run(tree)
    expect("USES across layers", code == 1 and "src/store/CMakeLists.txt: store may not use report" in out,
           f"exit {code}, stdout {out!r}")

    # A known exception whose include is gone: a note to remove it, not a failure.
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    check_layers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_layers)
    # An exception listed for an include nobody writes (as when the include
    # that needed it is fixed): reported as stale.
    check_layers.KNOWN_EXCEPTIONS = {("src/model/run.cpp", "report/messages.hpp"): "planted"}
    violations, unknown, stale = check_layers.check(fresh_copy(tmp, "exception_gone"))
    expect("stale exception", not violations and any("remove it from KNOWN_EXCEPTIONS" in s for s in stale),
           f"violations {violations!r}, stale {stale!r}")

for line in failures:
    print("FAIL " + line)
sys.exit(1 if failures else 0)
