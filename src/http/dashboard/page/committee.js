// The 党委 page: sorting by any column (click its heading again to reverse), and, while some
// branches' rows are still being computed, asking the data endpoint until they are, then reloading.
(function () {
  const table = document.querySelector('table[data-table="branches"]');
  if (table) {
    const body = table.tBodies[0];
    let current = { index: -1, dir: 1 };
    for (const button of table.querySelectorAll('button[data-sort]')) {
      button.addEventListener('click', () => {
        const index = Number(button.dataset.sort);
        const numeric = button.dataset.kind === 'num';
        const dir = current.index === index ? -current.dir : numeric ? -1 : 1;
        current = { index, dir };
        const key = (row) => {
          const cell = row.cells[index];
          if (!numeric) return cell.textContent;
          const v = parseFloat(cell.dataset.v);
          return Number.isNaN(v) ? null : v;
        };
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          return (numeric ? x - y : x.localeCompare(y, 'zh')) * dir;
        });
        body.append(...rows);
        for (const th of table.tHead.rows[0].cells) th.removeAttribute('aria-sort');
        button.parentElement.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      });
    }
  }

  const status = document.querySelector('[data-pending]');
  const main = document.querySelector('main[data-api]');
  if (!status || !main) return;
  let rounds = 0;
  const ask = () => {
    fetch(main.dataset.api, { credentials: 'same-origin' })
      .then((res) => res.json())
      .then((data) => {
        if (!data.pending) location.reload();
        else if (++rounds < 300) {
          status.textContent = data.pending + ' 个支部的数据正在更新，页面会自动刷新。';
          setTimeout(ask, 200);
        }
      })
      .catch(() => {
        status.textContent = '更新中断，请稍后刷新页面。';
      });
  };
  ask();
})();
