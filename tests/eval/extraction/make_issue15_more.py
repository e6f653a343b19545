#!/usr/bin/env python3
"""Writes more of the issue-15 corpus of real reports (SOURCES.md r14-r18):
each re-rendered by hand into our own fixture (tests/fixtures/real/), with its
gold JSON in tests/eval/extraction/gold/ (real-*.json). Run once; the outputs
are committed:

  /usr/bin/python3 tests/eval/extraction/make_issue15_more.py \
      --fixtures tests/fixtures --gold tests/eval/extraction/gold

It writes only its own files (never those of make_issue15.py, whose golds carry
hand-written known_gap entries). Every number below was read by hand from the
stored public copy named in tests/eval/extraction/SOURCES.md, never from
govharvest's output. The same hand-read tables write the fixture and the gold,
so the gold is what the source prints: the fixture keeps the source's real
lines (labels, numbers, '-' cells, row order, the converter's table breaks and
its wrong header), and leaves out some sentences of prose (none altered).
"""
import argparse, json, os

COLS = ['natural_person', 'legal_commercial', 'legal_research', 'legal_social', 'legal_lawfirm', 'legal_other', 'total']
ROWS_V2021 = (['new', 'carried_over', 'granted', 'partial'] +
              ['denied.' + r for r in ['state_secret', 'law_forbidden', 'three_safety', 'third_party', 'internal',
                                       'process', 'enforcement_file', 'admin_query']] +
              ['unable.' + r for r in ['not_held', 'need_create', 'unclear']] +
              ['unprocessed.' + r for r in ['petition', 'duplicate', 'publication', 'mass_repeat', 'confirm_reissue']] +
              ['other.no_correction', 'other.no_fee', 'other.other', 'result_total', 'carry_forward'])
APPEAL = [g + '.' + r for g in ['review', 'suit_direct', 'suit_after_review']
          for r in ['upheld', 'corrected', 'other', 'pending', 'total']]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def gold_file(path, gold):
    write(path, json.dumps(gold, ensure_ascii=False, indent=1) + '\n')


# ---------------------------------------------------------------------------
# r14, real, complete: 沭阳县人民政府 2025 (v2021) as a PDF-to-Markdown text
# dump (the converter writes 沐阳 for 沭阳 throughout). Its 表三 is torn into
# one small table per row group: the applicant columns are headed 数据1 ...
# 数据6 | 总计 (in the template's order: 自然人, 商业企业, 科研机构, 社会公益组织,
# 法律服务机构, 其他, 总计; the narrative confirms it: 749 received = 741 自然人
# + 8 法人, and 8 = 3 商业企业 + 5 法律服务机构), three 申请人情况 tables hold
# only '-', and the last table, rows 2.申请人逾期未按收费通知… to 四、结转下年度
# 继续办理, carries a header the converter made up (项目 | 本年新收件数 |
# 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计) over the same
# seven applicant columns.
SYX_APPLY = {r: [0] * 7 for r in ROWS_V2021}
SYX_APPLY.update({
    'new': [705, 3, 0, 0, 5, 0, 713], 'carried_over': [36, 0, 0, 0, 0, 0, 36],
    'granted': [290, 1, 0, 0, 3, 0, 294], 'partial': [99, 0, 0, 0, 2, 0, 101],
    'denied.three_safety': [2, 0, 0, 0, 0, 0, 2], 'denied.third_party': [2, 0, 0, 0, 0, 0, 2],
    'denied.internal': [13, 0, 0, 0, 0, 0, 13], 'denied.process': [2, 0, 0, 0, 0, 0, 2],
    'denied.enforcement_file': [4, 0, 0, 0, 0, 0, 4], 'denied.admin_query': [9, 0, 0, 0, 0, 0, 9],
    'unable.not_held': [111, 0, 0, 0, 0, 0, 111], 'unable.need_create': [2, 0, 0, 0, 0, 0, 2],
    'unprocessed.petition': [12, 0, 0, 0, 0, 0, 12], 'unprocessed.duplicate': [6, 1, 0, 0, 0, 0, 7],
    'other.no_correction': [9, 0, 0, 0, 0, 0, 9], 'other.no_fee': [7, 0, 0, 0, 0, 0, 7],
    'other.other': [142, 1, 0, 0, 0, 0, 143], 'result_total': [710, 3, 0, 0, 5, 0, 718],
    'carry_forward': [31, 0, 0, 0, 0, 0, 31]})
