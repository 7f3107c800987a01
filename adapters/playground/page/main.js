// The playground page (served with a CSP that allows its own files only): one person chats with
// the bot as several personas in simulated group and direct chats. Messages go to the same-origin
// POST /playground/send; later outbox deliveries are polled from GET /playground/events.
import {
  BOT_NAME,
  chatInfo,
  chatName,
  custom,
  extraById,
  extras,
  groupById,
  isObj,
  load,
  logOf,
  logs,
  me,
  personaById,
  personas,
  save,
  saveLog,
  state,
  str,
  unread,
  visibleChats,
} from './store.js';
import {
  $,
  autosize,
  input,
  logEl,
  newMessageId,
  personaSel,
  renderChats,
  renderEntry,
  renderLog,
  renderPersonas,
  renderUnreadDirect,
  markRead,
  selectChat,
  shownMore,
  selectPersona,
} from './render.js';
import { filesLabel, filesMessage } from './files.js';
import { askToken, withToken } from './token.js';
import { httpProblem, networkProblem } from './problems.js';

var POLL_MS = 2000;
var MAX_POLL_MS = 60000;
var cursor = load('cursor', null);
var seenList = load('seen', []);
if (!Array.isArray(seenList)) seenList = [];
var seen = new Set(seenList);

function addEntry(chatId, e) {
  e.id = e.id || newMessageId();
  e.t = e.t || Date.now();
  var l = logOf(chatId);
  l.push(e);
  saveLog(chatId);
  if (chatId === state.chat) {
    var empty = logEl.querySelector('.empty');
    if (empty) empty.remove();
    logEl.appendChild(renderEntry(e));
    shownMore(1);
    logEl.scrollTop = logEl.scrollHeight;
  } else {
    unread[chatId] = (unread[chatId] || 0) + 1;
    save('unread', unread);
    renderPersonas();
  }
  renderChats();
  return e;
}

function setStatus(chatId, e, st) {
  e.st = st;
  saveLog(chatId);
  var row = logEl.querySelector('[data-entry="' + CSS.escape(e.id) + '"]');
  if (row) {
    row.setAttribute('data-status', st);
    row.classList.toggle('pending', st === 'pending');
    row.classList.toggle('failed', st === 'error');
  }
}

/** Where a reply or event goes: a direct one to that persona's direct chat, else the chat with that id. */
function deliver(r) {
  if (!isObj(r) || !str(r.chatId)) return;
  var id = r.chatId;
  if (!chatInfo(id)) {
    extras.push({ id: id, name: r.direct ? id : '会话 ' + id, type: r.direct ? 'direct' : 'group' });
    save('extraChats', extras);
  }
  addEntry(id, { k: 'bot', text: str(r.text), mentions: Array.isArray(r.mentions) ? r.mentions.filter(isObj) : [] });
}

/** "@名字" tokens that name a persona (longest name wins), once each. */
function findMentions(text) {
  var out = [];
  var all = personas()
    .slice()
    .sort(function (a, b) {
      return b.name.length - a.name.length;
    });
  var re = /[@\uFF20]/g;
  var m;
  while ((m = re.exec(text))) {
    var at = m.index + 1;
    for (var i = 0; i < all.length; i++) {
      if (text.startsWith(all[i].name, at)) {
        if (
          !out.some(function (o) {
            return o.id === all[i].id;
          })
        )
          out.push({ id: all[i].id, name: all[i].name });
        break;
      }
    }
  }
  return out;
}

// ---------- sending ----------
var queue = Promise.resolve();

function send() {
  var text = input.value;
  if (!text.trim()) return;
  var p = me();
  var c = chatInfo(state.chat);
  if (!c) return;
  var body = {
    platform: 'playground',
    chatId: c.id,
    chatType: c.type,
    chatName: chatName(c),
    senderId: p.id,
    senderName: p.name,
    messageId: newMessageId(),
    text: text,
    mentions: findMentions(text),
    mentionsBot: /[@\uFF20]先锋助手/.test(text),
    sentAt: new Date().toISOString(),
  };
  var chatId = c.id;
  var entry = addEntry(chatId, {
    k: 'user',
    from: { id: p.id, name: p.name },
    text: text,
    mentions: body.mentions,
    st: 'pending',
  });
  input.value = '';
  autosize();
  input.focus();
  queue = queue.then(function () {
    return post(body, chatId, entry);
  });
}

// Files: uploaded first, then one message naming them (./files.js).
function sendFiles(files) {
  var c = chatInfo(state.chat);
  if (!c || files.length === 0) return;
  var p = me();
  var entry = addEntry(c.id, { k: 'user', from: { id: p.id, name: p.name }, text: filesLabel(files), st: 'pending' });
  queue = queue.then(function () {
    return filesMessage(files, { c: c, p: p, chatName: chatName(c), messageId: newMessageId() })
      .then(function (body) {
        return post(body, c.id, entry);
      })
      .catch(function (err) {
        var text = err && err.status ? '上传失败：' + httpProblem(err.status, err.data) : networkProblem('上传');
        addEntry(c.id, { k: 'sys', err: true, text: text });
        setStatus(c.id, entry, 'error');
      });
  });
}

