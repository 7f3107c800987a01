// Signs in with the secret in the link's fragment (#t=…): it never reaches a server log or a link
// preview. The fragment is dropped from the address bar and history before anything else.
(function () {
  const status = document.getElementById('login-status');
  const found = /(?:^#|&)t=([A-Za-z0-9_-]+)/.exec(location.hash);
  history.replaceState(null, '', location.pathname);
  const again = '请在私聊中向机器人发送「看板」获取新的链接。';
  const messages = {
    link_used: '这个登录链接已经用过了（每个链接只能使用一次）。' + again,
    link_expired: '这个登录链接已过期（10 分钟内有效）。' + again,
    link_invalid: '登录链接无效。' + again,
    not_officer: '只有书记、委员和管理员可以使用看板。',
  };
  if (!found) {
    status.textContent = '登录链接不完整。' + again;
    return;
  }
  fetch('/dashboard/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: found[1] }),
    credentials: 'same-origin',
  })
    .then(async (res) => {
      const answer = await res.json().catch(() => ({}));
      if (res.ok && answer.next) location.replace(answer.next);
      else {
        status.textContent = messages[answer.error] || '登录失败。' + again;
        status.dataset.error = answer.error || 'failed';
      }
    })
    .catch(() => {
      status.textContent = '网络错误，请稍后刷新页面重试。';
    });
})();
