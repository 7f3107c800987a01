/**
 * The playground page: one self-contained HTML document (inline CSS and JS, no external resources,
 * so it runs under the strict CSP the adapter sends). One person chats with the bot as several
 * personas in simulated group and direct chats; messages go to the same-origin proxy
 * `POST /playground/send`, later outbox deliveries are polled from `GET /playground/events`.
 *
 * Everything a user (or the bot) wrote is put on the page with `textContent`, never as HTML.
 * The script below is a plain string: it must contain no backticks and no `${`.
 */

const STYLE = String.raw`
:root {
  --red: #c8161d; --red-dark: #9e1016; --red-soft: #fdecec; --gold: #f4c542;
  --bg: #f3f1ee; --panel: #ffffff; --line: #e5e1dc; --text: #1f1f1f; --muted: #7a746d;
  --mine: #ffe3dc; --bubble: #ffffff; --err: #c62828;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body {
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: var(--text); background: var(--bg);
  display: flex; flex-direction: column; height: 100vh; height: 100dvh; overflow: hidden;
}
button, input, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
.top {
  display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap;
  padding: 8px 16px; background: linear-gradient(90deg, var(--red-dark), var(--red)); color: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); z-index: 2;
}
.brand { display: flex; align-items: center; gap: 10px; min-width: 0; }
.logo {
  width: 34px; height: 34px; border-radius: 50%; background: var(--gold); color: var(--red-dark);
  display: grid; place-items: center; font-weight: 700; font-size: 18px; flex: none;
}
.brand b { font-size: 17px; letter-spacing: 1px; }
.brand small { display: block; opacity: .85; font-size: 12px; }
.who { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.who label { font-size: 13px; opacity: .9; }
.who select {
  min-width: 150px; max-width: 60vw; padding: 5px 8px; border-radius: 6px; border: 1px solid rgba(255,255,255,.5);
  background: #fff; color: var(--text);
}
.btn-ghost {
  padding: 5px 10px; border-radius: 6px; border: 1px solid rgba(255,255,255,.6); background: transparent; color: #fff;
}
.btn-ghost:hover { background: rgba(255,255,255,.15); }
.addp {
  display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 16px;
  background: #fff7e0; border-bottom: 1px solid #f0dca0;
}
.addp[hidden] { display: none; }
.addp input { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; width: 140px; }
.addp .err { color: var(--err); font-size: 13px; }
.btn { padding: 5px 12px; border-radius: 6px; border: 1px solid var(--line); background: #fff; }
.btn:hover { border-color: var(--red); color: var(--red); }
.btn-primary { background: var(--red); border-color: var(--red); color: #fff; }
.btn-primary:hover { background: var(--red-dark); color: #fff; }
.main { flex: 1; display: flex; min-height: 0; }
.chats {
  width: 260px; flex: none; background: var(--panel); border-right: 1px solid var(--line);
  display: flex; flex-direction: column; min-height: 0;
}
.chats-title { padding: 12px 16px 6px; font-size: 12px; color: var(--muted); letter-spacing: 1px; }
.chat-list { overflow-y: auto; flex: 1; padding: 0 8px 8px; }
.chat-item {
  width: 100%; display: flex; align-items: center; gap: 10px; padding: 9px 10px; margin: 2px 0;
  border: 0; border-radius: 8px; background: transparent; text-align: left;
}
.chat-item:hover { background: #f6f3f0; }
.chat-item.active { background: var(--red-soft); }
.chat-item .av { width: 36px; height: 36px; font-size: 15px; }
.chat-item .info { flex: 1; min-width: 0; }
.chat-item .name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.chat-item .prev { font-size: 12px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.badge {
  min-width: 18px; height: 18px; padding: 0 5px; border-radius: 9px; background: var(--red); color: #fff;
  font-size: 11px; line-height: 18px; text-align: center; flex: none;
}
.chat { flex: 1; display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.chat-head {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line);
}
.chat-head .title { font-weight: 600; font-size: 15px; }
.chat-head .sub { font-size: 12px; color: var(--muted); }
.log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 12px; min-height: 0; }
.empty { margin: auto; text-align: center; color: var(--muted); max-width: 420px; }
.empty .samples { display: flex; flex-wrap: wrap; gap: 6px; justify-content: center; margin-top: 10px; }
.sample { padding: 3px 10px; border-radius: 14px; border: 1px dashed #d9b9b9; background: #fff; font-size: 13px; }
.sample:hover { border-color: var(--red); color: var(--red); }
.msg { display: flex; gap: 8px; align-items: flex-start; max-width: 100%; }
.msg.mine { flex-direction: row-reverse; }
.av {
  width: 34px; height: 34px; border-radius: 50%; flex: none; display: grid; place-items: center;
  color: #fff; font-weight: 600; font-size: 14px; background: #8d8d8d;
}
.msg.bot .av { background: var(--red); color: var(--gold); }
.body { min-width: 0; max-width: min(640px, 78%); display: flex; flex-direction: column; }
.msg.mine .body { align-items: flex-end; }
.meta { font-size: 12px; color: var(--muted); margin: 0 4px 2px; }
.meta .sender { font-weight: 500; }
.meta .uid { opacity: .7; margin-left: 4px; }
.meta .time { margin-left: 6px; opacity: .8; }
.bubble {
  background: var(--bubble); border: 1px solid var(--line); border-radius: 4px 12px 12px 12px;
  padding: 8px 12px; white-space: pre-wrap; word-break: break-word; overflow-wrap: anywhere;
}
.msg.mine .bubble { background: var(--mine); border-color: #f6cbbf; border-radius: 12px 4px 12px 12px; }
.msg.bot .bubble { border-left: 3px solid var(--red); }
.msg.pending .bubble { opacity: .6; }
.msg.failed .bubble { border-color: var(--err); }
.mention { color: #1565c0; font-weight: 500; }
.sys { align-self: center; font-size: 12px; color: var(--muted); max-width: 90%; text-align: center; white-space: pre-wrap; word-break: break-word; }
.sys.err { color: var(--err); background: #fdecea; border: 1px solid #f5c2c0; border-radius: 6px; padding: 4px 10px; font-family: ui-monospace, Menlo, Consolas, monospace; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 10px 16px 4px; background: var(--panel); border-top: 1px solid var(--line); }
.composer textarea {
  flex: 1; resize: none; min-height: 40px; max-height: 140px; padding: 9px 12px; line-height: 20px;
  border: 1px solid var(--line); border-radius: 8px; outline: none; background: #fcfbfa;
}
.composer textarea:focus { border-color: var(--red); background: #fff; }
.composer .send { height: 40px; padding: 0 20px; border: 0; border-radius: 8px; background: var(--red); color: #fff; font-weight: 600; }
.composer .send:hover { background: var(--red-dark); }
.hint { padding: 2px 16px 8px; font-size: 12px; color: var(--muted); background: var(--panel); }
@media (max-width: 720px) {
  .top { padding: 6px 10px; gap: 6px; }
  .brand small { display: none; }
  .who label { display: none; }
  .who select { min-width: 0; max-width: 52vw; }
  .main { flex-direction: column; }
  .chats { width: auto; border-right: 0; border-bottom: 1px solid var(--line); flex: none; }
  .chats-title { display: none; }
  .chat-list { display: flex; gap: 6px; overflow-x: auto; overflow-y: hidden; padding: 6px 8px; }
  .chat-item { width: auto; flex: none; margin: 0; padding: 6px 10px; border: 1px solid var(--line); border-radius: 18px; }
  .chat-item .av, .chat-item .prev { display: none; }
  .chat-head { padding: 8px 10px; }
  .log { padding: 10px; }
  .body { max-width: 82%; }
  .composer { padding: 8px 10px 4px; }
  .composer .send { padding: 0 14px; }
  .hint { display: none; }
}
`;

