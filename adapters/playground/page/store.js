// The playground's state: the simulated chats and personas, and what this browser remembers of
// them (localStorage). Loaded once, when the page starts.

export var BOT_NAME = '先锋助手';
var KEY = 'pioneer.playground.';
export var MAX_LOG = 300;
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

export function logOf(id) {
  if (!logs[id]) {
    var l = load('log.' + id, []);
    logs[id] = Array.isArray(l) ? l.filter(isObj) : [];
  }
  return logs[id];
}
export function saveLog(id) {
  save('log.' + id, logOf(id));
}
