#!/usr/bin/env python3
"""Writes the issue-15 part of the extraction corpus: real reports re-rendered
by hand into our own fixtures (tests/fixtures/real/), and synthetic damage
(tests/fixtures/real/synthetic-*), each with its gold JSON in
tests/eval/extraction/gold/ (real-*.json, synth-*.json). Run once; the
outputs are committed:

  /usr/bin/python3 tests/eval/extraction/make_issue15.py \
      --fixtures tests/fixtures --gold tests/eval/extraction/gold

Every number below was read by hand from the stored public copy named in
tests/eval/extraction/SOURCES.md (never from govharvest's output). The same
hand-read tables write the fixture and the gold, so the gold is exactly what
the source prints: blanks are null, and a table that the stored copy cuts off
stops where the copy stops (the gold lists only the cells the copy shows).
"""
import argparse, json, os

COLS = ['natural_person', 'legal_commercial', 'legal_research', 'legal_social', 'legal_lawfirm', 'legal_other', 'total']
ROWS_V2021 = (['new', 'carried_over', 'granted', 'partial'] +
              ['denied.' + r for r in ['state_secret', 'law_forbidden', 'three_safety', 'third_party', 'internal',
                                       'process', 'enforcement_file', 'admin_query']] +
              ['unable.' + r for r in ['not_held', 'need_create', 'unclear']] +
              ['unprocessed.' + r for r in ['petition', 'duplicate', 'publication', 'mass_repeat', 'confirm_reissue']] +
              ['other.no_correction', 'other.no_fee', 'other.other', 'result_total', 'carry_forward'])
ROWS_V2019 = ROWS_V2021[:20] + ['other.total', 'result_total', 'carry_forward']
LABELS = {
    'new': '一、本年新收政府信息公开申请数量', 'carried_over': '二、上年结转政府信息公开申请数量',
    'granted': '（一）予以公开', 'partial': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    'denied.state_secret': '1.属于国家秘密', 'denied.law_forbidden': '2.其他法律行政法规禁止公开',
    'denied.three_safety': '3.危及“三安全一稳定”', 'denied.third_party': '4.保护第三方合法权益',
    'denied.internal': '5.属于三类内部事务信息', 'denied.process': '6.属于四类过程性信息',
    'denied.enforcement_file': '7.属于行政执法案卷', 'denied.admin_query': '8.属于行政查询事项',
    'unable.not_held': '1.本机关不掌握相关政府信息', 'unable.need_create': '2.没有现成信息需要另行制作',
    'unable.unclear': '3.补正后申请内容仍不明确', 'unprocessed.petition': '1.信访举报投诉类申请',
    'unprocessed.duplicate': '2.重复申请', 'unprocessed.publication': '3.要求提供公开出版物',
    'unprocessed.mass_repeat': '4.无正当理由大量反复申请',
    'unprocessed.confirm_reissue': '5.要求行政机关确认或重新出具已获取信息',
    'other.total': '（六）其他处理',
    'other.no_correction': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    'other.no_fee': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    'other.other': '3.其他', 'result_total': '（七）总计', 'carry_forward': '四、结转下年度继续办理',
}
APPEAL = [g + '.' + r for g in ['review', 'suit_direct', 'suit_after_review']
          for r in ['upheld', 'corrected', 'other', 'pending', 'total']]
B = None  # a blank cell


def apply_gold(rows, table):
    """rows: row ids in order; table: row id -> 7 values (None = blank)."""
    out = {}
    for r in rows:
        if r not in table:
            continue
        for c, v in zip(COLS, table[r]):
            out['apply.%s.%s' % (r, c)] = v
    return out


def appeal_gold(values):
    return {'appeal.' + k: v for k, v in zip(APPEAL, values)}


def cell(v):
    return '&nbsp;' if v is None else str(v)


def apply_html(rows, table, other_rowspan):
    """表三 as the national template lays it out (rowspans of the groups)."""
    h = ['<table border="1" cellspacing="0">',
         '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
         '<td colspan="7">申请人情况</td></tr>',
         '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
         '<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>']
    groups = {'denied.state_secret': ('（三）不予公开', 8), 'unable.not_held': ('（四）无法提供', 3),
              'unprocessed.petition': ('（五）不予处理', 5), 'other.no_correction': ('（六）其他处理', 3)}
    n_result = len(rows) - 3  # rows under 三、本年度办理结果
    for r in rows:
        vals = ''.join('<td>%s</td>' % cell(v) for v in table[r])
        if r in ('new', 'carried_over', 'carry_forward'):
            h.append('<tr><td colspan="3">%s</td>%s</tr>' % (LABELS[r], vals))
        elif r == 'granted':
            h.append('<tr><td rowspan="%d">三、本年度办理结果</td><td colspan="2">%s</td>%s</tr>' %
                     (n_result, LABELS[r], vals))
        elif r in groups:
            g, n = groups[r]
            h.append('<tr><td rowspan="%d">%s</td><td>%s</td>%s</tr>' % (n, g, LABELS[r], vals))
        elif r in ('partial', 'other.total', 'result_total'):
            h.append('<tr><td colspan="2">%s</td>%s</tr>' % (LABELS[r], vals))
        else:
            h.append('<tr><td>%s</td>%s</tr>' % (LABELS[r], vals))
    h.append('</table>')
    return '\n'.join(h)


