// Mozilla Readability (with jsdom) over the annotated accuracy corpus, for
// bench/clean/run.sh: the same pages as clean_bench, from their raw bytes
// (charset from the <meta> prescan, else UTF-8), one process, timed rounds.
//
//   node readability.js --pages DIR --fixtures DIR --out DIR [--min-seconds S] [--html-only]
//
// Writes each page's article.textContent to OUT/<stem>.txt (empty when
// Readability finds no article) and prints one JSON line like clean_bench.
'use strict';
const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const args = { minSeconds: 5, htmlOnly: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--pages') args.pages = process.argv[++i];
  else if (a === '--fixtures') args.fixtures = process.argv[++i];
  else if (a === '--out') args.out = process.argv[++i];
  else if (a === '--min-seconds') args.minSeconds = Number(process.argv[++i]);
  else if (a === '--html-only') args.htmlOnly = true;
  else { console.error(`readability.js: unknown argument ${a}`); process.exit(2); }
}

function charsetOf(bytes) {
  const head = bytes.subarray(0, 2048).toString('latin1').toLowerCase();
  const m = head.match(/charset\s*=\s*["']?([a-z0-9_-]+)/);
  if (!m) return 'utf-8';
  return /^(gb2312|gbk|gb18030|x-gbk)$/.test(m[1]) ? 'gb18030' : m[1];
}

function clean(page) {
  const html = new TextDecoder(charsetOf(page.bytes)).decode(page.bytes);
  const dom = new JSDOM(html, { url: page.url || 'http://localhost/', virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  dom.window.close();
  return article && article.textContent ? article.textContent : '';
}

const pages = [];
let totalBytes = 0;
for (const f of fs.readdirSync(args.pages).filter((f) => f.endsWith('.json')).sort()) {
  const a = JSON.parse(fs.readFileSync(path.join(args.pages, f), 'utf8'));
  if (args.htmlOnly && a.source.endsWith('.txt')) continue;
  const bytes = fs.readFileSync(path.join(args.fixtures, a.source));
  totalBytes += bytes.length;
  pages.push({ stem: f.slice(0, -5), url: a.url, bytes });
}
fs.mkdirSync(args.out, { recursive: true });
for (const p of pages) fs.writeFileSync(path.join(args.out, p.stem + '.txt'), clean(p));

const start = process.hrtime.bigint();
let rounds = 0, seconds = 0, sink = 0;
while (rounds < 1 || seconds < args.minSeconds) {
  for (const p of pages) sink += clean(p).length;
  rounds++;
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log(JSON.stringify({
  cleaner: 'readability.js', version: require('@mozilla/readability/package.json').version,
  jsdom: require('jsdom/package.json').version, pages: pages.length, bytes: totalBytes, rounds, seconds,
  pages_per_s: pages.length * rounds / seconds, mb_per_s: totalBytes * rounds / seconds / 1e6,
  text_chars: sink / rounds,
}));
