// Runs in the browser: draws the HTML report's charts with uPlot (inlined in the page) from the
// JSON data block. Plain ES2017, no modules: the page must open offline from a file.
(() => {
  const data = JSON.parse(document.getElementById('pgready-data').textContent);
  const COLORS = { without: '#c0392b', with: '#1e8449' };
  // Read by the browser test: charts expected/drawn, their points, and the percentile axis labels.
  const state = { expected: 0, rendered: 0, points: [], errors: [], percentileLabels: [] };
  window.pgreadyCharts = state;

  // uPlot wants one shared x array; series without a point at some x get null there.
  function align(series) {
    const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    return [
      xs,
      ...series.map((s) => {
        const col = xs.map(() => null);
        s.x.forEach((x, i) => {
          col[at.get(x)] = s.y[i];
        });
        return col;
      }),
    ];
  }

  // Axis ticks can be null (uPlot leaves gaps on log scales): print nothing there.
  const pct = (v) => (v == null ? '' : `${Number((100 * (1 - 1 / v)).toFixed(4))}%`);
  const ms = (v) => (v == null ? '' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

  // The targets as a staircase: p50's line up to the median, p95's up to 1/(1-0.95) = 20, p99's to 100.
  function drawTargets(t) {
    return (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#34495e';
      ctx.fillStyle = '#34495e';
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.font = `${11 * devicePixelRatio}px sans-serif`;
      for (const [from, to, value, name] of [
        [1, 2, t.p50, 'p50'],
        [2, 20, t.p95, 'p95'],
        [20, 100, t.p99, 'p99'],
      ]) {
        const x0 = u.valToPos(from, 'x', true);
        const x1 = u.valToPos(Math.min(to, u.scales.x.max), 'x', true);
        const y = u.valToPos(value, 'y', true);
        ctx.beginPath();
        ctx.moveTo(x0, y);
        ctx.lineTo(x1, y);
        ctx.stroke();
        ctx.textAlign = 'right';
        ctx.fillText(`${name} target ${value} ms`, x1 - 4 * devicePixelRatio, y - 4 * devicePixelRatio);
      }
      ctx.restore();
    };
  }

  function chart(el, title, series, xLegend, extra) {
    state.expected++;
    try {
      const aligned = align(series);
      const points = aligned.slice(1).reduce((n, col) => n + col.filter((v) => v !== null).length, 0);
      const opts = Object.assign(
        {
          title,
          width: Math.max(320, el.clientWidth || 560),
          height: 280,
          series: [
            { label: xLegend.label, value: (_u, v) => (v == null ? '--' : xLegend.format(v)) },
            ...series.map((s) => ({
              label: s.label,
              stroke: COLORS[s.phase],
              width: 2,
              spanGaps: true,
              points: { show: false },
            })),
          ],
        },
        extra,
      );
      new uPlot(opts, aligned, el);
      el.dataset.points = String(points);
      state.points.push(points);
      state.rendered++;
    } catch (error) {
      state.errors.push(String(error));
      throw error;
    }
  }

  for (const s of data.scenarios) {
    const box = document.getElementById(`charts-${s.scenario}`);
    if (!box) continue;
    const [dist, tput, p95] = box.querySelectorAll('.chart');
    const all = s.percentiles.flatMap((p) => p.y).filter((v) => v !== null && v > 0);
    const t = s.targetsMs;
    const second = { label: 'second', format: (v) => String(v) };
    chart(
      dist,
      `${s.scenario}: latency by percentile`,
      s.percentiles,
      { label: 'percentile', format: pct },
      {
        scales: {
          x: { distr: 3, log: 10, range: (_u, _min, max) => [1, Math.max(100, max)] },
          y: {
            distr: 3,
            log: 10,
            range: () => [Math.min(...all, t.p50) / 1.5, Math.max(...all, t.p99) * 1.5],
          },
        },
        axes: [
          {
            label: 'percentile',
            values: (_u, splits) => {
              const labels = splits.map(pct);
              for (const l of labels)
                if (l && !state.percentileLabels.includes(l)) state.percentileLabels.push(l);
              return labels;
            },
          },
          { label: 'latency (ms, log scale)', size: 60, values: (_u, splits) => splits.map(ms) },
        ],
        hooks: { draw: [drawTargets(t)] },
      },
    );
    chart(tput, `${s.scenario}: throughput`, s.throughput, second, {
      scales: { x: { time: false } },
      axes: [{ label: 'seconds into the phase' }, { label: 'requests / s', size: 60 }],
    });
    chart(p95, `${s.scenario}: p95 per second`, s.p95, second, {
      scales: { x: { time: false } },
      axes: [
        { label: 'seconds into the phase' },
        { label: 'p95 (ms)', size: 60, values: (_u, splits) => splits.map(ms) },
      ],
    });
  }
})();
