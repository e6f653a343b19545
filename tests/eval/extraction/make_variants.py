#!/usr/bin/env python3
"""Makes SYNTHETIC variants of real reports of the corpus for the extraction
gold (issue 6, docs/extraction.md), each in HTML, PDF and DOCX form, with its
gold JSON. Run once; the outputs are committed (not made at build time):

  /usr/bin/python3 tests/eval/extraction/make_variants.py \
      --fixtures tests/fixtures --gold tests/eval/extraction/gold

  (Debian python3-reportlab 3.6.12, python3-docx 0.8.11, fonts-wqy-microhei,
  poppler-utils for pdftotext)

Each variant takes a real report of the corpus as its template: the template
version (v2021 or v2019 表二/表三), the label wording of its tables and some
of its prose (sentences without digits from the real report, the agency's
names replaced). It is written for another agency and year with numbers drawn
afresh (fixed random seed per variant) so that the identities H1-H5 hold:
every 表三 column adds up (H1, H2), the 总计 column is the sum of the six
applicant columns (H3), each 表四 group total is the sum of its four results
(H4), counts are integers >= 0 and money has at most two decimals (H5). The
gold is the generator's own numbers; a cell printed as a blank mark (—, /,
无) is null in the gold (those cells are always zeros in the drawn numbers,
as real portals blank out nothing-to-report cells).

Layout features (listed per variant in the gold's "notes") vary the way real
portals do: rowspan/colspan group headers (HTML spans, merged DOCX cells, PDF
SPANs), 表三 split over two <table> elements (two Word tables, two PDF
tables), full-width digits, blank cells as —, / or 无, 万元 money with
decimals, thousands separators, 表三 running over two PDF pages (checked with
pdftotext), labels with spaces inside, the 需要/要求 typo, repeated labels of
unmerged cells. The agency names are realistic (the extractor needs them) but
the reports are synthetic: every gold file says so ("synthetic": true).
"""
import argparse, html, json, os, random, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

COLS = ['natural_person', 'legal_commercial', 'legal_research', 'legal_social', 'legal_lawfirm', 'legal_other', 'total']
COL_LABELS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']
DENIED = [('state_secret', '1.属于国家秘密'), ('law_forbidden', '2.其他法律行政法规禁止公开'),
          ('three_safety', '3.危及“三安全一稳定”'), ('third_party', '4.保护第三方合法权益'),
          ('internal', '5.属于三类内部事务信息'), ('process', '6.属于四类过程性信息'),
          ('enforcement_file', '7.属于行政执法案卷'), ('admin_query', '8.属于行政查询事项')]
UNABLE = [('not_held', '1.本机关不掌握相关政府信息'), ('need_create', '2.没有现成信息需要另行制作'),
          ('unclear', '3.补正后申请内容仍不明确')]
UNPROCESSED = [('petition', '1.信访举报投诉类申请'), ('duplicate', '2.重复申请'),
               ('publication', '3.要求提供公开出版物'), ('mass_repeat', '4.无正当理由大量反复申请'),
               ('confirm_reissue', '5.要求行政机关确认或重新出具已获取信息')]
