#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Golden-file tests of the pace command.

Each directory under tests/cli/ holding an `args` file is a case:
  args             the arguments after `pace`, split like a shell does
  expected_stdout  what pace prints to stdout
  expected_stderr  what pace prints to stderr (optional: unchecked without it)
  expected_exit    the exit code
  expected_csv     (optional) the file pace wrote as @TMP@/out.csv
  expected_junit   (optional) the file pace wrote as @TMP@/out.xml
  pace.toml        (optional) copied into @TMP@, the working directory, where
                   pace finds it as a user's project would
In args, @DATA@ is a fresh copy of tests/cli/data, @FIXTURES@ the real-world fixtures and @TMP@
a fresh temporary directory; the same paths in the output are masked back to
those names, so goldens hold no machine's paths.

  run_golden.py PACE [--update] [CASE...]
--update rewrites the goldens from what pace prints now: review that diff.
"""
import difflib
import os
import shlex
import subprocess
import sys
import shutil
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "fixtures", "real"))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run_case(pace, case, update):
    case_dir = os.path.join(HERE, case)
    with tempfile.TemporaryDirectory(prefix="pace-cli-") as tmp:
        text = read(os.path.join(case_dir, "args"))
        # A copy of the data per case: commands that read storage may write
        # its index there, and a case must leave the tree as it found it.
        data = DATA
        if "@DATA@" in text:
            data = os.path.join(tmp, "data")
            shutil.copytree(DATA, data)
        subst = {"@DATA@": data, "@FIXTURES@": FIXTURES, "@TMP@": tmp}
        for key, value in subst.items():
            text = text.replace(key, value)
        args = shlex.split(text)
        config = os.path.join(case_dir, "pace.toml")
        if os.path.exists(config):
            write(os.path.join(tmp, "pace.toml"), read(config))
        env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
        proc = subprocess.run([pace] + args, cwd=tmp, env=env, capture_output=True, timeout=60)

        def mask(s):
            for key, value in subst.items():
                s = s.replace(value, key)
            return s

        got = {
            "expected_stdout": mask(proc.stdout.decode("utf-8", "replace")),
            "expected_stderr": mask(proc.stderr.decode("utf-8", "replace")),
            "expected_exit": f"{proc.returncode}\n",
        }
        for written, golden in (("out.csv", "expected_csv"), ("out.xml", "expected_junit")):
            path = os.path.join(tmp, written)
            if os.path.exists(path) or os.path.exists(os.path.join(case_dir, golden)):
                got[golden] = mask(read(path)) if os.path.exists(path) else "(no file written)\n"

    failures = []
    for name, actual in got.items():
        golden = os.path.join(case_dir, name)
        if update:
            # stderr is only pinned when there is something to pin or it was pinned before.
            if name != "expected_stderr" or actual or os.path.exists(golden):
                write(golden, actual)
            continue
        if not os.path.exists(golden):
            if name == "expected_stderr":
                continue
            failures.append(f"{case}: {name} is missing (run with --update)")
            continue
        expected = read(golden)
        if expected != actual:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                f"{case}/{name}", "actual"))
            failures.append(f"{case}: {name} differs\n{diff}")
    return failures


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    pace = os.path.abspath(argv[0])
    update = "--update" in argv[1:]
    cases = [a for a in argv[1:] if a != "--update"]
    if not cases:
        cases = sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "args")))
    failures = []
    for case in cases:
        failures += run_case(pace, case, update)
    for f in failures:
        print(f, file=sys.stderr)
    if update:
        print(f"updated {len(cases)} cases")
    else:
        print(f"{len(cases) - len({f.split(':')[0] for f in failures})} of {len(cases)} cases pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