const SCRIPT = String.raw`
(function () {
  'use strict';
  var BOT_NAME = '先锋助手';
  var KEY = 'pioneer.playground.';
  var MAX_LOG = 300;
  var POLL_MS = 2000;
  var MAX_POLL_MS = 60000;
  var GROUPS = [
    { id: 'g1', name: '第一支部群', type: 'group' },
    { id: 'g2', name: '第二支部群', type: 'group' }
  ];
  var BUILTIN = [
    { id: 'admin', name: '管理员' },
    { id: 'sec1', name: '王书记' },
    { id: 'm1', name: '张三' },
    { id: 'm2', name: '李四' },
    { id: 'm3', name: '赵大爷' }
  ];
  var SAMPLES = ['帮助', '我的', '建组织 泰山区某社区党委', '邀请', '成员'];

  // ---------- storage ----------
  function load(k, fallback) {
    try {
      var v = localStorage.getItem(KEY + k);
      return v === null ? fallback : JSON.parse(v);
    } catch (e) { return fallback; }
  }
  function save(k, v) {
    try { localStorage.setItem(KEY + k, JSON.stringify(v)); } catch (e) { /* full or disabled */ }
  }
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function str(v) { return typeof v === 'string' ? v : ''; }

  var custom = load('personas', []);
  if (!Array.isArray(custom)) custom = [];
  custom = custom.filter(function (p) { return isObj(p) && str(p.id) && str(p.name); });
  var extras = load('extraChats', []);
  if (!Array.isArray(extras)) extras = [];
  extras = extras.filter(function (c) { return isObj(c) && str(c.id) && (c.type === 'group' || c.type === 'direct'); });
  var unread = load('unread', {});
  if (!isObj(unread)) unread = {};
  var cursor = load('cursor', null);
  var seenList = load('seen', []);
  if (!Array.isArray(seenList)) seenList = [];
  var seen = new Set(seenList);
  var logs = {};

  function personas() { return BUILTIN.concat(custom); }
  function personaById(id) {
    var all = personas();
    for (var i = 0; i < all.length; i++) if (all[i].id === id) return all[i];
    return null;
  }
  function groupById(id) {
    for (var i = 0; i < GROUPS.length; i++) if (GROUPS[i].id === id) return GROUPS[i];
    return null;
  }
  function extraById(id) {
    for (var i = 0; i < extras.length; i++) if (extras[i].id === id) return extras[i];
    return null;
  }

  var currentPersona = personaById(load('persona', 'admin')) ? load('persona', 'admin') : 'admin';
  function me() { return personaById(currentPersona) || BUILTIN[0]; }

  /** Chat ids are unique across kinds: a direct chat's id is its persona's id. */
  function chatInfo(id) {
    var g = groupById(id);
    if (g) return g;
    var p = personaById(id);
    if (p) return { id: p.id, name: BOT_NAME, type: 'direct', persona: p };
    return extraById(id);
  }
  function visibleChats() {
    var list = GROUPS.slice();
    list.push(chatInfo(me().id));
    extras.forEach(function (c) { list.push(c); });
    return list;
  }
  function chatName(c) {
    if (c.type === 'direct' && c.persona) return c.persona.name;
    return c.name;
  }

  var currentChat = load('chat', 'g1');
  function validChat(id) {
    var c = chatInfo(id);
    if (!c) return 'g1';
    if (c.persona && c.persona.id !== me().id) return me().id;
    return id;
  }
  currentChat = validChat(currentChat);

  function logOf(id) {
    if (!logs[id]) {
      var l = load('log.' + id, []);
      logs[id] = Array.isArray(l) ? l.filter(isObj) : [];
    }
    return logs[id];
  }
  function saveLog(id) { save('log.' + id, logOf(id)); }

  // ---------- DOM helpers ----------
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function hue(s) {
    var h = 0;
    for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
    return h % 360;
  }
  function avatar(label, seed) {
    var a = el('div', 'av', Array.from(label || '?')[0] || '?');
    if (seed) a.style.background = 'hsl(' + hue(seed) + ', 45%, 50%)';
    return a;
  }
  function hhmm(t) {
    var d = new Date(typeof t === 'number' ? t : Date.now());
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }
  function newMessageId() {
    var b = new Uint8Array(8);
    crypto.getRandomValues(b);
    return 'pg-' + Date.now().toString(36) + '-' + Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }

  /** Appends text to node, with "@name" for the given names shown as mentions; text nodes only. */
  function appendWithMentions(node, text, names) {
    var list = names.filter(Boolean).map(function (n) { return '@' + n; });
    var i = 0;
    while (i < text.length) {
      var best = -1, bestLen = 0;
      for (var k = 0; k < list.length; k++) {
        var j = text.indexOf(list[k], i);
        if (j >= 0 && (best < 0 || j < best || (j === best && list[k].length > bestLen))) { best = j; bestLen = list[k].length; }
      }
      if (best < 0) { node.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) node.appendChild(document.createTextNode(text.slice(i, best)));
      node.appendChild(el('span', 'mention', text.slice(best, best + bestLen)));
      i = best + bestLen;
    }
  }

  function mentionName(m) {
    if (!isObj(m)) return '';
    var n = str(m.name);
    if (n) return n;
    var p = personaById(str(m.id));
    return p ? p.name : str(m.id);
  }

  // ---------- rendering ----------
  function renderEntry(e) {
    if (e.k === 'sys') {
      var s = el('div', e.err ? 'sys err' : 'sys', e.text);
      s.setAttribute('data-testid', 'system-msg');
      return s;
    }
    var bot = e.k === 'bot';
    var from = isObj(e.from) ? e.from : { id: '', name: '' };
    var mine = !bot && from.id === me().id;
    var row = el('div', 'msg ' + (bot ? 'bot' : 'user') + (mine ? ' mine' : '') +
      (e.st === 'pending' ? ' pending' : '') + (e.st === 'error' ? ' failed' : ''));
    row.setAttribute('data-testid', bot ? 'bot-msg' : 'user-msg');
    row.setAttribute('data-entry', str(e.id));
    if (!bot) {
      row.setAttribute('data-sender', str(from.id));
      row.setAttribute('data-status', str(e.st) || 'done');
    }
    row.appendChild(bot ? avatar('先') : avatar(str(from.name) || str(from.id), str(from.id)));
    var body = el('div', 'body');
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'sender', bot ? BOT_NAME : (str(from.name) || str(from.id))));
    if (!bot && from.id) meta.appendChild(el('span', 'uid', from.id));
    meta.appendChild(el('span', 'time', hhmm(e.t)));
    body.appendChild(meta);
    var bubble = el('div', 'bubble');
    bubble.setAttribute('data-role', 'text');
    var text = str(e.text);
    var mentions = Array.isArray(e.mentions) ? e.mentions : [];
    var names = mentions.map(mentionName).filter(Boolean);
    if (bot) {
      // Mentions the text does not already spell out are shown in front, as a chat would.
      var missing = names.filter(function (n) { return text.indexOf('@' + n) < 0; });
      missing.forEach(function (n) {
        bubble.appendChild(el('span', 'mention', '@' + n));
        bubble.appendChild(document.createTextNode(' '));
      });
    } else {
      names.push(BOT_NAME);
    }
    appendWithMentions(bubble, text, names);
    body.appendChild(bubble);
    row.appendChild(body);
    return row;
  }

  function renderEmpty() {
    var box = el('div', 'empty');
    var c = chatInfo(currentChat);
    box.appendChild(el('div', '', c && c.type === 'direct'
      ? '这是你（' + me().name + '）与先锋助手的私聊。'
      : '这是模拟群聊「' + (c ? chatName(c) : currentChat) + '」。群里只有命令会得到回复。'));
    var samples = el('div', 'samples');
    SAMPLES.forEach(function (t) {
      var b = el('button', 'sample', t);
      b.type = 'button';
      b.addEventListener('click', function () { input.value = t; input.focus(); autosize(); });
      samples.appendChild(b);
    });
    box.appendChild(samples);
    return box;
  }

  var logEl, input, personaSel, chatList;

  function renderLog() {
    logEl.textContent = '';
    var entries = logOf(currentChat);
    if (entries.length === 0) logEl.appendChild(renderEmpty());
    entries.forEach(function (e) { logEl.appendChild(renderEntry(e)); });
    logEl.scrollTop = logEl.scrollHeight;
  }

  function preview(id) {
    var l = logOf(id);
    var last = l[l.length - 1];
    if (!last) return '暂无消息';
    var who = last.k === 'bot' ? BOT_NAME : last.k === 'sys' ? '系统' : (isObj(last.from) ? str(last.from.name) : '');
    return who + '：' + str(last.text).replace(/\s+/g, ' ');
  }

  function renderChats() {
    chatList.textContent = '';
    visibleChats().forEach(function (c) {
      var b = el('button', 'chat-item' + (c.id === currentChat ? ' active' : ''));
      b.type = 'button';
      b.setAttribute('data-testid', 'chat-' + c.id);
      b.setAttribute('role', 'listitem');
      if (c.id === currentChat) b.setAttribute('aria-current', 'true');
      b.appendChild(avatar(c.type === 'group' ? '群' : '私', c.type === 'group' ? c.id + '#group' : null));
      var info = el('div', 'info');
      info.appendChild(el('div', 'name', c.type === 'direct' ? (c.persona ? '私聊 · ' + BOT_NAME : '私聊 · ' + c.name) : c.name));
      info.appendChild(el('div', 'prev', preview(c.id)));
      b.appendChild(info);
      var n = unread[c.id] || 0;
      if (n > 0 && c.id !== currentChat) b.appendChild(el('span', 'badge', n > 99 ? '99+' : n));
      b.addEventListener('click', function () { selectChat(c.id); });
      chatList.appendChild(b);
    });
  }

  function renderPersonas() {
    personaSel.textContent = '';
    personas().forEach(function (p) {
      var n = p.id === currentPersona ? 0 : (unread[p.id] || 0);
      var o = el('option', '', p.name + '（' + p.id + '）' + (n > 0 ? ' · ' + n + '条新私信' : ''));
      o.value = p.id;
      personaSel.appendChild(o);
    });
    personaSel.value = currentPersona;
  }

  function renderHead() {
    var c = chatInfo(currentChat);
    $('chatTitle').textContent = c ? (c.type === 'direct' ? BOT_NAME + '（私聊）' : c.name) : currentChat;
    $('chatSub').textContent = c && c.type === 'direct'
      ? '以「' + me().name + '」的身份私聊 · chatId ' + currentChat
      : '群聊 · chatId ' + currentChat + ' · 当前发言人：' + me().name;
  }

  function renderAll() {
    renderPersonas();
    renderChats();
    renderHead();
    renderLog();
  }

  // ---------- state changes ----------
  function selectChat(id) {
    currentChat = validChat(id);
    unread[currentChat] = 0;
    save('chat', currentChat);
    save('unread', unread);
    renderChats();
    renderHead();
    renderLog();
    renderPersonas();
  }

  function selectPersona(id) {
    if (!personaById(id)) return;
    var wasDirect = chatInfo(currentChat) && chatInfo(currentChat).type === 'direct' && personaById(currentChat);
    currentPersona = id;
    save('persona', id);
    if (wasDirect) currentChat = id;
    selectChat(currentChat);
  }

  function addEntry(chatId, e) {
    e.id = e.id || newMessageId();
    e.t = e.t || Date.now();
    var l = logOf(chatId);
    l.push(e);
    if (l.length > MAX_LOG) l.splice(0, l.length - MAX_LOG);
    saveLog(chatId);
    if (chatId === currentChat) {
      var empty = logEl.querySelector('.empty');
      if (empty) empty.remove();
      logEl.appendChild(renderEntry(e));
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
    var all = personas().slice().sort(function (a, b) { return b.name.length - a.name.length; });
    var re = /[@\uFF20]/g;
    var m;
    while ((m = re.exec(text))) {
      var at = m.index + 1;
      for (var i = 0; i < all.length; i++) {
        if (text.startsWith(all[i].name, at)) {
          if (!out.some(function (o) { return o.id === all[i].id; })) out.push({ id: all[i].id, name: all[i].name });
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
    var c = chatInfo(currentChat);
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
      sentAt: new Date().toISOString()
    };
    var chatId = c.id;
    var entry = addEntry(chatId, { k: 'user', from: { id: p.id, name: p.name }, text: text, mentions: body.mentions, st: 'pending' });
    input.value = '';
    autosize();
    input.focus();
    queue = queue.then(function () { return post(body, chatId, entry); });
  }

  function post(body, chatId, entry) {
    return fetch('/playground/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try { data = JSON.parse(raw); } catch (e) { data = null; }
        if (!res.ok) {
          addEntry(chatId, { k: 'sys', err: true, text: 'HTTP ' + res.status + ' ' + (data !== null ? JSON.stringify(data) : raw.slice(0, 500)) });
          setStatus(chatId, entry, 'error');
          return;
        }
        var replies = isObj(data) && Array.isArray(data.replies) ? data.replies : [];
        replies.forEach(deliver);
        setStatus(chatId, entry, 'done');
      });
    }).catch(function (err) {
      addEntry(chatId, { k: 'sys', err: true, text: '发送失败：' + String((err && err.message) || err) });
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
    var url = '/playground/events' + (cursor !== null && cursor !== undefined ? '?after=' + encodeURIComponent(String(cursor)) : '');
    fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' }).then(function (res) {
      if (res.status !== 200) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (data) {
      failures = 0;
      var events = isObj(data) && Array.isArray(data.events) ? data.events : [];
      events.forEach(function (ev) {
        if (!isObj(ev)) return;
        var id = ev.id === undefined || ev.id === null ? null : String(ev.id);
        if (id !== null && seen.has(id)) return;
        deliver(ev);
        if (id !== null) remember(id);
      });
      if (isObj(data) && data.cursor !== undefined && data.cursor !== null) {
        cursor = data.cursor;
        save('cursor', cursor);
      }
    }).catch(function () {
      // 404 (no events route yet) or a hiccup: no events, try again later, more slowly.
      failures++;
    }).then(function () {
      setTimeout(poll, failures === 0 ? POLL_MS : Math.min(POLL_MS * Math.pow(2, failures), MAX_POLL_MS));
    });
  }

  // ---------- personas ----------
  function addPersona(ev) {
    ev.preventDefault();
    var id = $('newId').value.trim();
    var name = $('newName').value.trim();
    var err = $('addErr');
    var problem =
      !/^[A-Za-z0-9_.-]{1,64}$/.test(id) ? 'ID 只能用字母、数字和 _ . -（最多 64 个）' :
      personaById(id) || groupById(id) || extraById(id) ? 'ID「' + id + '」已被使用' :
      !name || name.length > 20 || /[@\uFF20<>\s]/.test(name) ? '姓名 1–20 个字，不能有空格和 @ < >' :
      name === BOT_NAME || personas().some(function (p) { return p.name === name; }) ? '姓名「' + name + '」已被使用' : '';
    if (problem) { err.textContent = problem; return; }
    custom.push({ id: id, name: name });
    save('personas', custom);
    err.textContent = '';
    $('newId').value = '';
    $('newName').value = '';
    $('addPersona').hidden = true;
    selectPersona(id);
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }

  // ---------- wiring ----------
  logEl = $('log');
  input = $('input');
  personaSel = $('persona');
  chatList = $('chatList');

  personaSel.addEventListener('change', function () { selectPersona(personaSel.value); });
  $('composer').addEventListener('submit', function (ev) { ev.preventDefault(); send(); });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
      ev.preventDefault();
      send();
    }
  });
  input.addEventListener('input', autosize);
  $('clear').addEventListener('click', function () {
    logs[currentChat] = [];
    saveLog(currentChat);
    unread[currentChat] = 0;
    save('unread', unread);
    renderChats();
    renderLog();
  });
  $('addPersonaBtn').addEventListener('click', function () {
    var f = $('addPersona');
    f.hidden = !f.hidden;
    if (!f.hidden) $('newId').focus();
  });
  $('cancelAdd').addEventListener('click', function () { $('addPersona').hidden = true; $('addErr').textContent = ''; });
  $('addPersona').addEventListener('submit', addPersona);

  // Logs left "sending" by a reload never got their answer shown.
  visibleChats().concat(personas().map(function (p) { return chatInfo(p.id); })).forEach(function (c) {
    var l = logOf(c.id);
    var changed = false;
    l.forEach(function (e) { if (e.st === 'pending') { e.st = 'unknown'; changed = true; } });
    if (changed) saveLog(c.id);
  });

  selectChat(currentChat);
  document.body.setAttribute('data-ready', 'true');
  poll();
})();
`;