def appeal_html(values):
    heads = ''.join('<td>%s</td>' % l for l in ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'])
    return '\n'.join([
        '<table border="1" cellspacing="0">',
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
        '<tr>' + ''.join('<td rowspan="2">%s</td>' % l for l in ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']) +
        '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
        '<tr>' + heads + heads + '</tr>',
        '<tr>' + ''.join('<td>%s</td>' % cell(v) for v in values) + '</tr>',
        '</table>'])


def page(title, body):
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title></head>\n<body>\n'
            '<h1>%s</h1>\n%s\n</body></html>\n' % (title, title, body))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def gold_file(path, gold):
    write(path, json.dumps(gold, ensure_ascii=False, indent=1) + '\n')


# ---------------------------------------------------------------------------
# Real, complete: 上海市人民政府办公厅 2019 (v2019), blank cells printed empty.
SH_ACTIVE_HTML = '''<table border="1" cellspacing="1">
<tr><td colspan="5">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br />制作数量</td><td colspan="2">本年新<br />公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>13</td><td colspan="2">13</td><td>524</td></tr>
<tr><td>规范性文件</td><td>60</td><td colspan="2">60</td><td>368</td></tr>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="2">0</td><td>0</td><td>0</td></tr>
<tr><td>其他对外管理服务事项</td><td colspan="2">0</td><td>0</td><td>0</td></tr>
<tr><td colspan="5">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="2">0</td><td>0</td><td>0</td></tr>
<tr><td>行政强制</td><td colspan="2">0</td><td>0</td><td>0</td></tr>
<tr><td colspan="5">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="2">上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td colspan="2">0</td><td colspan="2">0</td></tr>
<tr><td colspan="5">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td colspan="2">采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td colspan="2">6</td><td colspan="2">251000元</td></tr>
</table>'''
SH_APPLY = {
    'new': [821, 35, B, B, 2, 1, 859], 'carried_over': [18, B, B, B, B, B, 18],
    'granted': [258, 12, B, B, 1, 1, B], 'partial': [3, B, B, B, B, B, B],
    'denied.state_secret': [14, B, B, B, B, B, B], 'denied.law_forbidden': [B] * 7,
    'denied.three_safety': [B] * 7, 'denied.third_party': [B] * 7,
    'denied.internal': [5, B, B, B, B, B, B], 'denied.process': [3, 1, B, B, B, B, B],
    'denied.enforcement_file': [B] * 7, 'denied.admin_query': [10, 2, B, B, B, B, B],
    'unable.not_held': [252, 12, B, B, 1, B, B], 'unable.need_create': [44, 3, B, B, B, B, B],
    'unable.unclear': [25, B, B, B, B, B, B], 'unprocessed.petition': [148, 1, B, B, B, B, B],
    'unprocessed.duplicate': [5, 4, B, B, B, B, B], 'unprocessed.publication': [B] * 7,
    'unprocessed.mass_repeat': [B] * 7, 'unprocessed.confirm_reissue': [B] * 7,
    'other.total': [B] * 7, 'result_total': [767, 35, B, B, 2, 1, 805],
    'carry_forward': [72, B, B, B, B, B, 72],
}
SH_APPEAL = [5, B, B, 2, 7, 8, B, B, 1, 9, B, B, B, B, B]


def shanghai_2019(fx, gd):
    title = '2019年上海市人民政府办公厅政府信息公开工作年度报告'
    body = '\n'.join([
        '<p>发布日期：2020-01-31</p>',
        '<p>本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的要求编制，全文包括总体情况、主动公开政府信息情况、'
        '收到和处理政府信息公开申请情况、因政府信息公开工作被申请行政复议和提起行政诉讼情况、政府信息公开工作存在的主要问题及改进情况'
        '及其他需要报告的事项。本年度报告中所列数据统计期限从2019年1月1日到12月31日止。</p>',
        '<p>一、总体情况</p>',
        '<p>（一）主动公开方面</p>',
        '<p>2019年，通过“中国上海”门户网站、《上海市人民政府公报》等平台主动公开规章13件，行政规范性文件60件，市政府其他文件162件，'
        '人事任免文件141件。</p>',
        '<p>（二）依申请公开方面</p>',
        '<p>市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件（含上年度结转申请18件，'
        '另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；'
        '因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。信息公开类行政复议7件，诉讼9件，均获维持。</p>',
        '<p>二、主动公开政府信息情况</p>', SH_ACTIVE_HTML,
        '<p>三、收到和处理政府信息公开申请情况</p>', apply_html(ROWS_V2019, SH_APPLY, 1),
        '<p><br />四、政府信息公开行政复议、行政诉讼情况</p>', appeal_html(SH_APPEAL),
        '<p>五、政府信息公开工作存在的主要问题及改进情况</p>',
        '<p>（一）主要问题</p><p>（二）改进措施</p>',
        '<p>六、其他需要报告的事项</p>', '<p>无。</p>'])
    write(os.path.join(fx, 'real/shanghai-gov-office-2019.html'), page(title, body))
    active = {
        'active.regulation.new_made': 13, 'active.regulation.new_published': 13, 'active.regulation.total_published': 524,
        'active.normative.new_made': 60, 'active.normative.new_published': 60, 'active.normative.total_published': 368,
        'active.licensing.prev_items': 0, 'active.licensing.delta': 0, 'active.licensing.decisions': 0,
        'active.other_service.prev_items': 0, 'active.other_service.delta': 0, 'active.other_service.decisions': 0,
        'active.penalty.prev_items': 0, 'active.penalty.delta': 0, 'active.penalty.decisions': 0,
        'active.coercion.prev_items': 0, 'active.coercion.delta': 0, 'active.coercion.decisions': 0,
        'active.admin_fee.prev_items': 0, 'active.admin_fee.delta': 0,
        'active.procurement.items': 6, 'active.procurement.amount': 25.1,
    }
    gold_file(os.path.join(gd, 'real-shanghai-gov-office-2019.json'), {
        'note': 'REAL report, complete: 上海市人民政府办公厅 2019 on the 2019 template, re-rendered from the saved HTML '
                'in public code (tests/eval/extraction/SOURCES.md, r01). Blank cells (&nbsp; in the source) are null; '
                'the 总计 column is blank on most 表三 rows and 复议后起诉 is blank. 政府集中采购 采购总金额 is printed '
                '251000元 (= 25.1 万元). The printed tables add up (H1-H4 on the printed cells).',
        'inputs': [{'path': 'real/shanghai-gov-office-2019.html', 'form': 'html', 'agency': '上海市人民政府办公厅'}],
        'year': 2019, 'template': 'v2019', 'hard_identities': 'pass',
        'tables': {'active': active, 'apply': apply_gold(ROWS_V2019, SH_APPLY), 'appeal': appeal_gold(SH_APPEAL),
                   'legacy': {}},
        'narrative': {}, 'flags': []})


# ---------------------------------------------------------------------------
# Real, complete: 沭阳县发展和改革局 2023 (v2021); the five 法人 columns of 表三
# are empty cells on every row.
SY_APPLY = {r: [0, B, B, B, B, B, 0] for r in ROWS_V2021}
SY_APPLY.update({'new': [26, B, B, B, B, B, 26], 'granted': [26, B, B, B, B, B, 26],
                 'result_total': [26, B, B, B, B, B, 26]})
SY_APPEAL = [0, 0, 0, 1, 1] + [0] * 10


def shuyang_2023(fx, gd):
    title = '沭阳县发展和改革局2023年政府信息公开年度报告'
    active_html = '''<table border="1" cellspacing="0">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>8</td><td>0</td><td>18</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">0</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">0</td></tr>
<tr><td>行政强制</td><td colspan="3">0</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">0</td></tr>
</table>'''
    body = '\n'.join([
        '<table><tr><td>索引号</td><td>014314799/2024-00002</td><td>分类</td><td>信息公开年报 其他 报告</td></tr>'
        '<tr><td>发布机构</td><td>沭阳县发展和改革局</td><td>公开日期</td><td>2024-01-17</td></tr></table>',
        '<p>根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。'
        '本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。</p>',
        '<p>一、总体情况</p>',
        '<p>（一）主动公开政府信息情况</p>',
        '<p>2023年，我局严格审签程序，全力做好政府信息公开工作。全年共审核发布各类公开政府信息249条。</p>',
        '<p>（二）依申请公开政府信息情况</p>',
        '<p>2023年度我局共收到依申请信息公开26件，及时回复申请人。</p>',
        '<p>二、主动公开政府信息情况</p>', active_html,
        '<p>三、收到和处理政府信息公开申请情况</p>', apply_html(ROWS_V2021, SY_APPLY, 3),
        '<p>四、政府信息公开行政复议、行政诉讼情况</p>', appeal_html(SY_APPEAL),
        '<p>五、存在的主要问题及整改措施</p>',
        '<p>六、其他需要报告的事项</p>',
        '<p>2023年度，县发展和改革局政府信息公开未发生收费情况。</p>',
        '<p>沭阳县发展和改革局</p><p>2024年1月17日</p>'])
    write(os.path.join(fx, 'real/jiangsu-shuyang-fgj-2023.html'), page(title, body))
    active = {'active.regulation.issued': 0, 'active.regulation.repealed': 0, 'active.regulation.in_force': 0,
              'active.normative.issued': 8, 'active.normative.repealed': 0, 'active.normative.in_force': 18,
              'active.licensing.decisions': 0, 'active.penalty.decisions': 0, 'active.coercion.decisions': 0,
              'active.admin_fee.amount_wan': 0}
    gold_file(os.path.join(gd, 'real-jiangsu-shuyang-fgj-2023.json'), {
        'note': 'REAL report, complete: 沭阳县发展和改革局 2023 on the 2021 template, re-rendered from the saved page '
                '(SOURCES.md r02). 表三 prints only 自然人 and 总计; the five 法人或其他组织 cells of every row are '
                'empty in the source (null). 表二 names its row 规范性文件 (not 行政规范性文件). 表四 复议 尚未审结 1.',
        'inputs': [{'path': 'real/jiangsu-shuyang-fgj-2023.html', 'form': 'html', 'agency': '沭阳县发展和改革局'}],
        'year': 2023, 'template': 'v2021', 'hard_identities': 'pass',
        'tables': {'active': active, 'apply': apply_gold(ROWS_V2021, SY_APPLY), 'appeal': appeal_gold(SY_APPEAL),
                   'legacy': {}},
        'narrative': {}, 'flags': []})


# ---------------------------------------------------------------------------
# Real excerpts: the stored copy of each page holds only its first ~2000 bytes
# (SOURCES.md). The fixture keeps the stored table lines line for line, up to
# the last table row the copy holds whole, and the prose with some sentences
# left out (none altered); the gold lists exactly the cells the copy shows.

def cells_per_line(rows):
    """The page's text rendering that puts every cell on a line of its own,
    each cell followed by a line holding only '|' (as stored for r03)."""
    out = []
    for r in rows:
        for c in r:
            out.append(c)
            out.append('|')
    return out


XJNLK_2023 = ['一、总体情况',
    '本报告是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,现结合我镇实际,主要从总体情况,主动公开政府信息情况,'
    '收到和处理政府信息公开申请情况,政府信息公开行政复议、行政诉讼情况,存在的主要问题及改进情况及其他需要报告的事项等六个方面'
    '汇报我镇2023年政府信息公开工作。',
    '二、主动公开政府信息情况', '该部分以表格形式报告。表格如下:'] + cells_per_line([
    ['第二十条第(一)项'], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', '0', '0', '6'],
    ['行政规范性文件', '0', '0', '0'], ['第二十条第(五)项'], ['信息内容', '本年处理决定数量'], ['行政许可', '0'],
    ['第二十条第(六)项'], ['信息内容', '本年处理决定数量'], ['行政处罚', '0'], ['行政强制', '0'],
    ['第二十条第(八)项'], ['信息内容', '本年收费金额(单位:万元)'], ['行政事业性收费', '0']]) + [
    '三、收到和处理政府信息公开申请情况', '该部分以表格形式报告。表格如下:',
    '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)'] + cells_per_line([
    ['申请人情况'], ['自然人', '法人或其他组织', '总计'],
    ['商业\n企业', '科研\n机构', '社会公益组织', '法律服务机构', '其他'],
    ['一、本年新收政府信息公开申请数量'] + ['0'] * 7, ['二、上年结转政府信息公开申请数量'] + ['0'] * 7,
    ['三、本年度办理结果', '(一)予以公开'] + ['0'] * 7,
    ['(二)部分公开(区分处理的,只计这一情形,不计其他情形)'] + ['0'] * 7,
    ['(三)不予公开', '1.属于国家秘密'] + ['0'] * 7, ['2.其他法律行政法规禁止公开'] + ['0'] * 7,
    ['3.危及“三安全一稳定”'] + ['0'] * 7, ['4.保护第三方合法权益'] + ['0'] * 7,
    ['5.属于三类内部事务信息'] + ['0'] * 7])

HEPING_2023 = '''一、总体情况
2023年,在县委、县政府的正确领导下,我镇以党的二十大精神为指导,严格贯彻落实《中华人民共和国政府信息公开条例》,按照条例以及省、市、县相关文件要求,严格落实信息公开的各项内容,适应新时代的新变化和新要求,大力推进决策、执行、管理、服务、结果公开,积极推进政府职能转变,不断提高政府工作的透明度。
二、主动公开政府信息情况
第二十条第(一)项 |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 0 | 0 | 0 |
第二十条第(五)项 |
信息内容 | 本年处理决定数量 |
行政许可 | 0 |
第二十条第(六)项 |
信息内容 | 本年处理决定数量 |
行政处罚 | 0 |
行政强制 | 0 |
第二十条第(八)项 |
信息内容 | 本年收费金额(单位:万元) |
行政事业性收费 | 0 |
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |
自然人 | 法人或其他组织 | 总计 |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
(三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
'''

CHANGTU_2023 = '''昌图县人民政府 The People's Government of Changtu Municipality

政府信息公开

昌图县七家子镇2023年政府信息公开 工作告年度报

来源:昌图县人民政府办公室 时间:2024-01-31

  一、总体情况

  2023年,我镇认真贯彻落实《中华人民共和国政府信息公开条例 》,不断健全完善政务信息公开工作制度,扎实做好政务信息公开工作,切实保障人民群众的知情权、参与权、监督权和表达权。

  二、主动公开政府信息情况

第二十条第(一)项

信息内容

本年制发件数

本年废止件数

现行有效件

规章

0

0

0

行政规范性文件

0

0

0

第二十条第(五)项

信息内容

本年处理决定数量

行政许可

0

第二十条第(六)项

信息内容

本年处理决定数量

行政处罚

30

行政强制

0

第二十条第(八)项

信息内容

本年收费金额(单位:万元)

行政事业性收费

0

  三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)

申请人情况

自然人

法人或其他组织

总计

商业

企业

科研

机构

社会公益组织

法律服务机构

其他

一、本年新收政府信息公开申请数量

 0

 0

 0

 0

 0

 0

 0

二、上年结转政府信息公开申请数量

 0

 0

 0

 0

 0

 0

 0
'''

PUFANG_2020 = '''2020年信息公开年报
蒲纺工业园区2020年政府信息公开工作年度报告
一、总体情况
不断完善政府信息公开制度、建立健全政府信息公开保障机制,严格遵守规章制度,实事求是公开各类政务信息,不断推进依法行政工作,增强政府工作透明度,以园区政务公开促社区政务公开,深入推行政务公开制度,增强群众的民主意识和机关干部的服务意识,密切党群关系,深化机关效能建设。
2020年度共通过公示栏等形式发布信息108条,通过网站公开信息33条,其中通过网站公开规范性文件8个。
二、主动公开政府信息情况
第二十条第(一)项 | ||||
信息内容 | 本年新制作 数量 | 本年新公开 数量 | 对外公开 总数量 | |
规章 | 0 | 0 | 0 | |
规范性文件 | 33 | 8 | 8 | |
第二十条第(五)项 | ||||
信息内容 | 上一年项目 数量 | 本年增/减 | 处理决定 数量 | |
行政许可 | 0 | 0 | 0 | |
其他对外管理服务事项 | 0 | 0 | 0 | |
第二十条第(六)项 | ||||
信息内容 | 上一年项目 数量 | 本年增/减 | 处理决定 数量 | |
行政处罚 | 0 | 0 | 0 | |
行政强制 | 0 | 0 | 0 | |
第二十条第(八)项 | ||||
信息内容 | 上一年项目数量 | 本年增/减 | ||
行政事业性收费 | 0 | 0 | ||
第二十条第(九)项 | ||||
信息内容 | 采购项目数量 | 采购总金额 | ||
政府集中采购 | 0 | 0 |
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为: 第一项加第二项之和, 等于第三项加第四项之和) | 申请人情况 | ||||||||
自 然 人 | 法人或其他组织 | 总 计 | |||||||
商 业 企 业 | 科 研 机 构 | 社 会 公 益 组 织 | 法 律 服 务 机 构 | 其 他 | |||||
一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||
'''

WUHAI_2020 = '''乌海市工业和信息化局
政府信息公开工作年度报告
为切实做好政府信息公开工作,更好发挥政府信息公开的重要作用,根据乌海市2020年政务公开工作要点,我局进一步建立健全工作机制,依法推进政府信息公开,扎实开展2020年政务公开各项工作。现将我局政务公开工作报告如下。
一、总体情况
本年度报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由乌海市工业和信息化局编制而成。全文包括主动公开政府信息情况、依申请公开政府信息情况、政府信息公开管理、平台建设,监督保障等方面内容。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日。本年度报告电子版可以从乌海市工业和信息化局门户网站(http://gxj.wuhai.gov.cn/)下载。
2020年度主动公开政府信息总数2942条。通过局门户网站公开政府信息公开52条,其他信息2167条,局微博发布信息541条,局微信公众号公开政府信息175条,发布政策解读信息7条。
二、主动公开政府信息情况
第二十条第(一)项 | ||||
信息内容 | 本年新 | 本年新 | 对外公开总数量 | |
规章 | 0 | 0 | 0 | |
规范性文件 | 0 | 0 | 0 | |
第二十条第(五)项 | ||||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |
行政许可 | 1 | 0 | 0 | |
其他对外管理服务事项 | 2 | +2 | 114 | |
第二十条第(六)项 | ||||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |
行政处罚 | 25 | -1 | 0 | |
行政强制 | 0 | 0 | 0 | |
'''

ERLANG_2022 = '''重庆市九龙坡区二郎街道办事处2022年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》的规定和《重庆市人民政府办公厅关于印发政府信息公开工作年度报告编制指南的通知》等文件要求,二郎街道现面向社会公开2022年度政府信息公开年度报告。本报告信息数据统计期限为:2022年1月1日-2022年12月31日。
一、总体情况
(一)主动公开情况
全年通过区政府信息公开网站共公开信息314条。
(二)依申请公开情况
全年新收政府信息公开申请数量0件,上年结转政府信息公开申请数量0件。
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 4 | 0 | 4 |
第二十条第(五)项 | |||
信息内容 | 本年处理决定数量 | ||
行政许可 | 0 | ||
第二十条第(六)项 | |||
信息内容 | 本年处理决定数量 | ||
行政处罚 | 0 | ||
行政强制 | 0 | ||
'''

XIAOGAN_2020 = '''孝感市人民政府办公室
2020年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》要求,现公开孝感市人民政府办公室2020年政府信息公开工作年度报告。本报告中所列数据的统计时间为2020年1月1日至2020年12月31日。
一、总体情况
三是做好主动公开。全年公开以市政府和市政府办公室名义印发的文件58件,其中通过文字、图解、领导解读、召开新闻发布的形式解读文件32件。
四是做好依申请公开。市政府办公室全年办理政府信息依申请公开13件。
二、行政机关主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |
规章 | 2 | 2 | 3 |
规范性文件 | 11 | 11 | 119 |
'''

CANSHI_2022 = '''2022年上海市人民政府参事室政府信息公开工作年度报告
发布日期:2023/01/18 11:34:01
根据《中华人民共和国政府信息公开条例》及《上海市政府信息公开规定》要求,现将2022年上海市人民政府参事室政府信息公开工作报告如下:
一、总体情况
(一)主动公开
根据“三定”方案,本单位无行政许可和对外服务等社会管理职能,无实施行政处罚、行政强制等职权,无行政事业性收费项目,无制定规章及规范性文件,故无此类公开信息。
(二)依申请公开
本单位不对外以自己名义履行行政管理职能,暂不接受依申请公开。
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 0 | 0 | 0 |
第二十条第(五)项 | |||
信息内容 | 本年处理决定数量 | ||
行政许可 | 0 | ||
'''

XILIU_MIRROR_2023 = '''按照《中华人民共和国政府信息公开条例》、以及省、市uedbet体育_uedbet官网@:做好 2023 年政府信息公开工作年度报告编制发布等工作的具体工作要求,结合我单位政府信息公开工作实际,现编制形成了《uedbet体育_uedbet官网@:西柳镇人民政府2023年政府信息公开工作年度报告》。本报告中所列数据的统计期限从2023年1月1日至12月31止。
一、总体情况
(一)主动公开政府信息情况:西柳镇人民政府利用电子屏、公告栏、条幅等主动对外更新政府信息27次
(二)依申请公开情况。2023年受理依申请公开0件。
(三) 政府信息管理情况 2022年,uedbet体育_uedbet官网@:西柳镇人民政府办公室共制定规范性文件0件,废止规范性文件0件,现行有效的规范性文件0件。
(四)政府信息平台建设。2023年,西柳镇人民政府微信公众账号(1个)发布信息149条;微博账号(1个)发布信息149条;抖音短视频账号(1个)发布信息46条;快手短视频账号(1个)发布信息46条。
(五)监督保障。西柳镇成立政务公开工作领导小组,依据《uedbet体育_uedbet官网@:政务公开绩效考核指标》在政府信息公开载体建设、政府信息公开指南、政府信息公开制度、法定主动公开、政府信息公开年报、依申请公开等方面做好相关工作。
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 4 | 0 | 32 |
第二十条第(五)项 | |||
信息内容 | 本年处理决定数量 | ||
行政许可 | 0 | ||
第二十条第(六)项 | |||
信息内容 | 本年处理决定数量 | ||
行政处罚 | 0 | ||
行政强制 | 0 | ||
第二十条第(八)项 | |||
信息内容 | 本年收费金额(单位:万元) | ||
行政事业性收费 | 0 |
'''


def v2021_active(reg, norm, lic=None, pen=None, coe=None, fee=None):
    g = {}
    for name, vals in (('regulation', reg), ('normative', norm)):
        for k, v in zip(['issued', 'repealed', 'in_force'], vals):
            g['active.%s.%s' % (name, k)] = v
    for k, v in (('licensing.decisions', lic), ('penalty.decisions', pen), ('coercion.decisions', coe),
                 ('admin_fee.amount_wan', fee)):
        if v is not None:
            g['active.' + k] = v
    return g


def v2019_active(rows):
    cols = {'regulation': ['new_made', 'new_published', 'total_published'],
            'normative': ['new_made', 'new_published', 'total_published'],
            'licensing': ['prev_items', 'delta', 'decisions'], 'other_service': ['prev_items', 'delta', 'decisions'],
            'penalty': ['prev_items', 'delta', 'decisions'], 'coercion': ['prev_items', 'delta', 'decisions'],
            'admin_fee': ['prev_items', 'delta'], 'procurement': ['items', 'amount']}
    g = {}
    for name, vals in rows:
        for k, v in zip(cols[name], vals):
            g['active.%s.%s' % (name, k)] = v
    return g


EXCERPT_NOTE = ('REAL report, EXCERPT: the stored public copy (SOURCES.md %s) holds only the first ~2000 bytes of '
                'the page; the fixture keeps its table lines as stored, line for line, up to the last table row the '
                'copy holds whole (%s), and its prose with some sentences left out (none altered). The gold lists '
                'exactly the cells the copy shows. %s')


def excerpts(fx, gd):
    zeros = lambda rows: {r: [0] * 7 for r in rows}
    specs = [
        ('xinjiang-nilka-town-2023', 'r03', '\n'.join(XJNLK_2023) + '\n', 2023, 'v2021',
         '表三 up to 5.属于三类内部事务信息',
         'One cell per line, each followed by a line holding only |, with no mark between rows; 商业/企业 and '
         '科研/机构 are labels broken over two lines. 规章 现行有效 6 as printed.',
         v2021_active([0, 0, 6], [0, 0, 0], 0, 0, 0, 0), zeros(ROWS_V2021[:9]), None),
        ('guangdong-heping-town-2023', 'r04', HEPING_2023, 2023, 'v2021', '表三 up to 6.属于四类过程性信息',
         'One row per line, cells joined by |, the group labels (三、本年度办理结果, (三)不予公开) in front of '
         'their first row.', v2021_active([0, 0, 0], [0, 0, 0], 0, 0, 0, 0), zeros(ROWS_V2021[:10]), None),
        ('liaoning-changtu-qijiazi-2023', 'r05', CHANGTU_2023, 2023, 'v2021', '表三 rows 一 and 二',
         'One cell per line with a blank line between cells and no row marks; values of 表三 carry a leading '
         'space; the 表二 header reads 现行有效件 (the source drops 数); the title is garbled in the source '
         '(政府信息公开 工作告年度报).', v2021_active([0, 0, 0], [0, 0, 0], 0, 30, 0, 0),
         zeros(['new', 'carried_over']), None),
        ('hubei-chibi-pufang-2020', 'r06', PUFANG_2020, 2020, 'v2019', '表三 rows 一 and 二',
         'v2019 表二 with （九）政府集中采购; rows carry the empty trailing cells of the grid (| | and ||); spaced '
         'header labels (自 然 人, 商 业 企 业).',
         v2019_active([('regulation', [0, 0, 0]), ('normative', [33, 8, 8]), ('licensing', [0, 0, 0]),
                       ('other_service', [0, 0, 0]), ('penalty', [0, 0, 0]), ('coercion', [0, 0, 0]),
                       ('admin_fee', [0, 0]), ('procurement', [0, 0])]), zeros(['new', 'carried_over']),
         '蒲纺工业园区'),
        ('neimenggu-wuhai-gxj-2020', 'r07', WUHAI_2020, 2020, 'v2019', '表二 through 第二十条第(六)项',
         'The title names no year (the year is in the text). The 第(一)项 header is cut in the source to 本年新 | '
         '本年新 (the template reads 本年新制作数量 / 本年新公开数量); signed 本年增/减 (+2, -1).',
         v2019_active([('regulation', [0, 0, 0]), ('normative', [0, 0, 0]), ('licensing', [1, 0, 0]),
                       ('other_service', [2, 2, 114]), ('penalty', [25, -1, 0]), ('coercion', [0, 0, 0])]),
         {}, None),
        ('chongqing-erlang-street-2022', 'r08', ERLANG_2022, 2022, 'v2021', '表二 through 第二十条第(六)项',
         'A street office (街道办事处).', v2021_active([0, 0, 0], [4, 0, 4], 0, 0, 0), {},
         '重庆市九龙坡区二郎街道办事处'),
        ('hubei-xiaogan-office-2020', 'r09', XIAOGAN_2020, 2020, 'v2019', '表二 第(一)项 规章 and 规范性文件',
         'The agency and the year sit on two title lines.',
         v2019_active([('regulation', [2, 2, 3]), ('normative', [11, 11, 119])]), {}, None),
        ('shanghai-canshi-2022', 'r10', CANSHI_2022, 2022, 'v2021', '表二 through 第二十条第(五)项',
         'A municipal office with nothing to report: every printed cell is 0.',
         v2021_active([0, 0, 0], [0, 0, 0], 0), {}, '上海市人民政府参事室'),
        ('liaoning-xiliu-mirror-2023', 'r11', XILIU_MIRROR_2023, 2023, 'v2021', '表二 complete',
         'A gambling-spam mirror: the city name is replaced by uedbet体育_uedbet官网@: in the prose.',
         v2021_active([0, 0, 0], [4, 0, 32], 0, 0, 0, 0), {}, None),
    ]
    for name, src, text, year, template, cut, layout, active, apply_rows, agency in specs:
        path = 'real/%s.txt' % name
        write(os.path.join(fx, path), text)
        inp = {'path': path, 'form': 'text'}
        if agency:
            inp['agency'] = agency
        rows = ROWS_V2021 if template == 'v2021' else ROWS_V2019
        gold_file(os.path.join(gd, 'real-%s.json' % name), {
            'note': EXCERPT_NOTE % (src, cut, layout),
            'excerpt': True,
            'inputs': [inp], 'year': year, 'template': template, 'hard_identities': 'pass',
            'tables': {'active': active, 'apply': apply_gold(rows, apply_rows), 'appeal': {}, 'legacy': {}},
            'narrative': {}, 'flags': []})


# ---------------------------------------------------------------------------
# Synthetic damage (not published by any agency; "synthetic": true).
GROUP_OF = {'granted': '三、本年度办理结果', 'denied.state_secret': '(三)不予公开', 'unable.not_held': '(四)无法提供',
            'unprocessed.petition': '(五)不予处理', 'other.no_correction': '(六)其他处理'}
ASCII_LABEL = lambda r: LABELS[r].replace('（', '(').replace('）', ')').replace('，', ',')

# (a) 表三 of the 2021 template as a one-cell-per-line dump in which the
# blank cells vanished and only a line of bars marks where they were.
SA_APPLY = {r: [0, B, B, B, B, B, 0] for r in ROWS_V2021}
SA_APPLY.update({
    'new': [20, 3, B, B, B, B, 23], 'carried_over': [2, B, B, B, B, B, 2], 'granted': [9, 1, B, B, B, B, 10],
    'partial': [3, B, B, B, B, B, 3], 'denied.internal': [1, B, B, B, B, B, 1],
    'unable.not_held': [5, 2, B, B, B, B, 7], 'unable.need_create': [1, B, B, B, B, B, 1],
    'unprocessed.petition': [1, B, B, B, B, B, 1], 'other.other': [1, B, B, B, B, B, 1],
    'result_total': [21, 3, B, B, B, B, 24], 'carry_forward': [1, B, B, B, B, B, 1]})
SA_APPEAL = [1, 0, 0, 0, 1] + [0] * 10


def dump_row(cells):
    """Seed-style dump of one row: each cell 'text |' on a line; a run of blank
    cells collapses into one line of bars."""
    out, in_blank = [], False
    for c in cells:
        if c is None:
            if not in_blank:
                out.append('||||||')
            in_blank = True
        else:
            out.append('%s |' % c)
            in_blank = False
    return out


def synth_collapsed(fx, gd):
    lines = ['示例县农业农村局2023年政府信息公开工作年度报告',
             '本报告所列数据的统计期限为2023年1月1日至2023年12月31日。',
             '一、总体情况', '2023年,我局共收到政府信息公开申请23件。',
             '二、主动公开政府信息情况',
             '第二十条第(一)项 | |||', '信息内容 |', '本年制发件数 |', '本年废止件数 |', '现行有效件数 |',
             '规章 |', '0 |', '0 |', '0 |', '行政规范性文件 |', '2 |', '1 |', '9 |',
             '第二十条第(五)项 | |||', '信息内容 |', '本年处理决定数量 | ||', '行政许可 |', '41 | ||',
             '第二十条第(六)项 | |||', '信息内容 |', '本年处理决定数量 | ||', '行政处罚 |', '17 | ||',
             '行政强制 |', '0 | ||',
             '第二十条第(八)项 | |||', '信息内容 |', '本年收费金额(单位:万元) | ||', '行政事业性收费 |', '0 |',
             '三、收到和处理政府信息公开申请情况',
             '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |', '申请人情况 | ||||||||',
             '自然人 |', '法人或其他组织 |', '总计 | |||||||',
             '商业企业 |', '科研机构 |', '社会公益组织 |', '法律服务机构 |', '其他 | |||||']
    for r in ROWS_V2021:
        if r in GROUP_OF:
            lines.append('%s |' % GROUP_OF[r])
        lines.append('%s |' % ASCII_LABEL(r))
        lines.extend(dump_row(SA_APPLY[r]))
    lines += ['四、政府信息公开行政复议、行政诉讼情况', '行政复议 |', '行政诉讼 | |||||||||||||',
              '结果维持 |', '结果纠正 |', '其他结果 |', '尚未审结 |', '总计 |', '未经复议直接起诉 |', '复议后起诉 | ||||||||||',
              ] + ['%s |' % l for l in ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] * 2] + \
             ['%s |' % v for v in SA_APPEAL] + \
             ['五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。']
    write(os.path.join(fx, 'real/synthetic-collapsed-blanks-2023.txt'), '\n'.join(lines) + '\n')
    gold_file(os.path.join(gd, 'synth-collapsed-blanks-2023.json'), {
        'note': 'SYNTHETIC report (issue 15 damage (a); the agency is fictional): a 2021-template text dump, one cell '
                'per line, in which the blank cells of 表三 vanished and one line of bars (||||||) marks each run of '
                'them. The 总计 cell is the last cell of each row (a row with trailing blanks would end in bars on '
                'the same line, as seed 002 does). Numbers chosen so that H1-H5 hold; blanks are null. Reading the '
                'row by position puts 总计 under 商业企业 and loses 总计 in every row while H1 still holds on the '
                'shifted columns: each such cell is a false value.',
        'synthetic': True,
        'inputs': [{'path': 'real/synthetic-collapsed-blanks-2023.txt', 'form': 'text'}],
        'year': 2023, 'template': 'v2021', 'hard_identities': 'pass',
        'tables': {'active': v2021_active([0, 0, 0], [2, 1, 9], 41, 17, 0, 0),
                   'apply': apply_gold(ROWS_V2021, SA_APPLY), 'appeal': appeal_gold(SA_APPEAL), 'legacy': {}},
        'narrative': {}, 'flags': []})