SYX_APPEAL = [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]

# The rows of the torn 表三, as the dump prints them: (table heading, row label,
# row id). A heading opens a new small table with the 数据1..数据6 header.
SYX_ROWS = [
    ('### 一、本年新收政府信息公开申请数量', '本年新收政府信息公开申请数量', 'new'),
    ('### 二、上年结转政府信息公开申请数量', '上年结转政府信息公开申请数量', 'carried_over'),
    ('### (一) 予以公开', '予以公开', 'granted'),
    ('### (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)', '部分公开 (区分处理的, 只计这一情形, 不计其他情形)',
     'partial'),
    ('### (三) 不予公开', '1. 属于国家秘密', 'denied.state_secret'),
    (None, '2. 其他法律行政法规禁止公开', 'denied.law_forbidden'),
    (None, '3. 危及“三安全一稳定”', 'denied.three_safety'),
    (None, '4. 保护第三方合法权益', 'denied.third_party'),
    (None, '5. 属于三类内部事务信息', 'denied.internal'),
    (None, '6. 属于四类过程性信息', 'denied.process'),
    (None, '7. 属于行政执法案卷', 'denied.enforcement_file'),
    (None, '8. 属于行政查询事项', 'denied.admin_query'),
    ('### (四) 无法提供', '1. 本机关不掌握相关政府信息', 'unable.not_held'),
    (None, '2. 没有现成信息需要另行制作', 'unable.need_create'),
    (None, '3. 补正后申请内容仍不明确', 'unable.unclear'),
    ('### (五) 不予处理', '1. 信访举报投诉类申请', 'unprocessed.petition'),
    (None, '2. 重复申请', 'unprocessed.duplicate'),
    (None, '3. 要求提供公开出版物', 'unprocessed.publication'),
    (None, '4. 无正当理由大量反复申请', 'unprocessed.mass_repeat'),
    (None, '5. 要求行政机关确认或重新出具已获取信息', 'unprocessed.confirm_reissue'),
    ('### (六) 其他', '1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请', 'other.no_correction'),
    ('WRONG_HEADER', '2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 'other.no_fee'),
    (None, '3. 其他', 'other.other'),
    (None, '（七）总计', 'result_total'),
    (None, '四、结转下年度继续办理', 'carry_forward'),
]
SYX_GROUP_HEADING = {'granted': '### 三、本年度办理结果'}


def md_row(cells):
    return '| ' + ' | '.join(str(c) for c in cells) + ' |'


def shuyang_county_2025(fx, gd):
    lines = [
        '# 沐阳县人民政府 2025 年 政府信息公开工作年度报告', '',
        '沐阳县人民政府', '(2026年1月23日)', '',
        '依据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《中华人民共和国政府信息公开工作年度报告格式》'
        '(国办公开办函〔2021〕30号)规定，编制本报告。本报告所列数据统计期限从2025年1月1日至2025年12月31日止。'
        '现将沐阳县人民政府2025年政府信息公开年度报告向社会公布。', '',
        '## 一、总体情况', '',
        '### (一) 系统化推进主动公开。', '',
        '2025年，我县坚持以群众需求为导向，聚焦重点领域和关键环节，努力让政务信息“看', '',
        '得懂、用得上、易监督”。', '',
        '二是提升公开质量。全年公开政策文件4件，对3件主动公开政策性文件进行意见征集并公开征集结果，让群众深度参与政策制定。', '',
        '### （二）规范化办理依申请公开。',
        '2025 年，我县严格遵循《条例》规定，规范依申请公开办理流程，优化服务方式，提升办理质效，依法妥善回应各类信息公开申请，'
        '全年申请办理工作规范有序、闭环高效。全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；'
        '共办理 718 件，结转下一年 31 件。依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件，'
        '有力维护了群众合法权益与政府公信力。', '',
        '## 二、主动公开政府信息情况', '',
        '### 第二十条第（一）项',
        '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|',
        '| 规章 | 0 | 0 | 0 |', '| 行政规范性文件 | 6 | 1 | 32 |', '',
        '### 第二十条第（五）项', '| 信息内容 | 本年处理决定数量 |', '|---|---|', '| 行政许可 | 517645 |', '',
        '### 第二十条第（六）项', '| 信息内容 | 本年处理决定数量 |', '|---|---|', '| 行政处罚 | 693957 |',
        '| 行政强制 | 2154 |', '',
        '### 第二十条第（八）项', '| 信息内容 | 本年收费金额（单位：万元） |', '|---|---|', '| 行政事业性收费 | 4068.208 |', '',
        '## 三、收到和处理政府信息公开申请情况', '',
        '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)', '',
        '### 申请人情况 (自然人)', '| (数据项目) | 数量 |', '|---|---|', '| - | - |', '',
        '### 申请人情况 (法人或其他组织)', '| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |',
        '|---|---|---|---|---|', '| - | - | - | - | - |', '',
        '### 申请人情况 (总计)', '| (数据项目) | 数量 |', '|---|---|', '| - | - |', '',
    ]
    header = md_row(['类别', '数据1', '数据2', '数据3', '数据4', '数据5', '数据6', '总计'])
    wrong = md_row(['项目', '本年新收件数', '上年结转件数', '予以公开', '部分公开', '不予公开', '结转下年度', '总计'])
    for heading, label, row in SYX_ROWS:
        if row in SYX_GROUP_HEADING:
            lines += ['', SYX_GROUP_HEADING[row], '']
        if heading == 'WRONG_HEADER':
            lines += ['', wrong, '|---|---|---|---|---|---|---|---|']
        elif heading is not None:
            if lines[-1] != '':
                lines.append('')
            lines += [heading, header, '|---|---|---|---|---|---|---|---|']
        lines.append(md_row([label] + SYX_APPLY[row]))
    heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    lines += ['', '## 四、政府信息公开行政复议、行政诉讼情况', '']
    for i, name in enumerate(['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）']):
        lines += ['### ' + name, md_row(heads), '|----------|----------|----------|----------|------|',
                  md_row(SYX_APPEAL[5 * i:5 * i + 5]), '']
    lines += [
        '## 五、政府信息公开工作存在的主要问题及改进情况', '',
        '2025 年，我县县政府信息公开工作在服务群众、赋能治理上取得一定成效，但对照群众日益增长的需求和高质量发展要求，仍存在短板：'
        '一是政策解读多样性需进一步加强。二是依申请办件质量需进一步提升。三是联系群众工作需要进一步巩固。', '',
        '六、其他需要报告的事项', '',
        '我县认真落实《政府信息公开信息处理费管理办法》要求，指导推动全县行政机关按规定收取费用。'
        '全县行政机关在办理2025年度信息公开申请中收取信息处理费共计380元，其中民政局1件，收取380元。', '',
        '沐阳县人民政府', '2026年1月23日']
    path = 'real/jiangsu-shuyang-county-gov-2025.md'
    write(os.path.join(fx, path), '\n'.join(lines) + '\n')
    apply = {}
    for r in ROWS_V2021:
        for c, v in zip(COLS, SYX_APPLY[r]):
            apply['apply.%s.%s' % (r, c)] = v
    active = {'active.regulation.issued': 0, 'active.regulation.repealed': 0, 'active.regulation.in_force': 0,
              'active.normative.issued': 6, 'active.normative.repealed': 1, 'active.normative.in_force': 32,
              'active.licensing.decisions': 517645, 'active.penalty.decisions': 693957,
              'active.coercion.decisions': 2154, 'active.admin_fee.amount_wan': 4068.208}
    # Read right since issue 15's last changes: a label followed by another label in its own grid row is a
    # header, not a row of blanks (the per-group tables, the made-up header naming 结转下年度), and 表四 is named by
    # its 尚未审结 and 结果维持 columns (the three 5-column tables). No known gap is left.
    gold_file(os.path.join(gd, 'real-jiangsu-shuyang-county-gov-2025.json'), {
        'note': 'REAL report, complete: 沭阳县人民政府 2025 on the 2021 template, as a PDF-to-Markdown text dump '
                '(SOURCES.md r14); the converter writes 沐阳 for 沭阳 throughout, so no agency is checked. 表三 is torn '
                'into one small table per row group, its seven applicant columns headed 数据1 … 数据6 | 总计 (the '
                'template order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计; the narrative '
                'confirms it: 749 received = 741 自然人 + 8 法人); three 申请人情况 tables hold only "-"; the rows '
                '2.申请人逾期未按收费通知… to 四、结转下年度继续办理 sit under a header the converter made up (项目 | '
                '本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计): their values are '
                'the same seven applicant columns. 表四 is split into three tables (行政复议, 未经复议直接起诉, 复议后起诉). '
                'Every cell read by hand; H1-H4 hold on the printed cells (741 = 710 + 31; 718 = 294 + 101 + 32 + 113 + '
                '19 + 159; 61 = 27 + 10 + 9 + 15), and 61 + 3 + 10 = 74 cases as the narrative says.',
        'inputs': [{'path': path, 'form': 'text'}],
        'year': 2025, 'template': 'v2021', 'hard_identities': 'pass',
        'tables': {'active': active, 'apply': apply, 'appeal': dict(zip(['appeal.' + k for k in APPEAL], SYX_APPEAL)),
                   'legacy': {}},
        'narrative': {}, 'flags': []})


# ---------------------------------------------------------------------------
# r15-r18, real, EXCERPTS of pre-2019 reports without a table in the stored
# copy (the `pages` corpus keeps the first ~2000 bytes of a page). They are the
# 2014-2018 reports of small units that the stored material holds: prose in the
# old sections (概述 / 主动公开 / 依申请 / 收费及减免 / 复议诉讼 / 问题), numbers
# only in sentences. No table cell may come out of them: all four tables are
# listed empty, so any cell output is a false positive.

LONGGUI_2016 = (
    '2016年龙归镇政府信息公开年度报告\n'
    '武江区龙归镇人民政府2016年政府信息公开年度报告 本年报是按照《中华人民共和国政府信息公开条例》和《韶关市政府信息公开办法》'
    '要求,特向社会公布2016年度本级政府信息公开年度报告。报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。 '
    '一、概述 2016年以来,我镇积极贯彻执行《中华人民共和国政府信息公开条例》、《广东省政务公开条例》、《韶关市政府信息公开办法》,'
    '认真落实省、市、区关于政务、政府信息公开的部署和要求,落实措施,突出重点,大力推进政务、政府信息公开工作深入开展。 '
    '二、政府信息主动公开情况 (一)公开的主要内容: 2016年度共主动公开政府信息25条,在主动公开的信息中,工作动态信息5条,'
    '财政预决算信息19条,他其信息报告1条。 (二)公开形式 1、政务公开栏、召开人大代表会、各种座谈会等形式 '
    '2、通过报纸、电视、广播、杂志等媒体发布部分主动公开的政府信息 3、公开信。 三、回应解读情况 '
    '回应公众关注热点或重大舆情数2次,分别是坳头石场 合同纠纷和龙安石场拦车事件。 四、咨询处理情况 '
    '2016年度未收到任何形式的有关信息公开方面的咨询。 五、行政复议、诉讼和申诉情况 '
    '2016年度未接到有关政府信息公开方面的复议、诉讼和申诉。 附表:2016年龙归镇政府信息公开年度报告 韶关市武江区龙归镇人民政府 |\n')

BENGBU_TOWN_2016 = '''本年度报告根据上级相关要求,向社会公开2016年度镇政府信息公开年度报告。全文包括政府信息公开基本情况、政府信息主动公开情况、依申请公开政府信息办理情况等。本报告信息数据统计期限为:2016年1月1日——2016年12月31日。
一、基本情况
2016年,我镇认真贯彻落实《中华人民共和国政府信息公开条例》精神,在县公开办的指导下,按照省、市政务公开有关文件要求,不断拓展公开内容,创新公开形式,完善公开制度,强化公开监督,精心组织、狠抓落实,进一步促进了政府信息公开工作。
二、主动公开政府信息情况
自2016年1月1日起至2016年12月31日止,我镇经审核主动公开信息568条。
三、依申请公开政府信息和不予公开政府信息情况
我镇2016年度无申请。
四、依申请公开政府信息收费及减免情况
我镇2016年度无申请。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
我镇2016年度无申请。
六、政府信息公开工作存在的主要问题及改进情况
(一)存在问题:
一年来,我镇的政务公开工作按照县政务信息公开工作的要求,扩大了老百姓的知情权,提高了基层民主政治建设,但由于政府信息和政务公开工作涉及面广、政策性强,在公开的时间上很难达到一致,在公开的格式上不能完全规范,内容更新上做得还不够及时等。
(二)改进措施:
我镇将继续按照县政务公开领导小组办公室的要求,进一步加强政府信息公开和政务公开工作。
二0一七年
'''

CHAOYANG_2016 = '''2016年朝阳乡政府信息公开工作年度报告
来源:朝阳乡
发布日期:2017-03-21
点击数:人次
  根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《四川省贯彻〈中华人民共和国政府信息公开条例〉实施办法(试行)》(以下简称《实施办法》)规定,特向社会公开朝阳乡2016年度政府信息公开工作年度报告。本报告包括概述,主动公开政府信息情况,依申请公开信息情况,政府信息公开复议、诉讼情况,政府信息公开收费及减免情况和存在的主要问题及改进措施等六个方面内容。本年报所列数据的统计期限自2016年1月1日起至2016年12月31日止。如对本年报有任何疑问,请与朝阳乡政府信息公开办公室联系,联系电话:0818—6972129。

  一、概述

  2016年按照《条例》和《实施办法》有关规定,我乡坚持“以公开为原则、不公开为例外”,加大政府信息主动公开力度,不断创新公开形式,深化公开内容,拓宽公开渠道,全面提升公开水平,全乡政府信息公开工作取得了新的突破。

  二、主动公开信息情况

  2016年我乡通过政府门户网站主动公开信息138条。其中:概况3条,政策文件信息31条,工作动态信息80条,财政信息2条,其他信息22条。

  三、依申请公开信息情况

  2016年度我乡没有依申请公开的政府信息。公开的信息没有涉及国家秘密的政府信息和个人隐私的信息。

  四、政府信息公开的收费及减免情况

  2016年度,我乡未发生政府信息公开申请,因而未发生政府信息公开的收费及减免情况。

  五、因政府信息公开申请行政复议、提起行政诉讼的情况

  2016年度我乡无一例因政府信息公开申请行政复议和提起行政诉讼发生。
'''

JIAOQU_2017 = '''根据《中华人民共和国政府信息公开条例》的有关规定,特向社会公布2017年度政府信息公开年度报告。本报告由概述,主动公开政府信息情况,依申请公开、不予公开及咨询政府信息情况等五部分组成。
一、概述
根据上级的统一部署和安排,2017年我乡进一步加强对政府信息公开的重视和组织领导,政府一把手负总责,确定1名分管领导具体负责,1名同志具体负责信息公开业务工作,按照政务公开的工作要求,积极展开信息公开各项工作,做到政务公开工作常态化。截至2017年底,我乡政府信息公开工作运行正常。
二、主动公开政府信息情况
2017年,主动公开政府工作信息、动态755多条。
三、依申请公开、不予公开及咨询政府信息情况
1、依申请公开情况:目前我乡尚未收到政府信息公开申请。
2、不予公开政府信息情况:按照国家及市、区保密法规及条例要求,各类文件、报表等信息未经批准的不予公开。
四、申请行政复议、提起行政诉讼和申诉的情况
我乡收到有关政府信息公开行政复议申请0件。
五、政府信息公开的收费及减免情况
2017年我办对信息公开免费提供,未收取任何费用。
六、工作存在的主要问题及下步打算
1、加强学习。不断提高对信息公开工作重要性的认识,加强对《中华人民共和国政府信息公开条例》的学习,进一步提高政府信息公开工作的业务水平。
'''

NARRATIVE_NOTE = ('REAL report, EXCERPT of a pre-2019 report (SOURCES.md %s): the stored public copy holds only the '
                  'first ~2000 bytes of the page; the fixture keeps its lines as stored, with some sentences left out '
                  '(none altered). %s The copy shows no table: all four tables are listed empty, so any cell output '
                  'from it is a false positive; template narrative_only (no table to read a template from) and no '
                  'hard check.')


def narrative_excerpts(fx, gd):
    specs = [
        ('guangdong-longgui-town-2016', 'r15', LONGGUI_2016, 2016, None,
         'Two lines: the page title, then the whole report run together as one line with spaces between the old '
         'sections (一、概述 … 五、行政复议、诉讼和申诉情况). Section 三、回应解读情况 states in prose the label of the '
         'national 统计表 row (回应公众关注热点或重大舆情数2次); the copy ends where the 附表 (the 统计表) starts: '
         '"附表:2016年龙归镇政府信息公开年度报告 韶关市武江区龙归镇人民政府 |". The agency is not checked: the '
         'title line gives 龙归镇, the next line 武江区龙归镇人民政府.'),
        ('anhui-bengbu-town-2016', 'r16', BENGBU_TOWN_2016, 2016, None,
         'A 镇 of a county of 蚌埠 (the copy names no town); the old six sections, every one but 二 and 六 saying '
         '我镇2016年度无申请; it ends with the date line 二0一七年.'),
        ('sichuan-dazhu-chaoyang-2016', 'r17', CHAOYANG_2016, 2016, '朝阳乡',
         'Title 2016年朝阳乡政府信息公开工作年度报告 (the year first), 来源 and 发布日期 lines, indented paragraphs '
         'with blank lines between; the copy ends inside 六、存在的主要问题和改进措施 (left out). The agency as the '
         'title gives it is 朝阳乡 (as 上海市人民政府参事室 of 2022年上海市人民政府参事室政府信息公开工作年度报告, r10); '
         'first read as 朝阳乡政府 (SOURCES.md r17), right since 乡/镇/街道 end an agency name.'),
        ('anhui-tongling-jiaoqu-township-2017', 'r18', JIAOQU_2017, 2017, None,
         'A 乡 of 铜陵市郊区 (from the host; the copy names no township and has no title); six old sections, '
         '主动公开政府工作信息、动态755多条 (an approximate count) and 行政复议申请0件 in prose.'),
    ]
    for name, src, text, year, agency, layout in specs:
        path = 'real/%s.txt' % name
        write(os.path.join(fx, path), text)
        inp = {'path': path, 'form': 'text'}
        if agency:
            inp['agency'] = agency
        gold_file(os.path.join(gd, 'real-%s.json' % name), {
            'note': NARRATIVE_NOTE % (src, layout),
            'excerpt': True,
            'inputs': [inp], 'year': year, 'template': 'narrative_only', 'hard_identities': 'none',
            'tables': {'active': {}, 'apply': {}, 'appeal': {}, 'legacy': {}},
            'narrative': {}, 'flags': []})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixtures', required=True)
    ap.add_argument('--gold', required=True)
    a = ap.parse_args()
    shuyang_county_2025(a.fixtures, a.gold)
    narrative_excerpts(a.fixtures, a.gold)


if __name__ == '__main__':
    main()
