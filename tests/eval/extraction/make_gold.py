#!/usr/bin/env python3
"""Drafts the table part of a gold file from a report's own text, independently
of govharvest: the seed dumps as they are, the PDFs through `pdftotext -layout`.

  make_gold.py SOURCE > draft.json

Reads numbers by position, as a person reading the printed tables would: 表三 is
every number from 一、本年新收 to the 7 after 四、结转下年度 (25 rows of 7 in the
2021 template, 23 with a single (六)其他处理 row); 表四 the 15 numbers after the
first 维持; 表二 the numbers after each row label. The draft is then checked by
hand against the source and completed (template, identity, narrative facts)
before it is committed as gold/*.json; it is not run by the build.
"""
import json, re, subprocess, sys

NUM = re.compile(r'(?<![\d.\-])(\d+(?:\.\d+)?)(?![\d.、．\-])')
COLS = ['natural_person', 'legal_commercial', 'legal_research', 'legal_social', 'legal_lawfirm', 'legal_other', 'total']
ROWS_2021 = ['new', 'carried_over', 'granted', 'partial'] + \
    ['denied.' + r for r in ['state_secret', 'law_forbidden', 'three_safety', 'third_party', 'internal', 'process',
                             'enforcement_file', 'admin_query']] + \
    ['unable.' + r for r in ['not_held', 'need_create', 'unclear']] + \
    ['unprocessed.' + r for r in ['petition', 'duplicate', 'publication', 'mass_repeat', 'confirm_reissue']]
TAIL_2021 = ['other.no_correction', 'other.no_fee', 'other.other', 'result_total', 'carry_forward']
TAIL_2019 = ['other.total', 'result_total', 'carry_forward']


def num(s):
    v = float(s)
    return int(v) if v.is_integer() else v


def text_of(path):
    if path.endswith('.pdf'):
        return subprocess.run(['pdftotext', '-layout', path, '-'], check=True, capture_output=True, text=True).stdout
    return open(path, encoding='utf-8').read()


def main():
    t = text_of(sys.argv[1])
    t = re.sub(r'^\s*-\s*\d+\s*-\s*$', '', t, flags=re.M)  # page numbers "-3-"
    gold = {'active': {}, 'apply': {}, 'appeal': {}}
    a = t.find('本年新收')
    b = t.find('结转下年度', a)
    if a >= 0 and b >= 0:
        nums = NUM.findall(t[a:b])
        after = NUM.findall(t[b:])[:7]
        nums += after
        rows = ROWS_2021 + (TAIL_2021 if len(nums) == 175 else TAIL_2019)
        if len(nums) != 7 * len(rows):
            sys.exit('表三: %d numbers, expected %d' % (len(nums), 7 * len(rows)))
        for i, v in enumerate(nums):
            gold['apply']['apply.%s.%s' % (rows[i // 7], COLS[i % 7])] = num(v)
        c = t.find('维持', b)
        if c >= 0:
            four = NUM.findall(t[c:])[:15]
            groups, results = ['review', 'suit_direct', 'suit_after_review'], ['upheld', 'corrected', 'other', 'pending', 'total']
            for i, v in enumerate(four):
                gold['appeal']['appeal.%s.%s' % (groups[i // 5], results[i % 5])] = num(v)
    two = t[:a] if a >= 0 else t
    two = two[two.find('主动公开政府信息情况'):]
    for label, row, cols in [('规章', 'regulation', ['issued', 'repealed', 'in_force']),
                             ('规范性文件', 'normative', ['issued', 'repealed', 'in_force']),
                             ('行政许可', 'licensing', ['decisions']), ('行政处罚', 'penalty', ['decisions']),
                             ('行政强制', 'coercion', ['decisions']), ('行政事业性收费', 'admin_fee', ['amount_wan'])]:
        i = two.find(label)
        if i < 0:
            continue
        vals = NUM.findall(two[i + len(label):])[:len(cols)]
        for col, v in zip(cols, vals):
            gold['active']['active.%s.%s' % (row, col)] = num(v)
    json.dump(gold, sys.stdout, ensure_ascii=False, indent=1)


main()