# (b) A regional pre-2019 统计表: 指标名称 | 计量单位 | 本年 | 历年累计, with rows
# naming 行政复议 and 行政诉讼 (row set after the 定西 form, SOURCES.md r12).
SB_ROWS = [  # label, unit, this year, cumulative, legacy id of the this-year cell (None: no documented id)
    ('主动公开信息数', '条', 1853, 15210, 'legacy.active.items'),
    ('其中:全文电子化的主动公开信息数', '条', 1853, 15210, None),
    ('网站专栏页面访问量', '人次', 40212, 291877, None),
    ('现场接待人数', '人次', 37, 420, None),
    ('申请总数', '条', 12, 96, 'legacy.apply.received'),
    ('其中:1.当面申请数', '条', 3, 41, 'legacy.apply.via.in_person'),
    ('2.传真申请数', '条', 0, 2, 'legacy.apply.via.fax'),
    ('3.网上申请数', '条', 7, 39, 'legacy.apply.via.online'),
    ('4.信函申请数', '条', 2, 14, 'legacy.apply.via.letter'),
    ('5.其他形式申请数', '条', 0, 0, None),
    ('对申请的答复总数', '条', 12, 96, 'legacy.apply.answered'),
    ('其中:1.同意公开答复数', '条', 7, 61, 'legacy.apply.answer.granted'),
    ('2.同意部分公开答复数', '条', 1, 8, 'legacy.apply.answer.partial'),
    ('3.否决公开答复总数', '条', 4, 27, 'legacy.apply.answer.denied'),
    ('行政复议数', '件', 1, 5, 'legacy.review.total'),
    ('行政诉讼数', '件', 0, 2, 'legacy.suit.total'),
    ('行政申诉数', '件', 0, 1, None),
]


