// The access token of a playground served beyond this machine (PLAYGROUND=on): the server asks
// for CORE_TOKEN and never adds it itself. The person pastes it once; it is kept in
// sessionStorage (this tab only, gone when it closes) rather than localStorage, so it does not
// stay behind on a shared computer, and it is sent only to this page's own origin.
var KEY = 'pioneer.playground.token';

function read() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch (e) {
    return '';
  }
}

/** Request headers with the token, when one was given. */
export function withToken(headers) {
  var token = read();
  var out = {};
  for (var k in headers) if (Object.prototype.hasOwnProperty.call(headers, k)) out[k] = headers[k];
  if (token) out.authorization = 'Bearer ' + token;
  return out;
}

var form = document.getElementById('tokenForm');
var field = document.getElementById('tokenInput');

/** Shows the token form (the server answered 401). */
export function askToken() {
  if (!form.hidden) return;
  form.hidden = false;
  field.focus();
}

form.addEventListener('submit', function (ev) {
  ev.preventDefault();
  var token = field.value.trim();
  if (!token) return;
  try {
    sessionStorage.setItem(KEY, token);
  } catch (e) {
    /* storage disabled: nothing to keep it in */
  }
  field.value = '';
  form.hidden = true;
});
