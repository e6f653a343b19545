#!/usr/bin/env python3
"""InstallLayout: `cmake --install` into a DESTDIR puts the files where docs/scheduling.md says.

Usage: install_test.py --cmake CMAKE --build BUILD_DIR --source SOURCE_DIR --work SCRATCH_DIR

For the prefixes /usr/local (the one the docs use) and /usr, installs into
SCRATCH_DIR/<name> with DESTDIR and checks: exactly the documented files, the
binary runs, the service's ExecStart names the binary of that prefix, the
install manifest lists every file (as CMake does, without DESTDIR), and for
/usr/local the installed units are byte for byte the
blocks docs/scheduling.md shows (marked `docs-test: installed PATH`) and every
installed path is named in the docs. Standard library only; nothing is written
outside SCRATCH_DIR but the build tree's install_manifest.txt.
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import markdown_blocks  # noqa: E402

# Installed files, relative to the prefix.
EXPECTED = [
    "bin/govharvest",
    "lib/systemd/system/govharvest.service",
    "lib/systemd/system/govharvest.timer",
    "share/govharvest/govharvest.toml",
    "share/govharvest/portals.toml",
]

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL: " + message)
    return ok


def files_under(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    scheduling = os.path.join(args.source, "docs", "scheduling.md")
    docs_text = open(scheduling, encoding="utf-8").read()
    marked = markdown_blocks.marked(scheduling)

    check("cmake --install build --prefix /usr/local" in docs_text,
          "docs/scheduling.md does not say `cmake --install build --prefix /usr/local`")
    shutil.rmtree(args.work, ignore_errors=True)
    for prefix in ("/usr/local", "/usr"):
        destdir = os.path.join(args.work, prefix.strip("/").replace("/", "-"))
        env = dict(os.environ, DESTDIR=destdir)
        r = subprocess.run([args.cmake, "--install", args.build, "--prefix", prefix], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if not check(r.returncode == 0, "cmake --install --prefix %s failed:\n%s" % (prefix, r.stdout)):
            continue
        root = destdir + prefix
        check(files_under(destdir) == sorted(os.path.join(prefix.strip("/"), f) for f in EXPECTED),
              "--prefix %s installed %s, expected %s" % (prefix, files_under(destdir), EXPECTED))
        binary = os.path.join(root, "bin/govharvest")
        if check(os.access(binary, os.X_OK), binary + " is not executable"):
            r = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            check(r.returncode == 0 and "govharvest" in r.stdout, "%s --version: %s" % (binary, r.stdout))
        for unit in ("lib/systemd/system/govharvest.service", "lib/systemd/system/govharvest.timer"):
            path = os.path.join(root, unit)
            if not os.path.exists(path):
                continue
            check(oct(os.stat(path).st_mode & 0o777) == oct(0o644), "%s mode %o" % (path, os.stat(path).st_mode))
            text = open(path, encoding="utf-8").read()
            check("@" not in text, "%s keeps a placeholder:\n%s" % (path, text))
            if unit.endswith(".service"):
                exec_start = [l for l in text.splitlines() if l.startswith("ExecStart=")]
                check(len(exec_start) == 1 and exec_start[0].split()[0] == "ExecStart=%s/bin/govharvest" % prefix,
                      "%s: ExecStart does not name %s/bin/govharvest: %s" % (path, prefix, exec_start))
            if prefix == "/usr/local":
                block = marked.get("installed " + unit)
                if check(block is not None, "docs/scheduling.md shows no block marked 'docs-test: installed %s'" % unit):
                    check(block.text == text, "%s differs from the installed %s:\n--- docs\n%s--- installed\n%s"
                          % (block.where(scheduling), unit, block.text, text))
        manifest = os.path.join(args.build, "install_manifest.txt")
        listed = sorted(open(manifest, encoding="utf-8").read().split()) if os.path.exists(manifest) else []
        check(listed == sorted(os.path.join(prefix, f) for f in EXPECTED),
              "install_manifest.txt for --prefix %s lists %s" % (prefix, listed))
        if prefix == "/usr/local":
            for f in EXPECTED:
                check(os.path.join(prefix, f) in docs_text, "docs/scheduling.md does not name %s/%s" % (prefix, f))
        # systemd's own parser, when there is one: unknown keys, bad values.
        analyze = shutil.which("systemd-analyze")
        if analyze and prefix == "/usr/local":
            units = [os.path.join(root, "lib/systemd/system", u) for u in ("govharvest.service", "govharvest.timer")]
            r = subprocess.run([analyze, "verify", "--man=no", "--recursive-errors=no"] + units,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            # ExecStart names /usr/local/bin/govharvest, not installed on this machine, and User= a user that may
            # not exist: only syntax errors count.
            bad = [l for l in r.stdout.splitlines()
                   if ("Unknown " in l or "Failed to parse" in l or "Invalid" in l or "Missing '='" in l)]
            check(not bad, "systemd-analyze verify:\n" + r.stdout)
            print("systemd-analyze verify: %s" % (r.stdout.strip() or "no complaints"))
        elif prefix == "/usr/local":
            print("systemd-analyze not installed: units not checked by systemd's parser")
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("InstallLayout: ok (%s under /usr/local and /usr)" % ", ".join(EXPECTED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