def synth_regional(fx, gd):
    title = '示例市统计局2015年政府信息公开工作年度报告'
    intro = ('本报告所列数据的统计期限为2015年1月1日至2015年12月31日。本年度共收到政府信息公开申请12件,'
             '因政府信息公开申请提起行政复议1件。')
    rows = ''.join('<tr><td>%s</td><td>%s</td><td>%d</td><td>%d</td></tr>\n' % r[:4] for r in SB_ROWS)
    body = ('<p>%s</p>\n<p>一、概述</p>\n<p>二、主动公开政府信息的情况</p>\n<p>三、政府信息依申请公开办理情况</p>\n'
            '<p>四、因政府信息公开申请行政复议、提起行政诉讼的情况</p>\n<p>五、附表</p>\n'
            '<p>2015年度政府信息公开情况统计表</p>\n<table border="1">\n'
            '<tr><td>指标名称</td><td>计量单位</td><td>本年</td><td>历年累计</td></tr>\n%s</table>' % (intro, rows))
    write(os.path.join(fx, 'real/synthetic-regional-tongjibiao-2015.html'), page(title, body))
    text = [title, intro, '五、附表', '2015年度政府信息公开情况统计表', '指标名称 | 计量单位 | 2015年度数 | 历年累计数 |']
    text += ['%s | %s | %d | %d |' % r[:4] for r in SB_ROWS]
    write(os.path.join(fx, 'real/synthetic-regional-tongjibiao-2015.txt'), '\n'.join(text) + '\n')
    legacy = {r[4]: r[2] for r in SB_ROWS if r[4]}
    gold_file(os.path.join(gd, 'synth-regional-tongjibiao-2015.json'), {
        'note': 'SYNTHETIC report (issue 15 damage (b); the agency is fictional): a regional pre-2019 统计表 with the '
                'columns 指标名称 | 计量单位 | 本年 (text form: 2015年度数) | 历年累计 (历年累计数), its rows after the '
                '定西 regional form (SOURCES.md r12), naming 行政复议 and 行政诉讼. The gold holds the this-year cells '
                'of the rows that match a documented legacy id (docs/schema.md) and nothing else: 表二/三/四 are '
                'empty, so any appeal.* or apply.* cell (the positional 表四 reading gives appeal.review.upheld = '
                '1853) is a false positive. The 历年累计 cells have no documented id yet; when docs/schema.md gives '
                'the regional form ids for them, they join this gold.',
        'synthetic': True,
        'inputs': [{'path': 'real/synthetic-regional-tongjibiao-2015.html', 'form': 'html'},
                   {'path': 'real/synthetic-regional-tongjibiao-2015.txt', 'form': 'text'}],
        'year': 2015, 'hard_identities': 'pass',
        'tables': {'active': {}, 'apply': {}, 'appeal': {}, 'legacy': legacy},
        'narrative': {}, 'flags': []})


