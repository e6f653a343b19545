#!/usr/bin/env python3
"""Generates N distinct annual-report pages for bench/extract/run.sh from the
corpus: the HTML report pages of tests/fixtures/portal-pages (six CMS chromes,
UTF-8 and GBK) and the plain-text seeds of tests/fixtures/seeds. Copy i takes
source i % len(sources) and changes, consistently through the page, the main
place name (the most frequent 2-3 character 区/县/市 name), the report year
and a few numbers of the narrative (counts followed by 条/件/次/个/人次), so
every page is a distinct payload and a distinct clean document. Writes
OUT/NNNNN-<source>.<ext> in the source's own encoding; deterministic.

  gen_pages.py FIXTURES_DIR OUT_DIR N
"""
import collections
import pathlib
import random
import re
import sys

STEMS = (
    "东城 西城 朝阳 海淀 丰台 石景 门头 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆 和平 河东 河西 南开 "
    "河北 红桥 滨海 西青 津南 北辰 武清 宝坻 宁河 静海 蓟州 长安 桥西 新华 裕华 井陉 正定 行唐 灵寿 高邑 "
    "深泽 赞皇 无极 平山 元氏 赵县 辛集 晋州 新乐 鹿泉 栾城 藁城 迎泽 杏花 万柏 尖草 晋源 小店 清徐 阳曲 "
    "娄烦 古交 城厢 矿山 郊源 南郊 新荣 阳高 天镇 广灵 灵丘 浑源 左云 云冈 云州").split()

PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2}[区县市])(?:人民政府|政府|委员会|[，,。的])")
YEAR_RE = re.compile(r"(20[12]\d)年")
COUNT_RE = re.compile(r"(?<![\d.])(\d{1,5})(?=\s*(?:条|件|次|个|人次|份|项))")


def decode(raw):
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            pass
    raise SystemExit("cannot decode")


def vary(text, i, rng):
    # Main place name: the most frequent one before 人民政府/政府/...
    names = collections.Counter(m.group(1) for m in PLACE_RE.finditer(text))
    if names:
        old = names.most_common(1)[0][0]
        new = STEMS[(i // 36) % len(STEMS)] + old[-1]
        if new != old:
            text = text.replace(old, new)
    # Report year: the most frequent "YYYY年", shifted to another year (and
    # the year after it, the usual publication year, with it).
    years = collections.Counter(YEAR_RE.findall(text))
    if years:
        y = int(years.most_common(1)[0][0])
        ny = 2014 + (i // 36 // len(STEMS) + i) % 11
        if ny != y:
            mapping = {str(y): str(ny), str(y + 1): str(ny + 1)}
            text = re.sub(r"(?<!\d)(%d|%d)(?=年|-\d\d-\d\d)" % (y, y + 1), lambda m: mapping[m.group(1)], text)
    # A few narrative counts.
    hits = list(COUNT_RE.finditer(text))
    if hits:
        chosen = set(rng.sample(range(len(hits)), min(4, len(hits))))
        out, last = [], 0
        for k, m in enumerate(hits):
            if k in chosen:
                out.append(text[last:m.start()])
                out.append(str(int(m.group(1)) + rng.randint(1, 97)))
                last = m.end()
        out.append(text[last:])
        text = "".join(out)
    return text


def main():
    fixtures, out_dir, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    sources = sorted((fixtures / "portal-pages").iterdir()) + sorted((fixtures / "seeds").glob("*.txt"))
    out_dir.mkdir(parents=True, exist_ok=True)
    decoded = [(p, *decode(p.read_bytes())) for p in sources]
    total = 0
    seen = {}
    for i in range(n):
        path, text, enc = decoded[i % len(decoded)]
        rng = random.Random(i)
        page = vary(text, i, rng)
        data = page.encode(enc)
        if data in seen:
            sys.exit(f"copy {i} of {path.name} is the same as copy {seen[data]}: vary more")
        seen[data] = i
        (out_dir / f"{i:05d}-{path.stem}{path.suffix}").write_bytes(data)
        total += len(data)
    print(f"{n} pages from {len(sources)} sources, {total} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
