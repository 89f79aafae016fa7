// The HTML report opened offline in a real headless Chromium: it renders, every chart has data,
// the console stays clean, and a screenshot is saved to reports/screenshots/ for a person to look at.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { renderReport } from '../../src/reporters/index.ts';
import { runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';
import { CHROMIUM, chromiumMissing } from '../helpers/tools.ts';

const skip = chromiumMissing();
const SHOTS = fileURLToPath(new URL('../../reports/screenshots/', import.meta.url));
let browser: Browser | undefined;
const dir = tempDir('pgready-html-');

before(async () => {
  if (skip) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface ChartState {
  expected: number;
  rendered: number;
  points: number[];
  errors: string[];
  percentileLabels: string[];
}

for (const name of ['run-ready', 'run-not-ready'] as const) {
  test(`the ${name} HTML report renders offline with data in every chart`, { skip }, async () => {
    assert.ok(browser);
    const result = runFixture(name);
    const [html] = renderReport('html', result);
    assert.ok(html);
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, html.content);
    // Self-contained: nothing is loaded from anywhere.
    assert.doesNotMatch(html.content, /<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"'\s]*\.(js|css)/);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as { pgreadyCharts?: ChartState }).pgreadyCharts;
      return s && s.rendered + s.errors.length >= s.expected && s.expected > 0;
    });
    const state = (await page.evaluate(
      () => (globalThis as unknown as { pgreadyCharts: ChartState }).pgreadyCharts,
    )) as ChartState;
    const scenarios = result.phases[0]?.scenarios.length ?? 0;
    assert.deepEqual(state.errors, []);
    assert.equal(state.expected, scenarios * 3, 'a percentile, throughput and p95 chart per scenario');
    assert.equal(state.rendered, state.expected);

    // Every chart drew a canvas with data: points from both phases, and pixels in the two phase colours.
    const charts = await page.$$eval('.chart', (els) =>
      els.map((el) => {
        const canvas = el.querySelector('canvas');
        let red = 0;
        let green = 0;
        if (canvas) {
          const ctx = canvas.getContext('2d');
          const data = ctx?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
            if (Math.abs(r - 0xc0) < 24 && Math.abs(g - 0x39) < 24 && Math.abs(b - 0x2b) < 24) red++;
            if (Math.abs(r - 0x1e) < 24 && Math.abs(g - 0x84) < 24 && Math.abs(b - 0x49) < 24) green++;
          }
        }
        return { points: Number(el.getAttribute('data-points')), canvas: Boolean(canvas), red, green };
      }),
    );
    assert.equal(charts.length, scenarios * 3);
    for (const [i, c] of charts.entries()) {
      assert.ok(c.canvas, `chart ${i} has a canvas`);
      assert.ok(c.points > 0, `chart ${i} has data points`);
      // Percentile plots must show both curves; over time, equal throughputs may overlap exactly.
      if (i % 3 === 0)
        assert.ok(
          c.red > 50 && c.green > 50,
          `chart ${i} drew both phases (red ${c.red}, green ${c.green} pixels)`,
        );
      else assert.ok(c.red + c.green > 50, `chart ${i} drew its lines (${c.red + c.green} pixels)`);
    }
    // The x axis reads as HdrHistogram's plotter labels it.
    for (const label of ['0%', '90%', '99%'])
      assert.ok(state.percentileLabels.includes(label), `axis label ${label} in ${state.percentileLabels}`);
    const text = (await page.textContent('body')) ?? '';
    assert.equal(
      (await page.textContent('#verdict'))?.trim(),
      result.verdict.ready ? 'ENTERPRISE READY' : 'NOT READY',
    );
    assert.ok(text.includes('postgresql://demo:***@db.staging.example.com:5432/crm'));
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);

    fs.mkdirSync(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(fs.statSync(shot).size > 20_000, 'a real screenshot');
    await context.close();
  });
}
