// One renderer for every chart of the dashboard: the server says what to draw (src/http/dashboard/
// charts.ts), uPlot draws it on a canvas sized to its box, and redraws when the window resizes.
(function () {
  const COLORS = ['#c62828', '#1565c0', '#2e7d32', '#ef6c00'];
  const drawn = [];

  function heightFor(width) {
    return width < 480 ? 200 : 260;
  }

  function dayFormat(tz) {
    const f = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'numeric', day: 'numeric' });
    return (seconds) => f.format(new Date(seconds * 1000));
  }

  function monthFormat(tz) {
    const f = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, year: '2-digit', month: 'numeric' });
    return (seconds) => f.format(new Date(seconds * 1000));
  }

  function draw(el, spec, tz) {
    el.textContent = '';
    if (!spec.xs.length) {
      el.classList.add('empty');
      el.textContent = '暂无数据';
      el.dataset.series = '0';
      return;
    }
    const category = spec.x === 'category';
    const day = dayFormat(tz);
    const width = Math.max(260, el.clientWidth);
    const narrow = width < 480;
    const xValue = (u, v) => (v == null ? '—' : category ? spec.labels[v] || '' : day(v));
    const series = [{ label: category ? '项目' : '日期', value: xValue }];
    spec.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      const one = { label: s.label, stroke: color, value: (u, v) => (v == null ? '—' : v + spec.unit) };
      if (s.kind === 'bars') {
        Object.assign(one, {
          fill: color + '99',
          width: 1,
          paths: uPlot.paths.bars({ size: [0.6, 48] }),
          points: { show: false },
        });
      } else if (s.kind === 'points') {
        Object.assign(one, {
          paths: () => null,
          points: { show: true, size: 10, width: 2, stroke: color, fill: '#fff' },
        });
      } else {
        Object.assign(one, { width: 2, spanGaps: true, points: { show: spec.xs.length <= 40, size: 6 } });
      }
      series.push(one);
    });
    const xAxis = category
      ? {
          splits: () => spec.xs,
          values: (u, splits) =>
            splits.map((i, k) => (narrow && spec.xs.length > 6 && k % 2 ? '' : spec.labels[i] || '')),
        }
      : { values: (u, splits) => splits.map(monthFormat(tz)), space: narrow ? 60 : 50 };
    const opts = {
      width,
      height: heightFor(width),
      series,
      scales: {
        x: category ? { time: false, range: [-0.5, spec.xs.length - 0.5] } : { time: true, range: () => spec.xRange },
        y: { range: (u, min, max) => [0, spec.yMax == null ? Math.max(1, Math.ceil((max || 0) * 1.2)) : spec.yMax] },
      },
      axes: [xAxis, { values: (u, splits) => splits.map((v) => v + spec.unit), size: 54 }],
      cursor: { drag: { x: false, y: false } },
      legend: { show: true },
    };
    const plot = new uPlot(opts, [spec.xs, ...spec.series.map((s) => s.values)], el);
    el.dataset.series = String(plot.series.length - 1);
    drawn.push({ el, plot });
  }

  let pending = 0;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const d of drawn) {
        const width = Math.max(260, d.el.clientWidth);
        d.plot.setSize({ width, height: heightFor(width) });
      }
    }, 150);
  });

  window.PioneerCharts = { draw };
})();