const BODY = `
<header class="top">
  <div class="brand">
    <div class="logo" aria-hidden="true">先</div>
    <div><b>先锋助手</b><small>调试台 · 以不同身份模拟群聊和私聊</small></div>
  </div>
  <div class="who">
    <label for="persona">当前身份</label>
    <select id="persona" data-testid="persona" aria-label="当前身份"></select>
    <button type="button" id="addPersonaBtn" class="btn-ghost" data-testid="add-persona">＋ 添加身份</button>
  </div>
</header>
<form id="addPersona" class="addp" data-testid="add-persona-form" hidden>
  <input id="newId" data-testid="new-persona-id" placeholder="ID，如 m4" autocomplete="off" maxlength="64">
  <input id="newName" data-testid="new-persona-name" placeholder="姓名，如 钱五" autocomplete="off" maxlength="20">
  <button type="submit" class="btn btn-primary" data-testid="new-persona-save">添加</button>
  <button type="button" id="cancelAdd" class="btn">取消</button>
  <span id="addErr" class="err" role="alert"></span>
</form>
<div class="main">
  <nav class="chats" aria-label="会话">
    <div class="chats-title">会话</div>
    <div id="chatList" class="chat-list" role="list"></div>
  </nav>
  <section class="chat">
    <div class="chat-head">
      <div><div id="chatTitle" class="title"></div><div id="chatSub" class="sub"></div></div>
      <button type="button" id="clear" class="btn" data-testid="clear" title="清空本会话的记录">清空</button>
    </div>
    <div id="log" class="log" data-testid="log" role="log" aria-live="polite"></div>
    <form id="composer" class="composer">
      <textarea id="input" data-testid="input" rows="1" placeholder="输入消息或命令，如「帮助」" aria-label="消息"></textarea>
      <button type="submit" id="send" class="send" data-testid="send">发送</button>
    </form>
    <div class="hint">Enter 发送，Shift+Enter 换行；“@姓名”提及某人，“@先锋助手”提及机器人。记录保存在本浏览器。</div>
  </section>
</div>
`;

const PAGE =
  '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
  '<title>先锋助手 · 调试台</title>\n' +
  `<style>${STYLE}</style>\n</head>\n<body>${BODY}<script>${SCRIPT}</script>\n</body>\n</html>\n`;

/** The playground page, built once. */
export function playgroundPage(): string {
  return PAGE;
}
