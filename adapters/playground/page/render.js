// Drawing the page from the state (./store.js): the chat list, the personas, the open chat's log.
// Everything a user (or the bot) wrote goes on the page with textContent, never as HTML.
import {
  BOT_NAME,
  LOG_PAGE,
  SAMPLES,
  chatInfo,
  chatName,
  isObj,
  logOf,
  me,
  personaById,
  personas,
  save,
  state,
  str,
  unread,
  validChat,
  visibleChats,
} from './store.js';
import { withToken } from './token.js';
import { appendWithMentions } from './text.js';

export function $(id) {
  return document.getElementById(id);
}

// Module scripts run once the document is parsed, so the elements are there.
export var logEl = $('log');
export var input = $('input');
export var personaSel = $('persona');
var chatList = $('chatList');

export function el(tag, cls, text) {
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
export function newMessageId() {
  var b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return (
    'pg-' +
    Date.now().toString(36) +
    '-' +
    Array.from(b, function (x) {
      return x.toString(16).padStart(2, '0');
    }).join('')
  );
}

function mentionName(m) {
  if (!isObj(m)) return '';
  var n = str(m.name);
  if (n) return n;
  var p = personaById(str(m.id));
  return p ? p.name : str(m.id);
}

export function renderEntry(e) {
  if (e.k === 'sys') {
    var s = el('div', e.err ? 'sys err' : 'sys', e.text);
    s.setAttribute('data-testid', 'system-msg');
    return s;
  }
  var bot = e.k === 'bot';
  var from = isObj(e.from) ? e.from : { id: '', name: '' };
  var mine = !bot && from.id === me().id;
  var row = el(
    'div',
    'msg ' +
      (bot ? 'bot' : 'user') +
      (mine ? ' mine' : '') +
      (e.st === 'pending' ? ' pending' : '') +
      (e.st === 'error' ? ' failed' : ''),
  );
  row.setAttribute('data-testid', bot ? 'bot-msg' : 'user-msg');
  row.setAttribute('data-entry', str(e.id));
  if (!bot) {
    row.setAttribute('data-sender', str(from.id));
    row.setAttribute('data-status', str(e.st) || 'done');
  }
  row.appendChild(bot ? avatar('先') : avatar(str(from.name) || str(from.id), str(from.id)));
  var body = el('div', 'body');
  var meta = el('div', 'meta');
  meta.appendChild(el('span', 'sender', bot ? BOT_NAME : str(from.name) || str(from.id)));
  meta.appendChild(el('span', 'time', hhmm(e.t)));
  body.appendChild(meta);
  var bubble = el('div', 'bubble');
  bubble.setAttribute('data-role', 'text');
  var text = str(e.text);
  var mentions = Array.isArray(e.mentions) ? e.mentions : [];
  var names = mentions.map(mentionName).filter(Boolean);
  if (bot) {
    // Mentions the text does not already spell out are shown in front, as a chat would.
    var missing = names.filter(function (n) {
      return text.indexOf('@' + n) < 0;
    });
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
  var c = chatInfo(state.chat);
  box.appendChild(
    el(
      'div',
      '',
      c && c.type === 'direct'
        ? '这是你（' + me().name + '）与先锋助手的私聊。'
        : '这是模拟群聊「' + (c ? chatName(c) : state.chat) + '」。群里只有命令会得到回复。',
    ),
  );
  var samples = el('div', 'samples');
  SAMPLES.forEach(function (t) {
    var b = el('button', 'sample', t);
    b.type = 'button';
    b.addEventListener('click', function () {
      input.value = t;
      input.focus();
      autosize();
    });
    samples.appendChild(b);
  });
  box.appendChild(samples);
  return box;
}

// How many of the open chat's newest entries are drawn; older ones a page at a time, on request.
var shown = LOG_PAGE;

/** The open chat drew `n` more entries at its end. */
export function shownMore(n) {
  shown += n;
}

function olderButton(hidden) {
  var b = el('button', 'older', '查看更早的消息（还有 ' + hidden + ' 条）');
  b.type = 'button';
  b.setAttribute('data-testid', 'older');
  b.addEventListener('click', function () {
    // Keep what was on screen where it was: the older page goes in above it.
    var fromBottom = logEl.scrollHeight - logEl.scrollTop;
    shown += LOG_PAGE;
    renderLog(true);
    logEl.scrollTop = logEl.scrollHeight - fromBottom;
  });
  return b;
}

export function renderLog(keepScroll) {
  logEl.textContent = '';
  var entries = logOf(state.chat);
  if (entries.length === 0) logEl.appendChild(renderEmpty());
  var from = Math.max(0, entries.length - shown);
  if (from > 0) logEl.appendChild(olderButton(from));
  entries.slice(from).forEach(function (e) {
    logEl.appendChild(renderEntry(e));
  });
  if (!keepScroll) logEl.scrollTop = logEl.scrollHeight;
}

function preview(id) {
  var l = logOf(id);
  var last = l[l.length - 1];
  if (!last) return '暂无消息';
  var who = last.k === 'bot' ? BOT_NAME : last.k === 'sys' ? '系统' : isObj(last.from) ? str(last.from.name) : '';
  return who + '：' + str(last.text).replace(/\s+/g, ' ');
}

export function renderChats() {
  chatList.textContent = '';
  visibleChats().forEach(function (c) {
    var b = el('button', 'chat-item' + (c.id === state.chat ? ' active' : ''));
    b.type = 'button';
    b.setAttribute('data-testid', 'chat-' + c.id);
    b.setAttribute('role', 'listitem');
    if (c.id === state.chat) b.setAttribute('aria-current', 'true');
    b.appendChild(avatar(c.type === 'group' ? '群' : '私', c.type === 'group' ? c.id + '#group' : null));
    var info = el('div', 'info');
    info.appendChild(
      el('div', 'name', c.type === 'direct' ? (c.persona ? '私聊 · ' + BOT_NAME : '私聊 · ' + c.name) : c.name),
    );
    info.appendChild(el('div', 'prev', preview(c.id)));
    b.appendChild(info);
    var n = unread[c.id] || 0;
    if (n > 0 && c.id !== state.chat) b.appendChild(el('span', 'badge', n > 99 ? '99+' : n));
    b.addEventListener('click', function () {
      selectChat(c.id);
    });
    chatList.appendChild(b);
  });
}

export function renderPersonas() {
  personaSel.textContent = '';
  personas().forEach(function (p) {
    var n = p.id === state.persona ? 0 : unread[p.id] || 0;
    var o = el('option', '', p.name + (n > 0 ? ' · ' + n + ' 条新私信' : ''));
    o.value = p.id;
    personaSel.appendChild(o);
  });
  personaSel.value = state.persona;
  renderUnreadDirect();
}

/** Beside the switcher: how many direct messages the other personas have not read, and whose. */
export function renderUnreadDirect() {
  var badge = $('dmUnread');
  var who = [];
  var total = 0;
  personas().forEach(function (p) {
    var n = p.id === state.chat ? 0 : unread[p.id] || 0;
    if (n > 0) {
      total += n;
      who.push(p.name + ' ' + n + ' 条');
    }
  });
  badge.hidden = total === 0;
  badge.textContent = '新私信 ' + (total > 99 ? '99+' : total);
  badge.title = who.join('、');
  badge.setAttribute('aria-label', total + ' 条未读私信：' + who.join('、'));
}

function renderHead() {
  var c = chatInfo(state.chat);
  $('chatTitle').textContent = c ? (c.type === 'direct' ? BOT_NAME + '（私聊）' : c.name) : state.chat;
  $('chatSub').textContent =
    c && c.type === 'direct' ? '以「' + me().name + '」的身份私聊' : '群聊 · 当前发言人：' + me().name;
}

/**
 * Tells the server the persona has seen the open chat: what reached it so far counts as read
 * (未读's 已读未确认). Best effort: a failure only leaves it unread.
 */
export function markRead() {
  fetch('/playground/read', {
    method: 'POST',
    headers: withToken({ 'content-type': 'application/json' }),
    body: JSON.stringify({ userId: state.persona, chatId: state.chat }),
  }).catch(function () {});
}

export function selectChat(id) {
  state.chat = validChat(id);
  markRead();
  shown = LOG_PAGE;
  unread[state.chat] = 0;
  save('chat', state.chat);
  save('unread', unread);
  renderChats();
  renderHead();
  renderLog();
  renderPersonas();
}

export function selectPersona(id) {
  if (!personaById(id)) return;
  var wasDirect = chatInfo(state.chat) && chatInfo(state.chat).type === 'direct' && personaById(state.chat);
  state.persona = id;
  save('persona', id);
  if (wasDirect) state.chat = id;
  selectChat(state.chat);
}

export function autosize() {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
}