OTHER = [('no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
         ('no_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
         ('other', '3.其他')]
GROUP3 = '三、本年度办理结果'
APPEAL_GROUPS = ['review', 'suit_direct', 'suit_after_review']
APPEAL_RESULTS = ['upheld', 'corrected', 'other', 'pending', 'total']
APPEAL_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']

# Real reports of the corpus used as templates: text source, names to replace.
SOURCES = {
    'seed002': ('seeds/002_49ee148252c18417.txt', ['贵阳市花溪区人民政府', '花溪区人民政府', '花溪区'], 'v2021'),
    'seed003': ('seeds/003_b0c83f9a26583a92.txt', ['莲花街道办事处', '莲花街道'], 'v2019'),
    'hongze-2023': ('peer-samples/jiangsu-huaian-hongze-district-govt_2023_annual-report.pdf',
                    ['淮安市洪泽区人民政府', '洪泽区人民政府', '洪泽区'], 'v2021'),
    'hongze-2024': ('peer-samples/jiangsu-huaian-hongze-district-govt_2024_annual-report.pdf',
                    ['淮安市洪泽区人民政府', '洪泽区人民政府', '洪泽区'], 'v2021'),
    'huaian-2024': ('peer-samples/jiangsu-huaian-municipal-govt_2024_annual-report.pdf',
                    ['淮安市人民政府', '淮安市'], 'v2021'),
    'shanghai-stcsm-2024': ('peer-samples/shanghai-municipal-science-tech-commission_2024_annual-report_pdf2md.md',
                            ['上海市科委', '市科委'], 'v2021'),
    'shanghai-gov-2025': ('peer-samples/shanghai-municipal-govt-general-office_2025_annual-report_pdf2md.md',
                          ['上海市人民政府办公厅', '市政府办公厅'], 'v2021'),
}
# Place names of the templates: a borrowed sentence still naming one is dropped.
FOREIGN = ['花溪', '贵阳', '莲花', '西峡', '洪泽', '淮安', '上海', '科委', '张江', '浦东', '我市', '全市', '本市', '市政府']

# The variants: id, template, agency (synthetic report), short name, year, template version, seed, features.
VARIANTS = [
    dict(id='v01-wudang-2023', source='seed002', agency='贵阳市乌当区人民政府', short='乌当区', year=2023,
         seed=101, features=['rowspan', 'thousands', 'money_decimals', 'pdf_two_pages']),
    dict(id='v02-xixiu-2022', source='seed002', agency='安顺市西秀区人民政府', short='西秀区', year=2022,
         seed=102, features=['split_table', 'blank:—', 'typo_need']),
    dict(id='v03-qiliyuan-2020', source='seed003', agency='南阳市卧龙区七里园乡人民政府', short='七里园乡', year=2020,
         seed=103, features=['fullwidth', 'spaced_labels', 'negative_delta']),
    dict(id='v04-zijin-2022', source='seed003', agency='西峡县紫金街道办事处', short='紫金街道', year=2022,
         seed=104, features=['rowspan', 'blank:/', 'template_mismatch']),
    dict(id='v05-huaiyin-2024', source='hongze-2024', agency='淮安市淮阴区人民政府', short='淮阴区', year=2024,
         seed=105, features=['rowspan', 'split_table', 'thousands', 'pdf_two_pages']),
    dict(id='v06-suqian-2023', source='huaian-2024', agency='宿迁市人民政府', short='宿迁市', year=2023,
         seed=106, features=['money_decimals', 'fullwidth', 'typo_need', 'city_level']),
    dict(id='v07-sheitc-2024', source='shanghai-stcsm-2024', agency='上海市经济和信息化委员会', short='市经济信息化委',
         year=2024, seed=107, features=['blank:无', 'spaced_labels', 'thousands', 'department']),
    dict(id='v08-hangzhou-2024', source='shanghai-gov-2025', agency='杭州市人民政府办公厅', short='市政府办公厅',
         year=2024, seed=108, features=['rowspan', 'split_table', 'fullwidth', 'money_decimals', 'department']),
    dict(id='v09-honghuagang-2021', source='seed002', agency='遵义市红花岗区人民政府', short='红花岗区', year=2021,
         seed=109, features=['repeated_labels', 'money_decimals', 'spaced_labels', 'pdf_two_pages']),
    dict(id='v10-tinghu-2023', source='hongze-2023', agency='盐城市亭湖区人民政府', short='亭湖区', year=2023,
         seed=110, features=['rowspan', 'thousands', 'typo_need', 'blank:/']),
]

FEATURE_NOTES = {
    'rowspan': '表三/表四 group headers as rowspan/colspan cells (HTML spans, merged DOCX cells, PDF SPANs); 表二 value cells with colspan',
    'split_table': '表三 split into two tables after the （三）不予公开 group (two <table> elements, two Word tables, two PDF tables); the second part has no header',
    'thousands': 'numbers of 1000 and more with thousands separators (12,345)',
    'money_decimals': '行政事业性收费 in 万元 with two decimals',
    'pdf_two_pages': 'PDF: 表三 runs over two pages (checked with pdftotext)',
    'fullwidth': 'all table numbers in full-width digits (１２３, ．)',
    'spaced_labels': 'labels with spaces inside (行 政 许 可, 商业 企业, 本年新收 政府信息公开申请数量)',
    'typo_need': 'typo 3.需要提供公开出版物 for 要求提供公开出版物',
    'negative_delta': 'v2019 表二 with a negative 本年增/减',
    'template_mismatch': 'a 2022 report on the 2019 template (as seed 003): flag template_mismatch',
    'repeated_labels': 'no merged cells: 表三 as an unmerged copy, three label columns with the group labels (三、本年度办理结果, （三）不予公开 …) repeated on every row of their group, covered slots empty; 表四 header labels repeated over the columns they spanned',
    'city_level': 'city government: 规章 rows with values',
    'department': 'a department (委/办公厅), not a government',
}


def fmt_factory(features):
    full = 'fullwidth' in features
    thousands = 'thousands' in features

    def fmt(v):
        if isinstance(v, float) and not float(v).is_integer():
            s = '%.2f' % v
        elif isinstance(v, float):
            s = '%d' % int(v)
        else:
            s = ('%+d' % v) if v < 0 else '%d' % v
        if thousands and abs(v) >= 1000:
            ip, _, dp = s.partition('.')
            sign = ip[0] if ip[0] in '+-' else ''
            ip = ip.lstrip('+-')
            ip = '{:,}'.format(int(ip))
            s = sign + ip + ('.' + dp if dp else '')
        if full:
            s = s.translate(str.maketrans('0123456789.', '０１２３４５６７８９．'))
        return s
    return fmt


def spaced(label, features):
    """Labels with spaces inside, as some portals type them."""
    if 'spaced_labels' not in features:
        return label
    special = {'行政许可': '行 政 许 可', '行政处罚': '行 政 处 罚', '行政强制': '行 政 强 制', '商业企业': '商业 企业',
               '科研机构': '科研 机构', '社会公益组织': '社会公益 组织', '法律服务机构': '法律服务 机构',
               '一、本年新收政府信息公开申请数量': '一、本年新收 政府信息公开申请数量',
               '二、上年结转政府信息公开申请数量': '二、上年结转 政府信息公开申请数量',
               '四、结转下年度继续办理': '四、结转下年度 继续办理', '（七）总计': '（七）总 计'}
    return special.get(label, label)


# ------------------------------------------------------------------ numbers

def draw_numbers(v, rng):
    version = v['version']
    big = 'city_level' in v['features'] or 'department' in v['features']
    # Applicant columns in use: natural persons always, commercial often, lawfirm sometimes.
    active_cols = ['natural_person', 'legal_commercial'] + (['legal_lawfirm'] if rng.random() < 0.6 else []) + \
        (['legal_other'] if rng.random() < 0.4 else [])
    blank_cols = [c for c in ['legal_research', 'legal_social'] if c not in active_cols]
    leaves = ['granted', 'partial'] + ['denied.' + k for k, _ in DENIED] + ['unable.' + k for k, _ in UNABLE] + \
        ['unprocessed.' + k for k, _ in UNPROCESSED] + \
        (['other.' + k for k, _ in OTHER] if version == 'v2021' else ['other.total'])
    weights = {'granted': 30, 'partial': 6, 'unable.not_held': 25, 'unable.need_create': 4, 'unable.unclear': 3,
               'unprocessed.petition': 5, 'unprocessed.duplicate': 3, 'other.other': 8, 'other.no_correction': 4,
               'other.total': 10, 'denied.process': 2, 'denied.internal': 2, 'denied.third_party': 1,
               'denied.three_safety': 1}
    apply = {}
    scale = {'natural_person': 1.0, 'legal_commercial': 0.12, 'legal_lawfirm': 0.05, 'legal_other': 0.04}
    base = rng.randint(400, 1500) if big else rng.randint(20, 160)
    for c in COLS[:6]:
        for leaf in leaves:
            apply['%s.%s' % (leaf, c)] = 0
        apply['carried_over.' + c] = 0
        apply['carry_forward.' + c] = 0
        if c not in active_cols:
            continue
        n = max(1, int(base * scale[c]))
        for _ in range(n):
            leaf = rng.choices(leaves, [weights.get(l, 0.3) for l in leaves])[0]
            apply['%s.%s' % (leaf, c)] += 1
        apply['carried_over.' + c] = rng.randint(0, max(1, n // 8))
        apply['carry_forward.' + c] = rng.randint(0, max(1, n // 7))
    for c in COLS[:6]:
        rt = sum(apply['%s.%s' % (leaf, c)] for leaf in leaves)
        apply['result_total.' + c] = rt
        if apply['carried_over.' + c] > rt + apply['carry_forward.' + c]:
            apply['carried_over.' + c] = 0
        apply['new.' + c] = rt + apply['carry_forward.' + c] - apply['carried_over.' + c]
    rows = ['new', 'carried_over'] + leaves + ['result_total', 'carry_forward']
    for r in rows:
        apply[r + '.total'] = sum(apply['%s.%s' % (r, c)] for c in COLS[:6])
    apply = {'apply.%s' % k: val for k, val in apply.items()}
    # 表四
    appeal = {}
    for g in APPEAL_GROUPS:
        vals = [rng.choice([0, 0, 1, 2, 3, 5, 8]) if not big else rng.randint(0, 30) for _ in range(4)]
        for res, x in zip(APPEAL_RESULTS, vals + [sum(vals)]):
            appeal['appeal.%s.%s' % (g, res)] = x
    # 表二
    active = {}
    if version == 'v2021':
        reg = [rng.randint(1, 12), rng.randint(0, 5), rng.randint(80, 240)] if 'city_level' in v['features'] else [0, 0, 0]
        issued = rng.randint(1, 30)
        repealed = rng.randint(0, 8)
        norm = [issued, repealed, rng.randint(20, 200)]
        for k, x in zip(['issued', 'repealed', 'in_force'], reg):
            active['active.regulation.' + k] = x
        for k, x in zip(['issued', 'repealed', 'in_force'], norm):
            active['active.normative.' + k] = x
        active['active.licensing.decisions'] = rng.randint(1200, 48000) if not big else rng.randint(15000, 90000)
        active['active.penalty.decisions'] = rng.randint(150, 9000)
        active['active.coercion.decisions'] = rng.randint(0, 400)
        fee = rng.randint(5000, 900000) / 100.0
        active['active.admin_fee.amount_wan'] = fee if 'money_decimals' in v['features'] else float(int(fee))
    else:
        for row in ['regulation', 'normative']:
            made = 0 if row == 'regulation' else rng.randint(0, 9)
            active['active.%s.new_made' % row] = made
            active['active.%s.new_published' % row] = made
            active['active.%s.total_published' % row] = 0 if row == 'regulation' else made + rng.randint(5, 40)
        for row in ['licensing', 'other_service', 'penalty', 'coercion']:
            active['active.%s.prev_items' % row] = rng.randint(3, 60)
            active['active.%s.delta' % row] = rng.randint(-4, 6)
            active['active.%s.decisions' % row] = rng.randint(0, 1500)
        if 'negative_delta' in v['features']:
            active['active.licensing.delta'] = -rng.randint(1, 5)
        active['active.admin_fee.prev_items'] = rng.randint(0, 12)
        active['active.admin_fee.delta'] = rng.randint(0, 2)
        active['active.procurement.items'] = rng.randint(1, 40)
        active['active.procurement.amount'] = rng.randint(1000, 90000) / 100.0
    narrative = {
        'narrative.active_items': rng.randint(300, 20000),
        'narrative.apply_received': apply['apply.new.total'],
        'narrative.review_cases': appeal['appeal.review.total'],
        'narrative.suit_cases': appeal['appeal.suit_direct.total'] + appeal['appeal.suit_after_review.total'],
    }
    return active, apply, appeal, narrative, blank_cols


# ------------------------------------------------------------------ prose

def source_sentences(fixtures, source):
    path, names, _ = SOURCES[source]
    full = os.path.join(fixtures, path)
    if path.endswith('.pdf'):
        text = subprocess.run(['pdftotext', '-layout', full, '-'], check=True, capture_output=True,
                              text=True).stdout
    else:
        text = open(full, encoding='utf-8').read()
    lines = [l.strip() for l in text.split('\n') if '|' not in l]
    joined = ''.join(l for l in lines if l)
    out = []
    for s in joined.split('。'):
        s = s.strip()
        if not (24 <= len(s) <= 110):
            continue
        if re.search(r'[0-9０-９|#（）()]', s) or re.search(r'^[一二三四五六七八九十]、', s):
            continue
        if any(t in s for t in ['表二', '表三', '第二十条', '申请人情况', '结果维持']):
            continue
        out.append(s)
    return out, names


def adapt(sentences, names, short):
    out = []
    for s in sentences:
        for n in names:
            s = s.replace(n, short)
        if any(f in s for f in FOREIGN):
            continue
        out.append(s + '。')
    return out


# ------------------------------------------------------------------ logical document

class Cell:
    def __init__(self, text, rs=1, cs=1):
        self.text, self.rs, self.cs = text, rs, cs


def table2(v, fmt, blank):
    """表二 as rows of Cells (spans used only with rowspan/colspan features)."""
    f = v['features']
    span = 'rowspan' in f
    a = v['active']
    val = lambda k: blank if a.get(k) is None else fmt(a[k])
    rows = []
    def group(title):
        rows.append([Cell(title, cs=4)] if span else [Cell(title)])
    def wide(label, value):
        rows.append([Cell(spaced(label, f)), Cell(value, cs=3)] if span else [Cell(spaced(label, f)), Cell(value)])
    if v['version'] == 'v2021':
        group('第二十条第（一）项')
        rows.append([Cell('信息内容'), Cell('本年制发件数'), Cell('本年废止件数'), Cell('现行有效件数')])
        for key, label in [('regulation', '规章'), ('normative', '行政规范性文件')]:
            rows.append([Cell(label)] + [Cell(val('active.%s.%s' % (key, c))) for c in ['issued', 'repealed', 'in_force']])
        group('第二十条第（五）项')
        wide('信息内容', '本年处理决定数量')
        wide('行政许可', val('active.licensing.decisions'))
        group('第二十条第（六）项')
        wide('信息内容', '本年处理决定数量')
        wide('行政处罚', val('active.penalty.decisions'))
        wide('行政强制', val('active.coercion.decisions'))
        group('第二十条第（八）项')
        wide('信息内容', '本年收费金额（单位：万元）')
        wide('行政事业性收费', val('active.admin_fee.amount_wan'))
    else:
        group('第二十条第（一）项')
        rows.append([Cell('信息内容'), Cell('本年新制作数量'), Cell('本年新公开数量'), Cell('对外公开总数量')])
        for key, label in [('regulation', '规章'), ('normative', '规范性文件')]:
            rows.append([Cell(label)] + [Cell(val('active.%s.%s' % (key, c)))
                                         for c in ['new_made', 'new_published', 'total_published']])
        for title, items in [('第二十条第（五）项', [('licensing', '行政许可'), ('other_service', '其他对外管理服务事项')]),
                             ('第二十条第（六）项', [('penalty', '行政处罚'), ('coercion', '行政强制')])]:
            group(title)
            rows.append([Cell('信息内容'), Cell('上一年项目数量'), Cell('本年增/减'), Cell('处理决定数量')])
            for key, label in items:
                rows.append([Cell(spaced(label, f))] + [Cell(val('active.%s.%s' % (key, c)))
                                                        for c in ['prev_items', 'delta', 'decisions']])
        group('第二十条第（八）项')
        if span:
            rows.append([Cell('信息内容'), Cell('上一年项目数量'), Cell('本年增/减', cs=2)])
            rows.append([Cell('行政事业性收费'), Cell(val('active.admin_fee.prev_items')),
                         Cell(val('active.admin_fee.delta'), cs=2)])
        else:
            rows.append([Cell('信息内容'), Cell('上一年项目数量'), Cell('本年增/减')])
            rows.append([Cell('行政事业性收费'), Cell(val('active.admin_fee.prev_items')), Cell(val('active.admin_fee.delta'))])
        group('第二十条第（九）项')
        if span:
            rows.append([Cell('信息内容'), Cell('采购项目数量'), Cell('采购总金额（单位：万元）', cs=2)])
            rows.append([Cell('政府集中采购'), Cell(val('active.procurement.items')),
                         Cell(val('active.procurement.amount'), cs=2)])
        else:
            rows.append([Cell('信息内容'), Cell('采购项目数量'), Cell('采购总金额（单位：万元）')])
            rows.append([Cell('政府集中采购'), Cell(val('active.procurement.items')), Cell(val('active.procurement.amount'))])
    return rows


def table3_spec(v):
    """表三 data rows: (group1, group2, label, row id)."""
    rows = [(None, None, '一、本年新收政府信息公开申请数量', 'new'), (None, None, '二、上年结转政府信息公开申请数量', 'carried_over'),
            (GROUP3, None, '（一）予以公开', 'granted'),
            (GROUP3, None, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'partial')]
    rows += [(GROUP3, '（三）不予公开', l, 'denied.' + k) for k, l in DENIED]
    rows += [(GROUP3, '（四）无法提供', l, 'unable.' + k) for k, l in UNABLE]
    unp = []
    for k, l in UNPROCESSED:
        if k == 'publication' and 'typo_need' in v['features']:
            l = '3.需要提供公开出版物'
        unp.append((GROUP3, '（五）不予处理', l, 'unprocessed.' + k))
    rows += unp
    if v['version'] == 'v2021':
        rows += [(GROUP3, '（六）其他处理', l, 'other.' + k) for k, l in OTHER]
    else:
        rows += [(GROUP3, None, '（六）其他处理', 'other.total')]
    rows += [(GROUP3, None, '（七）总计', 'result_total'), (None, None, '四、结转下年度继续办理', 'carry_forward')]
    return rows


def table3(v, fmt, blank, part_rows, with_header):
    """表三 (or one part of it) as rows of Cells."""
    f = v['features']
    a = v['apply']
    val = lambda k: blank if a[k] is None else fmt(a[k])
    out = []
    if 'rowspan' in f:
        if with_header:
            out.append([Cell('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rs=3, cs=3),
                        Cell('申请人情况', cs=7)])
            out.append([Cell('自然人', rs=2), Cell('法人或其他组织', cs=5), Cell('总计', rs=2)])
            out.append([Cell(spaced(l, f)) for l in COL_LABELS[1:6]])
        i = 0
        while i < len(part_rows):
            g1, g2, label, rid = part_rows[i]
            vals = [Cell(val('apply.%s.%s' % (rid, c))) for c in COLS]
            if g1 is None:
                out.append([Cell(spaced(label, f), cs=3)] + vals)
                i += 1
                continue
            row = []
            n1 = sum(1 for r in part_rows[i:] if r[0] == g1)
            if i == 0 or part_rows[i - 1][0] != g1:
                row.append(Cell(g1, rs=n1))
            if g2 is None:
                row.append(Cell(spaced(label, f), cs=2))
            else:
                if i == 0 or part_rows[i - 1][1] != g2:
                    n2 = 0
                    while i + n2 < len(part_rows) and part_rows[i + n2][1] == g2:
                        n2 += 1
                    row.append(Cell(g2, rs=n2))
                row.append(Cell(label))
            out.append(row + vals)
            i += 1
    else:
        repeated = 'repeated_labels' in f
        if with_header:
            out.append([Cell('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'), Cell('申请人情况')])
            pad = [Cell(''), Cell('')] if repeated else []
            if repeated:
                out.append(pad + [Cell('')] + [Cell(spaced(l, f)) if k in (0, 6) else Cell('法人或其他组织')
                                               for k, l in enumerate(COL_LABELS)])
            out.append(pad + [Cell('')] + [Cell(spaced(l, f)) for l in COL_LABELS])
        last_group = None
        for g1, g2, label, rid in part_rows:
            vals = [Cell(val('apply.%s.%s' % (rid, c))) for c in COLS]
            if repeated:
                # An unmerged copy: every row repeats its group labels in
                # their own columns; the slots a span covered are empty.
                labels = [x for x in [g1, g2] if x] + [spaced(label, f)]
                out.append([Cell(x) for x in labels + [''] * (3 - len(labels))] + vals)
                continue
            if g1 and last_group is None:
                out.append([Cell(g1)])
            last_group = g1
            if g2 and not any(r[0].text == g2 for r in out):
                out.append([Cell(g2)])
            out.append([Cell(spaced(label, f))] + vals)
    return out


def table4(v, fmt, blank):
    a = v['appeal']
    vals = [Cell(blank if a['appeal.%s.%s' % (g, r)] is None else fmt(a['appeal.%s.%s' % (g, r)]))
            for g in APPEAL_GROUPS for r in APPEAL_RESULTS]
    if 'rowspan' in v['features']:
        return [[Cell('行政复议', cs=5), Cell('行政诉讼', cs=10)],
                [Cell(l, rs=2) for l in APPEAL_LABELS] + [Cell('未经复议直接起诉', cs=5), Cell('复议后起诉', cs=5)],
                [Cell(l) for l in APPEAL_LABELS * 2], vals]
    if 'repeated_labels' in v['features']:
        return [[Cell('行政复议')] * 5 + [Cell('行政诉讼')] * 10,
                [Cell(l) for l in APPEAL_LABELS] + [Cell('未经复议直接起诉')] * 5 + [Cell('复议后起诉')] * 5,
                [Cell(l) for l in APPEAL_LABELS * 3], vals]
    return [[Cell('行政复议'), Cell(''), Cell(''), Cell(''), Cell(''), Cell('行政诉讼')],
            [Cell(l) for l in APPEAL_LABELS] + [Cell('未经复议直接起诉'), Cell(''), Cell(''), Cell(''), Cell(''),
                                                 Cell('复议后起诉')],
            [Cell(l) for l in APPEAL_LABELS * 3], vals]


def document(v, prose):
    """The report as a list of blocks: ('title'|'p'|'h'|'table', payload)."""
    fmt = fmt_factory(v['features'])
    blank = v['blank']
    y, name, short = v['year'], v['agency'], v['short']
    n = v['narrative']
    rng = random.Random(v['seed'] * 7)
    pick = lambda k: [prose[i] for i in sorted(rng.sample(range(len(prose)), min(k, len(prose))))]
    doc = [('title', v['title'])]
    doc.append(('p', '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由%s编制。全文包括总体情况、主动公开政府信息情况、'
                     '收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。'
                     '本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。' % (name, y, y)))
    doc.append(('h', '一、总体情况'))
    doc += [('p', s) for s in pick(3)]
    doc.append(('p', '（一）主动公开。%d年，%s主动公开政府信息%s条。' % (y, short, n['narrative.active_items'])))
    doc.append(('p', '（二）依申请公开。全年共收到政府信息公开申请%d件，均在法定期限内答复。' % n['narrative.apply_received']))
    doc.append(('p', '（三）复议诉讼。全年发生政府信息公开行政复议%d件，行政诉讼%d件。' %
                (n['narrative.review_cases'], n['narrative.suit_cases'])))
    doc += [('p', s) for s in pick(2)]
    doc.append(('h', '二、主动公开政府信息情况'))
    doc.append(('table', table2(v, fmt, blank)))
    doc.append(('h', '三、收到和处理政府信息公开申请情况'))
    spec = table3_spec(v)
    if 'split_table' in v['features']:
        cut = max(i for i, r in enumerate(spec) if r[1] == '（三）不予公开') + 1
        doc.append(('table', table3(v, fmt, blank, spec[:cut], True)))
        doc.append(('table', table3(v, fmt, blank, spec[cut:], False)))
    else:
        doc.append(('table', table3(v, fmt, blank, spec, True)))
    doc.append(('h', '四、政府信息公开行政复议、行政诉讼情况'))
    doc.append(('table', table4(v, fmt, blank)))
    doc.append(('h', '五、政府信息公开工作存在的主要问题及改进情况'))
    doc += [('p', s) for s in pick(3)]
    doc.append(('h', '六、其他需要报告的事项'))
    doc.append(('p', '本年度%s未收取信息处理费。' % short))
    return doc


# ------------------------------------------------------------------ renderers

def grid_of(rows):
    """Places spanned cells on a grid: [(r, c, rs, cs, text)], ncols."""
    taken = set()
    placed = []
    ncols = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell.rs, cell.cs, cell.text))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken.add((r + dr, c + dc))
            c += cell.cs
            ncols = max(ncols, c)
    return placed, ncols


def to_html(doc, v):
    title = v['title']
    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>%s</title></head><body>' % html.escape(title),
           '<div class="article"><h1 class="title">%s</h1>' % html.escape(title),
           '<div class="info">发布机构：%s　发布日期：%d-01-20</div><div class="TRS_Editor">' %
           (html.escape(v['agency']), v['year'] + 1)]
    for kind, payload in doc:
        if kind == 'title':
            continue
        if kind == 'h':
            out.append('<p><strong>%s</strong></p>' % html.escape(payload))
        elif kind == 'p':
            out.append('<p style="text-indent: 2em;">%s</p>' % html.escape(payload))
        else:
            out.append('<table border="1" cellspacing="0" cellpadding="0"><tbody>')
            for row in payload:
                tds = []
                for c in row:
                    attrs = (' rowspan="%d"' % c.rs if c.rs > 1 else '') + (' colspan="%d"' % c.cs if c.cs > 1 else '')
                    tds.append('<td%s>%s</td>' % (attrs, html.escape(c.text) if c.text else '&nbsp;'))
                out.append('<tr>' + ''.join(tds) + '</tr>')
            out.append('</tbody></table>')
    out.append('</div></div></body></html>')
    return '\n'.join(out) + '\n'


def to_docx(doc, v, path):
    import docx
    d = docx.Document()
    d.core_properties.author = 'govharvest test fixture (synthetic)'
    d.core_properties.title = v['title']
    for kind, payload in doc:
        if kind == 'title':
            d.add_heading(payload, level=1)
        elif kind in ('h', 'p'):
            d.add_paragraph(payload)
        else:
            placed, ncols = grid_of(payload)
            t = d.add_table(rows=len(payload), cols=ncols)
            t.style = 'Table Grid'
            for r, c, rs, cs, text in placed:
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = text
            d.add_paragraph('')
    d.core_properties.created = __import__('datetime').datetime(v['year'] + 1, 1, 20)
    d.save(path)


def to_pdf(doc, v, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib import colors
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer, PageBreak
    try:
        pdfmetrics.getFont('WQY')
    except KeyError:
        pdfmetrics.registerFont(TTFont('WQY', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', subfontIndex=0))
    body = ParagraphStyle('body', fontName='WQY', fontSize=12, leading=20, firstLineIndent=24, wordWrap='CJK')
    tstyle = ParagraphStyle('title', fontName='WQY', fontSize=18, leading=28, alignment=1, wordWrap='CJK')
    two_pages = 'pdf_two_pages' in v['features']
    size = 9 if two_pages else 7 if 'fullwidth' in v['features'] else 8
    cell = ParagraphStyle('cell', fontName='WQY', fontSize=size, leading=14 if two_pages else size + 2, wordWrap='CJK')
    esc = lambda s: s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    story = []
    avail = A4[0] - 2 * 72
    for kind, payload in doc:
        if kind == 'title':
            story += [Paragraph(esc(payload), tstyle), Spacer(1, 10)]
        elif kind in ('h', 'p'):
            if two_pages and payload.startswith('三、收到'):
                story.append(PageBreak())
                story += [Spacer(1, 330)]
            story.append(Paragraph(esc(payload), body))
        else:
            placed, ncols = grid_of(payload)
            data = [[''] * ncols for _ in payload]
            styles = [('GRID', (0, 0), (-1, -1), 0.5, colors.black), ('VALIGN', (0, 0), (-1, -1), 'MIDDLE'),
                      ('LEFTPADDING', (0, 0), (-1, -1), 2), ('RIGHTPADDING', (0, 0), (-1, -1), 2)]
            for r, c, rs, cs, text in placed:
                data[r][c] = Paragraph(esc(text), cell)
                if rs > 1 or cs > 1:
                    styles.append(('SPAN', (c, r), (c + cs - 1, r + rs - 1)))
            if ncols >= 15:
                widths = [avail / ncols] * ncols
            elif ncols >= 9 and 'repeated_labels' in v['features']:
                widths = [avail * 0.2, avail * 0.12, avail * 0.16] + [avail * 0.52 / (ncols - 3)] * (ncols - 3)
            elif ncols >= 9:
                widths = [avail * 0.08, avail * 0.1, avail * 0.25] + [avail * 0.57 / (ncols - 3)] * (ncols - 3)
            elif ncols == 8:
                widths = [avail * 0.37] + [avail * 0.63 / 7] * 7
            else:
                widths = [avail * 0.34] + [avail * 0.66 / (ncols - 1)] * (ncols - 1)
            t = Table(data, colWidths=widths)
            t.setStyle(TableStyle(styles))
            story += [t, Spacer(1, 8)]
    d = SimpleDocTemplate(path, pagesize=A4, title=v['title'], author='govharvest test fixture (synthetic)',
                          creator='reportlab', invariant=1)
    d.build(story)
    if two_pages:
        pages = []
        n = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', path], capture_output=True, text=True).stdout).group(1))
        for p in range(1, n + 1):
            pages.append(subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), '-layout', path, '-'],
                                        capture_output=True, text=True).stdout)
        first = next(i for i, t in enumerate(pages) if '本年新收' in t.replace(' ', ''))
        last = next(i for i, t in enumerate(pages) if '结转下年度' in t.replace(' ', ''))
        if first == last:
            sys.exit('%s: 表三 is on one page' % path)


# ------------------------------------------------------------------ main

def make(v, fixtures, gold_dir):
    src = SOURCES[v['source']]
    v['version'] = src[2]
    rng = random.Random(v['seed'])
    v['title'] = '%s%d年政府信息公开工作年度报告' % (v['agency'], v['year'])
    active, apply, appeal, narrative, blank_cols = draw_numbers(v, rng)
    blank = next((f.split(':', 1)[1] for f in v['features'] if f.startswith('blank:')), None)
    v['blank'] = blank
    if blank:
        # Blank marks for cells that are zero: the two unused applicant columns
        # of 表三 (all rows), and the 规章 row of a county's 表二 (no 规章 power).
        for k in list(apply):
            if any(k.endswith('.' + c) for c in blank_cols):
                assert apply[k] == 0
                apply[k] = None
        if v['version'] == 'v2021' and active['active.regulation.issued'] == 0:
            for c in ['issued', 'repealed', 'in_force']:
                active['active.regulation.' + c] = None
        if v['version'] == 'v2019':
            for c in ['new_made', 'new_published', 'total_published']:
                active['active.regulation.' + c] = None
    v.update(active=active, apply=apply, appeal=appeal, narrative=narrative)
    sentences, names = source_sentences(fixtures, v['source'])
    prose = adapt(sentences, names, v['short'])
    if len(prose) < 3:
        sys.exit('%s: too few sentences borrowed from %s' % (v['id'], v['source']))
    doc = document(v, prose)
    out_dir = os.path.join(fixtures, 'variants')
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, v['id'])
    open(base + '.html', 'w', encoding='utf-8').write(to_html(doc, v))
    to_docx(doc, v, base + '.docx')
    to_pdf(doc, v, base + '.pdf')
    notes = [FEATURE_NOTES[f] if f in FEATURE_NOTES else 'blank cells printed as %s (gold null): the unused applicant '
             'columns of 表三%s' % (f.split(':', 1)[1], ' and the 规章 row of 表二' if
                                    active.get('active.regulation.issued', 0) is None or
                                    active.get('active.regulation.new_made', 0) is None else '')
             for f in v['features']]
    gold = {
        'note': 'SYNTHETIC report (not published by %s): made by make_variants.py from the real report %s (%s) as '
                'template, numbers drawn with seed %d so that H1-H5 hold; the gold is the generator\'s numbers' %
                (v['agency'], v['source'], src[0], v['seed']),
        'synthetic': True,
        'template_source': src[0],
        'notes': notes,
        'inputs': [dict(path='variants/%s.%s' % (v['id'], ext), form=ext, agency=v['agency'])
                   for ext in ['html', 'pdf', 'docx']],
        'year': v['year'],
        'template': v['version'],
        'hard_identities': 'pass',
        'tables': {'active': active, 'apply': apply, 'appeal': appeal, 'legacy': {}},
        'narrative': narrative,
        'flags': ['template_mismatch'] if v['version'] == 'v2019' and v['year'] >= 2021 else [],
    }
    path = os.path.join(gold_dir, 'variant-%s.json' % v['id'])
    # Keep known_gap entries recorded by hand in an earlier run's gold.
    if os.path.exists(path):
        old = json.load(open(path, encoding='utf-8'))
        for i, inp in enumerate(old.get('inputs', [])):
            if 'known_gap' in inp and i < len(gold['inputs']) and gold['inputs'][i]['path'] == inp.get('path'):
                gold['inputs'][i]['known_gap'] = inp['known_gap']
        if 'known_gap' in old:
            gold['known_gap'] = old['known_gap']
    with open(path, 'w', encoding='utf-8') as fh:
        json.dump(gold, fh, ensure_ascii=False, indent=1)
        fh.write('\n')
    print('%s: %s, %d apply cells, features %s' % (path, v['title'], len(apply), ','.join(v['features'])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', default=os.path.join(HERE, '..', '..', 'fixtures'))
    ap.add_argument('--gold', default=os.path.join(HERE, 'gold'))
    ap.add_argument('--only', default='')
    args = ap.parse_args()
    for v in VARIANTS:
        if args.only and args.only not in v['id']:
            continue
        make(dict(v), args.fixtures, args.gold)


main()
