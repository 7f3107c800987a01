// What the page itself says when something goes wrong, in Chinese: the server's refusals (JSON
// errors in English, meant for developers) and a server that cannot be reached.

var FIELDS = { text: '消息内容', chatId: '会话', senderId: '身份', senderName: '姓名', attachments: '文件' };

/** A refused request (HTTP status and the JSON body, if any), as one sentence. */
export function httpProblem(status, data) {
  var field = data && typeof data.field === 'string' ? FIELDS[data.field] || data.field : '';
  if (status === 401) return '需要访问令牌：请在页面上方粘贴 CORE_TOKEN 后重试。';
  if (status === 403) return '请求被拒绝（' + (field ? field + '不符合要求' : '请从本机用同一地址打开调试台') + '）。';
  var error = data && typeof data.error === 'string' ? data.error : '';
  if (status === 413 || /too big|too long/i.test(error))
    return '内容太长，发不出去：请分几条发送，或换一个小一点的文件。';
  if (status === 415 || status === 400)
    return '消息格式不对' + (field ? '（' + field + '）' : '') + '，请刷新页面后重试。';
  if (status === 429) return '发送太快了，请稍后再试。';
  if (status >= 500) return '先锋助手出错了（HTTP ' + status + '），请查看运行 npm start 的终端。';
  return '请求没有成功（HTTP ' + status + '）。';
}

/** A request that never got an answer (the server stopped, the network is down). */
export function networkProblem(what) {
  return what + '失败：连不上先锋助手，请确认 npm start 仍在运行，然后重试。';
}
