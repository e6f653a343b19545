#!/usr/bin/env python3
"""DocsExamples: the code blocks of the docs, run as a reader would run them.

Usage: docs_examples.py --govharvest BIN --source SOURCE_DIR --work SCRATCH_DIR [--python /usr/bin/python3]

Builds a small snapshot the way docs/export.md says (`archive import` of report
fixtures, `extract`, `export --out DIR`) in SCRATCH_DIR, then runs every block
of docs/export.md marked `<!-- docs-test: NAME -->` (markdown_blocks.py) with
SCRATCH_DIR as working directory, so the docs' `DIR/...` paths name the
snapshot: python blocks with Debian's /usr/bin/python3 (python3-pandas; the
`python3` on PATH may be another interpreter without pandas), sh blocks with
bash -e (sqlite3), r blocks with Rscript when it is installed (else reported as
skipped). A block that fails, raises or prints to stderr fails the test; so do
the test's own checks run after a block in the same interpreter (CHECKS). Every
python, R and sqlite3 block of docs/export.md must be marked, so no example is
left untested. It also checks the cron block of docs/scheduling.md (one line
per entry: crontab has no continuation lines).

Exit 0 when everything passed, 1 otherwise, 77 (skipped) when pandas is missing.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import markdown_blocks  # noqa: E402

# (fixture under tests/fixtures, URL it is imported as): reports of several
# provinces, years and templates, a pre-2019 one (legacy cells) and a page
# whose agency name a spreadsheet would run as a formula and whose 新收 row is
# blank (made in SCRATCH_DIR from HOSTILE_FIXTURE).
IMPORTS = [
    ("seeds/000_9de06cae2ece0565.txt", "http://www.xiangfuqu.gov.cn/xxgk/nb/2019.html"),
    ("seeds/001_ae51e28a24af67cf.txt", "http://www.jingjiang.gov.cn/bjgz/nb/2017.html"),
    ("seeds/002_49ee148252c18417.txt", "http://www.huaxi.gov.cn/nb/2021.html"),
    ("seeds/003_b0c83f9a26583a92.txt", "http://www.lianhua.gov.cn/nb/2022.html"),
    ("seeds/004_36e6be138d2a2c92.txt", "http://www.wenzhou.gov.cn/nb/2019.html"),
    ("portal-pages/hanweb-2021.html", "http://www.huaian.gov.cn/art/2022/1/20/art_1.html"),
    ("portal-pages/gkmlpt-2021.html", "http://www.zc.gov.cn/gkmlpt/content/1/1.html"),
    ("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html"),
]
HOSTILE_FIXTURE = "portal-pages/generic-2021.htm"
HOSTILE_URL = "http://www.xiangfu.gov.cn/zfxxgk/ndbg/2021.htm"
HOSTILE_AGENCY = "=A1+1区人民政府"

# Checks run after a python block, in the same interpreter (they see its variables).
CHECKS = {
    "pandas": r'''
# ---- DocsExamples' checks (not part of the docs)
assert len(reports) > 0 and len(wide) == len(reports), (len(reports), len(wide))
assert "province" in long.columns
sub = long[long.field_id == "apply.new.total"]
assert len(sub) > 0
groups = blank = 0
for (province, year), group in sub.dropna(subset=["year"]).groupby(["province", "year"]):
    got = apps.loc[province, year]
    if group["value"].isna().all():
        assert pd.isna(got), ("all blank must stay NaN", province, year, got)
        blank += 1
    else:
        assert got == group["value"].sum(), (province, year, got)
    groups += 1
# The blank cell the test made: a report whose only apply.new.total is blank.
assert blank >= 1, "no all-blank group: the check of min_count=1 checked nothing"
print("pandas: %d reports, %d cells, %d province-year groups (%d all blank, NaN)" % (len(reports), len(long), groups, blank))
''',
    "pandas-unneutralize": r'''
# ---- DocsExamples' checks (not part of the docs)
import json
exact = {}
for line in open("DIR/reports.jsonl", encoding="utf-8"):
    r = json.loads(line)
    exact[r["report_id"]] = (r["agency"], r["agency_key"])
raw = open("DIR/stats_long.csv", encoding="utf-8").read()
assert ",'=A1+1" in raw, "the hostile agency name is not neutralized in stats_long.csv"
for rid, agency, key in zip(long.report_id, long.agency.fillna(""), long.agency_key.fillna("")):
    assert (agency, key) == exact[rid], (rid, agency, key, exact[rid])
assert "=A1+1区人民政府" in set(long.agency)
print("pandas-unneutralize: %d rows give back the exact agency names of reports.jsonl" % len(long))
''',
}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(argv, cwd=None, input_text=None):
    return subprocess.run(argv, cwd=cwd, input=input_text, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def govharvest(args, *more):
    r = run([args.govharvest, "--archive", os.path.join(args.work, "archive"), "--log-level", "warn"] + list(more))
    if r.returncode != 0:
        raise SystemExit("govharvest %s: exit %d\n%s" % (" ".join(more), r.returncode, r.stderr))
    return r.stdout


def build_snapshot(args):
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    fixtures = os.path.join(args.source, "tests", "fixtures")
    imports = [(os.path.join(fixtures, f), url) for f, url in IMPORTS]
    # A county page whose agency name (title and body) is formula-like text,
    # and whose 新收 row (apply.new.*) is left blank ("—", not reported).
    page = open(os.path.join(fixtures, HOSTILE_FIXTURE), "rb").read().decode("gb18030")  # charset=gb2312
    page = page.replace("开封市祥符区人民政府", HOSTILE_AGENCY).replace("祥符区人民政府", HOSTILE_AGENCY)
    lines = page.split("\n")
    blanked = [i for i, l in enumerate(lines) if "本年新收政府信息公开申请数量" in l]
    if len(blanked) != 1:
        raise SystemExit("%s: expected one 新收 row, found %d" % (HOSTILE_FIXTURE, len(blanked)))
    lines[blanked[0]] = re.sub(r">\s*\d+\s*</td>", ">—</td>", lines[blanked[0]])
    hostile = os.path.join(args.work, "hostile.htm")
    with open(hostile, "w", encoding="gb18030", newline="") as f:
        f.write("\n".join(lines))
    imports.append((hostile, HOSTILE_URL))
    for path, url in imports:
        govharvest(args, "archive", "import", path, "--url", url, "--fetched-at", "2022-03-01T10:00:00+08:00")
    govharvest(args, "extract")
    govharvest(args, "export", "--out", os.path.join(args.work, "DIR"))


def run_block(args, path, block):
    where = "%s (%s)" % (block.where(path), block.name)
    if block.lang == "python":
        r = run([args.python, "-"], cwd=args.work, input_text=block.text + CHECKS.get(block.name, ""))
    elif block.lang == "sh":
        r = run(["bash", "-e", "-u", "-o", "pipefail", "-"], cwd=args.work, input_text=block.text)
    elif block.lang == "r":
        rscript = shutil.which("Rscript")
        if not rscript or run([rscript, "-e", "library(DBI); library(RSQLite)"]).returncode != 0:
            print("SKIP %s: R (Rscript with DBI and RSQLite) is not installed" % where)
            return
        r = run([rscript, "-"], cwd=args.work, input_text=block.text)
    else:
        fail("%s: no runner for a %r block" % (where, block.lang))
        return
    if r.returncode != 0 or r.stderr.strip():
        fail("%s: exit %d\n--- stdout\n%s--- stderr\n%s" % (where, r.returncode, r.stdout, r.stderr))
    else:
        print("ok %s\n%s" % (where, "".join("  | " + l + "\n" for l in r.stdout.splitlines()[:20])), end="")
        if block.lang == "sh" and not r.stdout.strip():
            fail("%s printed nothing" % where)


def check_cron(path):
    block = markdown_blocks.marked(path).get("cron")
    if block is None:
        fail("%s: no block marked 'docs-test: cron'" % path)
        return
    before = len(failures)
    entries = [l for l in block.text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    if not entries:
        fail("%s: empty" % block.where(path))
    for line in entries:
        # /etc/cron.d: five time fields, the user, the command; no continuation lines, no unescaped %.
        fields = line.split()
        if line.rstrip().endswith("\\") or line[0].isspace() or len(fields) < 7:
            fail("%s: not a whole crontab entry (crontab has no continuation lines): %s" % (block.where(path), line))
        elif not all(re.fullmatch(r"[0-9*/,-]+", f) for f in fields[:5]):
            fail("%s: bad time fields: %s" % (block.where(path), line))
        elif re.search(r"(?<!\\)%", line):
            fail("%s: unescaped %% (cron turns it into a newline): %s" % (block.where(path), line))
    if len(failures) == before:
        print("ok %s (cron): %d entr%s" % (block.where(path), len(entries), "y" if len(entries) == 1 else "ies"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--govharvest", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--python", default="/usr/bin/python3")
    args = parser.parse_args()
    if run([args.python, "-c", "import pandas"]).returncode != 0:
        print("SKIP: %s cannot import pandas (Debian: apt-get install python3-pandas; .ci/bootstrap.sh does)"
              % args.python)
        return 77
    export_md = os.path.join(args.source, "docs", "export.md")
    check_cron(os.path.join(args.source, "docs", "scheduling.md"))

    blocks = markdown_blocks.blocks(export_md)
    for b in blocks:
        runnable = b.lang in ("python", "r") or (b.lang == "sh" and "sqlite3 " in b.text)
        if runnable and not b.name:
            fail("%s: a %s example not marked <!-- docs-test: NAME -->, so no test runs it" % (b.where(export_md), b.lang))
    marked = [b for b in blocks if b.name]
    for name in ("pandas", "pandas-unneutralize", "sqlite", "r"):
        if name not in {b.name for b in marked}:
            fail("%s: no block marked 'docs-test: %s'" % (export_md, name))
    build_snapshot(args)
    for b in marked:
        run_block(args, export_md, b)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("DocsExamples: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
