#!/usr/bin/env python3
"""Rewrites the rules table of docs/rules.md from the catalogue, the sources and the tests (RuleCoverageTests checks it):
each rule's first sentence, the first file of src naming it (domain first), the first test named by it, or `pending`
for the rules RuleCoverageTests lists as pending.    python3 scripts/rules-table.py"""
import glob, os, re

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
shared = '../shared/gasledger/domain-rules.md'
catalogue = open(shared if os.path.exists(shared) else 'docs/catalogue/domain-rules.md').read()
rules = re.findall(r'^- (R-[A-Z]+-\d+) (.+(?:\n  .+)*)', catalogue, re.M)
coverage = open('tests/GasLedger.Domain.Tests/RuleCoverageTests.cs').read()
pending = set(re.findall(r'"(R-[A-Z]+-\d+)"', coverage[coverage.index('Pending ='):coverage.index('];', coverage.index('Pending ='))]))

def cs(root):
    return sorted(f for f in glob.glob(root + '/**/*.cs', recursive=True) if '/bin/' not in f and '/obj/' not in f)

tests = []
for f in cs('tests'):
    tests += re.findall(r'\[(?:Fact|Theory)[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+(?:async\s+)?(?:Task|void)\s+(\w+)\s*\(', open(f).read())
rank = lambda f: (0 if f.startswith('src/Domain') else 1 if f.startswith('src/Api') else 2 if f.startswith('src/Projections') else 3, f)
sources = sorted(cs('src'), key=rank)
texts = {f: open(f).read() for f in sources}

rows = []
for rule, text in rules:
    text = re.sub(r'\s+', ' ', text)
    summary = re.sub(r'\(`[^)]*\)', '', text)
    summary = re.split(r'(?<=[.;])(?<!e\.g\.)\s', summary)[0].rstrip('.; ').replace('|', '/')
    summary = re.sub(r':\s*\d+$', '', summary).replace(' 5–9)', '').replace('  ', ' ')
    if len(summary) > 90:
        summary = summary[:87].rsplit(' ', 1)[0] + ' …'
    if rule in pending:
        rows.append(f'| {rule} | {summary} | — | pending |')
        continue
    key = rule.replace('-', '_')
    test = next(t for t in tests if re.search(r'(^|_)' + key + r'(_|$)', t))
    where = next(f for f in sources if re.search(re.escape(rule) + r'(?!\d)', texts[f]))
    rows.append(f'| {rule} | {summary} | `{where}` | `{test}` |')

readme = open('docs/rules.md').read()
header = '| rule | what it says | where it lives | its test |\n|---|---|---|---|\n'
start = readme.index(header) + len(header)
end = readme.index('\n\n', start)
open('docs/rules.md', 'w').write(readme[:start] + '\n'.join(rows) + readme[end:])
print(f'{len(rows)} rules, {len(pending)} pending')
