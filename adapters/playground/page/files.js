// Photos and files from the playground page, sent as a platform sends them: each file's bytes to
// POST /playground/upload (which answers a ref), then one message naming them as attachments; the
// core fetches the bytes through the playground only if it keeps them (a meeting's photo).
import { askToken, withToken } from './token.js';

/** What the log shows for the files sent. */
export function filesLabel(files) {
  return (
    '[文件] ' +
    files
      .map(function (f) {
        return f.name;
      })
      .join('、')
  );
}

function upload(file) {
  return fetch('/playground/upload', { method: 'POST', headers: withToken({}), body: file }).then(function (res) {
    if (res.status === 401) askToken();
    return res
      .json()
      .catch(function () {
        return null;
      })
      .then(function (data) {
        var ok = res.ok && data !== null && typeof data === 'object' && typeof data.ref === 'string';
        if (!ok) throw Object.assign(new Error('HTTP ' + res.status), { status: res.status || 500, data: data });
        var kind = /^image\//.test(file.type) ? 'image' : 'file';
        return { kind: kind, name: file.name.slice(0, 256), size: data.size, ref: data.ref };
      });
  });
}

/** Uploads the files; resolves with the message that names them (no text: as an image message). */
export function filesMessage(files, o) {
  return Promise.all(files.map(upload)).then(function (attachments) {
    return {
      platform: 'playground',
      chatId: o.c.id,
      chatType: o.c.type,
      chatName: o.chatName,
      senderId: o.p.id,
      senderName: o.p.name,
      messageId: o.messageId,
      text: '',
      attachments: attachments,
      sentAt: new Date().toISOString(),
    };
  });
}
