// The branch page: its figures come with the page as tables; the charts are drawn from the same
// figures fetched as JSON (the data endpoint), each into the box that names it.
(function () {
  const main = document.querySelector('main[data-api]');
  if (!main) return;
  fetch(main.dataset.api, { credentials: 'same-origin' })
    .then((res) => {
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    })
    .then((data) => {
      for (const spec of data.charts) {
        const el = document.querySelector('[data-chart="' + spec.key + '"]');
        if (el) window.PioneerCharts.draw(el, spec, data.figures.timeZone);
      }
      main.dataset.charts = 'ready';
    })
    .catch(() => {
      for (const el of document.querySelectorAll('[data-chart]')) el.textContent = '图表加载失败，请刷新页面。';
      main.dataset.charts = 'failed';
    });
})();