# (c) A 表三 row with fewer numbers than columns (one blank cell vanished)
# that two placements both make consistent with H1-H3.
SC_APPLY = {r: [0] * 7 for r in ROWS_V2021}
SC_APPLY.update({'new': [10, 1, 0, 2, 0, 0, 13], 'carried_over': [1, 0, 0, 0, 0, 0, 1],
                 'granted': [4, 1, 0, 0, 0, 0, 5], 'partial': [1, 0, 0, 0, 0, 0, 1],
                 'denied.three_safety': [3, 0, B, 2, 0, 0, 5], 'unable.not_held': [2, 0, 0, 0, 0, 0, 2],
                 'result_total': [10, 1, 0, 2, 0, 0, 13], 'carry_forward': [1, 0, 0, 0, 0, 0, 1]})
SC_AMBIGUOUS = 'denied.three_safety'


def synth_ambiguous(fx, gd):
    lines = ['示例区住房和城乡建设局2022年政府信息公开工作年度报告',
             '本报告所列数据的统计期限为2022年1月1日至2022年12月31日。',
             '一、总体情况', '二、主动公开政府信息情况',
             '第二十条第(一)项 |', '信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
             '规章 | 0 | 0 | 0 |', '行政规范性文件 | 3 | 0 | 12 |',
             '第二十条第(五)项 |', '信息内容 | 本年处理决定数量 |', '行政许可 | 268 |',
             '第二十条第(六)项 |', '信息内容 | 本年处理决定数量 |', '行政处罚 | 35 |', '行政强制 | 0 |',
             '第二十条第(八)项 |', '信息内容 | 本年收费金额(单位:万元) |', '行政事业性收费 | 0 |',
             '三、收到和处理政府信息公开申请情况',
             '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |',
             '自然人 | 法人或其他组织 | 总计 |', '商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |']
    for r in ROWS_V2021:
        cells = ([GROUP_OF[r]] if r in GROUP_OF else []) + [ASCII_LABEL(r)] + \
                [str(v) for v in SC_APPLY[r] if v is not None]
        lines.append(' | '.join(cells) + ' |')
    lines += ['四、政府信息公开行政复议、行政诉讼情况',
              '行政复议 | 行政诉讼 |', '结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |',
              '结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
              ' | '.join(['0'] * 15) + ' |', '五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。']
    write(os.path.join(fx, 'real/synthetic-ambiguous-row-2022.txt'), '\n'.join(lines) + '\n')
    apply = apply_gold(ROWS_V2021, {r: v for r, v in SC_APPLY.items() if r != SC_AMBIGUOUS})
    gold_file(os.path.join(gd, 'synth-ambiguous-row-2022.json'), {
        'note': 'SYNTHETIC report (issue 15 damage (c); the agency is fictional): one row per line, cells joined by '
                '|. The row 3.危及“三安全一稳定” prints 6 numbers for 7 columns (3 | 0 | 2 | 0 | 0 | 5): one blank '
                'cell vanished. Two placements satisfy H1-H3: the blank is 科研机构 (the truth: 3, 0, -, 2, 0, 0, 5) '
                'or 商业企业 (3, -, 0, 2, 0, 0, 5); every other placement breaks H2 of some column. Convention for '
                '"must be absent": the row\'s seven fields are left OUT of the gold, so any value reported for them '
                'is a false positive ("not in the gold"; extract_eval.cc scores every reported cell of a listed '
                'table); null would instead say "blank in the source", which is true of only one of them. The row '
                'must come out as ambiguous with no values and the report flagged (the flag name is the lead\'s to '
                'choose; add it to "flags" then). hard_identities "pass": the printed table adds up, and an '
                'unplaced row must not be turned into an H2 failure.',
        'synthetic': True,
        'inputs': [{'path': 'real/synthetic-ambiguous-row-2022.txt', 'form': 'text'}],
        'year': 2022, 'template': 'v2021', 'hard_identities': 'pass',
        'tables': {'active': v2021_active([0, 0, 0], [3, 0, 12], 268, 35, 0, 0), 'apply': apply,
                   'appeal': appeal_gold([0] * 15), 'legacy': {}},
        'narrative': {}, 'flags': []})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', required=True)
    ap.add_argument('--gold', required=True)
    a = ap.parse_args()
    shanghai_2019(a.fixtures, a.gold)
    shuyang_2023(a.fixtures, a.gold)
    excerpts(a.fixtures, a.gold)
    synth_collapsed(a.fixtures, a.gold)
    synth_regional(a.fixtures, a.gold)
    synth_ambiguous(a.fixtures, a.gold)


if __name__ == '__main__':
    main()