function post(body, chatId, entry) {
  return fetch('/playground/send', {
    method: 'POST',
    headers: withToken({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  })
    .then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try {
          data = JSON.parse(raw);
        } catch (e) {
          data = null;
        }
        if (!res.ok) {
          if (res.status === 401) askToken();
          addEntry(chatId, { k: 'sys', err: true, text: '没有发出：' + httpProblem(res.status, data) });
          setStatus(chatId, entry, 'error');
          return;
        }
        var replies = isObj(data) && Array.isArray(data.replies) ? data.replies : [];
        replies.forEach(deliver);
        setStatus(chatId, entry, 'done');
      });
    })
    .catch(function () {
      addEntry(chatId, { k: 'sys', err: true, text: networkProblem('发送') });
      setStatus(chatId, entry, 'error');
    });
}

// ---------- outbox events ----------
var failures = 0;
function remember(id) {
  seen.add(id);
  seenList.push(id);
  if (seenList.length > 1000) seen.delete(seenList.shift());
  save('seen', seenList);
}
function poll() {
  var url =
    '/playground/events' +
    (cursor !== null && cursor !== undefined ? '?after=' + encodeURIComponent(String(cursor)) : '');
  fetch(url, { headers: withToken({ accept: 'application/json' }), cache: 'no-store' })
    .then(function (res) {
      if (res.status === 401) askToken();
      if (res.status !== 200) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(function (data) {
      failures = 0;
      // After the messages being sent have their answers: a command's reply comes before what it
      // sent on to the chats, as it was sent.
      return queue.then(function () {
        return data;
      });
    })
    .then(function (data) {
      var events = isObj(data) && Array.isArray(data.events) ? data.events : [];
      events.forEach(function (ev) {
        if (!isObj(ev)) return;
        var id = ev.id === undefined || ev.id === null ? null : String(ev.id);
        if (id !== null && seen.has(id)) return;
        deliver(ev);
        if (id !== null) remember(id);
      });
      // What arrived in the open chat is in front of the persona.
      if (events.length) markRead();
      if (isObj(data) && data.cursor !== undefined && data.cursor !== null) {
        cursor = data.cursor;
        save('cursor', cursor);
      }
    })
    .catch(function () {
      // 404 (no events route yet) or a hiccup: no events, try again later, more slowly.
      failures++;
    })
    .then(function () {
      setTimeout(poll, failures === 0 ? POLL_MS : Math.min(POLL_MS * Math.pow(2, failures), MAX_POLL_MS));
    });
}

// ---------- personas ----------
function addPersona(ev) {
  ev.preventDefault();
  var id = $('newId').value.trim();
  var name = $('newName').value.trim();
  var err = $('addErr');
  var problem = !/^[A-Za-z0-9_.-]{1,64}$/.test(id)
    ? 'ID 只能用字母、数字和 _ . -（最多 64 个）'
    : personaById(id) || groupById(id) || extraById(id)
      ? 'ID「' + id + '」已被使用'
      : !name || name.length > 20 || /[@\uFF20<>\s]/.test(name)
        ? '姓名 1–20 个字，不能有空格和 @ < >'
        : name === BOT_NAME ||
            personas().some(function (p) {
              return p.name === name;
            })
          ? '姓名「' + name + '」已被使用'
          : '';
  if (problem) {
    err.textContent = problem;
    return;
  }
  custom.push({ id: id, name: name });
  save('personas', custom);
  err.textContent = '';
  $('newId').value = '';
  $('newName').value = '';
  $('addPersona').hidden = true;
  selectPersona(id);
}

// ---------- wiring ----------
personaSel.addEventListener('change', function () {
  selectPersona(personaSel.value);
});
$('file').addEventListener('change', function (ev) {
  var files = Array.prototype.slice.call(ev.target.files || []);
  ev.target.value = '';
  sendFiles(files);
});
$('composer').addEventListener('submit', function (ev) {
  ev.preventDefault();
  send();
});
input.addEventListener('keydown', function (ev) {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
    ev.preventDefault();
    send();
  }
});
input.addEventListener('input', autosize);
$('clear').addEventListener('click', function () {
  logs[state.chat] = [];
  saveLog(state.chat, true);
  unread[state.chat] = 0;
  save('unread', unread);
  renderChats();
  renderLog();
});
$('addPersonaBtn').addEventListener('click', function () {
  var f = $('addPersona');
  f.hidden = !f.hidden;
  if (!f.hidden) $('newId').focus();
});
$('cancelAdd').addEventListener('click', function () {
  $('addPersona').hidden = true;
  $('addErr').textContent = '';
});
$('addPersona').addEventListener('submit', addPersona);

// Logs left "sending" by a reload never got their answer shown.
visibleChats()
  .concat(
    personas().map(function (p) {
      return chatInfo(p.id);
    }),
  )
  .forEach(function (c) {
    var l = logOf(c.id);
    var changed = false;
    l.forEach(function (e) {
      if (e.st === 'pending') {
        e.st = 'unknown';
        changed = true;
      }
    });
    if (changed) saveLog(c.id, true);
  });

selectChat(state.chat);
document.body.setAttribute('data-ready', 'true');
poll();
