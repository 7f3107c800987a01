// Drawing the page from the state (./store.js): the chat list, the personas, the open chat's log.
// Everything a user (or the bot) wrote goes on the page with textContent, never as HTML.
import {
  BOT_NAME,
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

/** Appends text to node, with "@name" for the given names shown as mentions; text nodes only. */
function appendWithMentions(node, text, names) {
  var list = names.filter(Boolean).map(function (n) {
    return '@' + n;
  });
  var i = 0;
  while (i < text.length) {
    var best = -1,
      bestLen = 0;
    for (var k = 0; k < list.length; k++) {
      var j = text.indexOf(list[k], i);
      if (j >= 0 && (best < 0 || j < best || (j === best && list[k].length > bestLen))) {
        best = j;
        bestLen = list[k].length;
      }
    }
    if (best < 0) {
      node.appendChild(document.createTextNode(text.slice(i)));
      break;
    }
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

export function renderLog() {
  logEl.textContent = '';
  var entries = logOf(state.chat);
  if (entries.length === 0) logEl.appendChild(renderEmpty());
  entries.forEach(function (e) {
    logEl.appendChild(renderEntry(e));
  });
  logEl.scrollTop = logEl.scrollHeight;
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
    var o = el('option', '', p.name + '（' + p.id + '）' + (n > 0 ? ' · ' + n + '条新私信' : ''));
    o.value = p.id;
    personaSel.appendChild(o);
  });
  personaSel.value = state.persona;
}

function renderHead() {
  var c = chatInfo(state.chat);
  $('chatTitle').textContent = c ? (c.type === 'direct' ? BOT_NAME + '（私聊）' : c.name) : state.chat;
  $('chatSub').textContent =
    c && c.type === 'direct'
      ? '以「' + me().name + '」的身份私聊 · chatId ' + state.chat
      : '群聊 · chatId ' + state.chat + ' · 当前发言人：' + me().name;
}

export function selectChat(id) {
  state.chat = validChat(id);
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
