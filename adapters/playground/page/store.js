// The playground's state: the simulated chats and personas, and what this browser remembers of
// them (localStorage). Loaded once, when the page starts.

export var BOT_NAME = '先锋助手';
var KEY = 'pioneer.playground.';
export var GROUPS = [
  { id: 'g1', name: '第一支部群', type: 'group' },
  { id: 'g2', name: '第二支部群', type: 'group' },
];
export var BUILTIN = [
  { id: 'admin', name: '管理员' },
  { id: 'sec1', name: '王书记' },
  { id: 'm1', name: '张三' },
  { id: 'm2', name: '李四' },
  { id: 'm3', name: '赵大爷' },
];
export var SAMPLES = ['帮助', '我的', '建组织 泰山区某社区党委', '邀请', '成员'];

// ---------- storage ----------
export function load(k, fallback) {
  try {
    var v = localStorage.getItem(KEY + k);
    return v === null ? fallback : JSON.parse(v);
  } catch (e) {
    return fallback;
  }
}
export function save(k, v) {
  try {
    localStorage.setItem(KEY + k, JSON.stringify(v));
  } catch (e) {
    /* full or disabled */
  }
}
export function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
export function str(v) {
  return typeof v === 'string' ? v : '';
}

var loadedPersonas = load('personas', []);
export var custom = (Array.isArray(loadedPersonas) ? loadedPersonas : []).filter(function (p) {
  return isObj(p) && str(p.id) && str(p.name);
});
var loadedChats = load('extraChats', []);
export var extras = (Array.isArray(loadedChats) ? loadedChats : []).filter(function (c) {
  return isObj(c) && str(c.id) && (c.type === 'group' || c.type === 'direct');
});
var loadedUnread = load('unread', {});
export var unread = isObj(loadedUnread) ? loadedUnread : {};
export var logs = {};

export function personas() {
  return BUILTIN.concat(custom);
}
export function personaById(id) {
  var all = personas();
  for (var i = 0; i < all.length; i++) if (all[i].id === id) return all[i];
  return null;
}
export function groupById(id) {
  for (var i = 0; i < GROUPS.length; i++) if (GROUPS[i].id === id) return GROUPS[i];
  return null;
}
export function extraById(id) {
  for (var i = 0; i < extras.length; i++) if (extras[i].id === id) return extras[i];
  return null;
}

/** What is being looked at: who speaks (a persona id) and in which chat. */
export var state = { persona: personaById(load('persona', 'admin')) ? load('persona', 'admin') : 'admin', chat: 'g1' };
export function me() {
  return personaById(state.persona) || BUILTIN[0];
}

/** Chat ids are unique across kinds: a direct chat's id is its persona's id. */
export function chatInfo(id) {
  var g = groupById(id);
  if (g) return g;
  var p = personaById(id);
  if (p) return { id: p.id, name: BOT_NAME, type: 'direct', persona: p };
  return extraById(id);
}
export function visibleChats() {
  var list = GROUPS.slice();
  list.push(chatInfo(me().id));
  extras.forEach(function (c) {
    list.push(c);
  });
  return list;
}
export function chatName(c) {
  if (c.type === 'direct' && c.persona) return c.persona.name;
  return c.name;
}

export function validChat(id) {
  var c = chatInfo(id);
  if (!c) return 'g1';
  if (c.persona && c.persona.id !== me().id) return me().id;
  return id;
}
state.chat = validChat(load('chat', 'g1'));

// ---------- chat logs, kept in pages ----------
// A chat's log is stored in pages of LOG_PAGE entries ('log.<chat>.<n>', the range in
// 'logp.<chat>'), so a long history costs one page per new message, not a rewrite of it all. Nothing
// is dropped for its age; only when the browser's storage is full do the oldest pages go.
export var LOG_PAGE = 100;

function trySave(k, v) {
  try {
    localStorage.setItem(KEY + k, JSON.stringify(v));
    return true;
  } catch (e) {
    return false;
  }
}
function range(id) {
  var r = load('logp.' + id, null);
  return isObj(r) && Number.isInteger(r.first) && Number.isInteger(r.last) && r.first <= r.last ? r : null;
}

/** The number of each chat's first page in storage. */
var pagesFrom = {};

export function logOf(id) {
  if (!logs[id]) {
    var all = [];
    var r = range(id);
    if (r) {
      for (var n = r.first; n <= r.last; n++) {
        var page = load('log.' + id + '.' + n, []);
        if (Array.isArray(page)) all = all.concat(page.filter(isObj));
      }
    } else {
      // A log of the page's earlier versions: one array under 'log.<chat>'.
      var old = load('log.' + id, []);
      if (Array.isArray(old)) all = old.filter(isObj);
    }
    logs[id] = all;
    pagesFrom[id] = r ? r.first : 0;
  }
  return logs[id];
}

/**
 * Writes a chat's log: the last two pages (a new entry, a status change of a recent one), or every
 * page when `all` (a cleared or rewritten log). When storage is full the oldest page is let go.
 */
export function saveLog(id, all) {
  var l = logOf(id);
  var pages = Math.max(1, Math.ceil(l.length / LOG_PAGE));
  var first = pagesFrom[id] || 0;
  var old = range(id);
  var from = all || !old ? 0 : Math.max(0, pages - 2);
  for (var n = from; n < pages; n++) {
    var k = 'log.' + id + '.' + (first + n);
    var page = l.slice(n * LOG_PAGE, (n + 1) * LOG_PAGE);
    if (!trySave(k, page)) {
      // Storage is full: without this chat's oldest page, try again (or give up on a short log).
      if (dropOldestPage(id)) saveLog(id, true);
      return;
    }
  }
  if (old) for (var m = first + pages; m <= old.last; m++) localStorage.removeItem(KEY + 'log.' + id + '.' + m);
  localStorage.removeItem(KEY + 'log.' + id);
  trySave('logp.' + id, { first: first, last: first + pages - 1 });
}

/** Frees room: the chat's oldest page, in storage and here (false when it has only one). */
function dropOldestPage(id) {
  var l = logOf(id);
  if (l.length <= LOG_PAGE) return false;
  l.splice(0, LOG_PAGE);
  localStorage.removeItem(KEY + 'log.' + id + '.' + (pagesFrom[id] || 0));
  pagesFrom[id] = (pagesFrom[id] || 0) + 1;
  return true;
}
