/**
 * Reads the claim check back out of every run report format (text, markdown, html, json, junit),
 * so a claim test can assert the same exact sentence in each.
 */
import assert from 'node:assert/strict';
import { renderReport } from '../../src/reporters/index.ts';
import type { RunResult } from '../../src/results/types.ts';

export interface ClaimViews {
  /** The text report's first lines, up to the first blank line. */
  text: string[];
  /** The markdown summary's first bullets that are claim lines. */
  markdown: string[];
  /** The HTML page's claim list, right after its title, as text (tags and entities undone). */
  html: string[];
  /** The JSON result's claim sentences. */
  json: string[];
  /** The JUnit claims suite: per test case its name, output and state. */
  junit: { name: string; output: string; state: 'passed' | 'failure' | 'skipped' }[];
}

const unescapeHtml = (s: string) =>
  s
    .replace(/<code>(.*?)<\/code>/g, '`$1`')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export function claimViews(result: RunResult): ClaimViews {
  const render = (format: 'text' | 'markdown' | 'html' | 'json' | 'junit') =>
    renderReport(format, result)[0]!.content;
  const textLines = render('text').split('\n');
  const text = textLines.slice(0, textLines.indexOf(''));
  const md = render('markdown');
  const summary = md.slice(md.indexOf('## Summary\n\n') + '## Summary\n\n'.length).split('\n');
  const markdown = summary.filter((l) => l.startsWith('- Claim')).map((l) => l.slice(2));
  const html = render('html');
  assert.match(html, /<h1>[^<]*<\/h1>\n<ul id="claims">/, 'the claims come right after the title');
  const list = /<ul id="claims">(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
  const htmlLines = [...list.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) => unescapeHtml(m[1]!));
  const parsed = JSON.parse(render('json')) as RunResult;
  const xml = render('junit');
  const suite = /<testsuite name="claims".*?<\/testsuite>/s.exec(xml)?.[0] ?? '';
  const junit = [
    ...suite.matchAll(/<testcase classname="pgready\.claims" name="(.*?)"(?:\/>|>(.*?)<\/testcase>)/gs),
  ].map((m) => {
    const body = m[2] ?? '';
    return {
      name: m[1]!.replace(/&apos;/g, "'"),
      output: /<!\[CDATA\[(.*?)\]\]>/s.exec(body)?.[1] ?? '',
      state: body.includes('<failure')
        ? ('failure' as const)
        : body.includes('<skipped')
          ? ('skipped' as const)
          : ('passed' as const),
    };
  });
  return {
    text,
    markdown,
    html: htmlLines,
    json: parsed.claims?.checks.map((c) => c.sentence) ?? [],
    junit,
  };
}

/** The sentence of the claim on `index` is exactly `sentence` in text, markdown, html, json and junit. */
export function assertClaimEverywhere(result: RunResult, index: string, sentence: string): ClaimViews {
  const views = claimViews(result);
  const at = result.claims?.checks.findIndex((c) => c.index === index) ?? -1;
  assert.ok(at >= 0, `a claim on ${index}`);
  assert.equal(views.text[at], sentence, 'text');
  assert.equal(views.markdown[at], sentence, 'markdown');
  assert.equal(views.html[at], sentence, 'html');
  assert.equal(views.json[at], sentence, 'json');
  assert.equal(views.junit[at]?.output, sentence, 'junit');
  return views;
}
