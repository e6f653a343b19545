#!/usr/bin/env python3
"""Makes other forms (HTML, DOCX) of a report for the extraction gold
(docs/extraction.md), independently of govharvest's readers.

  make_forms.py blocks REPORT.pdf > blocks.json    # from `pdftotext -layout`
  make_forms.py html blocks.json OUT.html "TITLE"
  make_forms.py docx blocks.json OUT.docx "TITLE"  # Debian python3-docx

`blocks` turns the `pdftotext -layout` text of a PDF into paragraphs and table
rows, the way a person re-typing the PDF into a web page would: a line whose
text falls into two or more columns (runs of 2+ spaces) is a table row, its
cells split at those runs; consecutive rows make one table; other lines are
joined into paragraphs, a paragraph ending at a blank line or at 。/：. Page
number lines (-3-) are dropped. Nothing is read from the gold: a cell wrapped
over two lines in the PDF stays two rows, as the layout text shows it.

The blocks JSON has the shape of the portal simulator's blocks (kind 0
paragraph, 1 heading, 2 table), as `extract_eval --blocks` prints them, so
`tests/fixtures/attachments/make_pdf.py` can render it too.
"""
import html, json, re, subprocess, sys

COLS = re.compile(r'\S(?:\s?\S)*')


def blocks_of_pdf(path):
    text = subprocess.run(['pdftotext', '-layout', path, '-'], check=True, capture_output=True, text=True).stdout
    blocks, para, table = [], [], []

    def flush_para():
        if para:
            blocks.append({'kind': 0, 'text': ''.join(para), 'rows': []})
            para.clear()

    def flush_table():
        if table:
            blocks.append({'kind': 2, 'text': '', 'rows': list(table)})
            table.clear()

    for line in text.replace('\f', '\n').split('\n'):
        s = line.strip()
        if re.fullmatch(r'[-—－]\s*\d+\s*[-—－]', s):
            continue
        if not s:
            flush_para()
            continue
        cells = [m.group(0) for m in COLS.finditer(line)]
        if len(cells) >= 2:
            flush_para()
            table.append(cells)
            continue
        flush_table()
        para.append(s)
        if s.endswith(('。', '：', ':')):
            flush_para()
    flush_para()
    flush_table()
    return blocks


def to_html(blocks, title):
    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>%s</title></head><body>' % html.escape(title),
           '<h1>%s</h1>' % html.escape(title)]
    for b in blocks:
        if b['kind'] == 2:
            out.append('<table border="1">')
            for r in b['rows']:
                out.append('<tr>' + ''.join('<td>%s</td>' % html.escape(c) for c in r) + '</tr>')
            out.append('</table>')
        elif b['kind'] in (0, 1):
            out.append('<p>%s</p>' % html.escape(b['text']))
    out.append('</body></html>')
    return '\n'.join(out) + '\n'


def to_docx(blocks, title, path):
    import docx
    d = docx.Document()
    d.core_properties.author = 'govharvest test fixture'
    d.add_heading(title, level=1)
    for b in blocks:
        if b['kind'] == 2:
            n = max(len(r) for r in b['rows'])
            t = d.add_table(rows=len(b['rows']), cols=n)
            t.style = 'Table Grid'
            for i, r in enumerate(b['rows']):
                for j, c in enumerate(r):
                    t.cell(i, j).text = c
        elif b['kind'] in (0, 1):
            d.add_paragraph(b['text'])
    d.save(path)


def main():
    cmd = sys.argv[1]
    if cmd == 'blocks':
        json.dump(blocks_of_pdf(sys.argv[2]), sys.stdout, ensure_ascii=False, indent=1)
    elif cmd == 'html':
        open(sys.argv[3], 'w', encoding='utf-8').write(to_html(json.load(open(sys.argv[2])), sys.argv[4]))
    elif cmd == 'docx':
        to_docx(json.load(open(sys.argv[2])), sys.argv[4], sys.argv[3])
    else:
        sys.exit(__doc__)


main()
