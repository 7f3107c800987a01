// A message's text on the page: mentions and links as elements, everything else as text nodes.
// Nothing a person (or the bot) wrote is ever parsed as HTML.

function el(tag, cls, text) {
  var e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
}

/** Web addresses in a message (an export link, the dashboard's sign-in); they end at a space or CJK. */
var LINK = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

/**
 * Appends plain text, with each http(s) address as a link that opens in a new tab, without telling
 * it where it came from. The address is checked by URL and set as an attribute, never as HTML.
 */
function appendText(node, text) {
  var i = 0;
  var m;
  LINK.lastIndex = 0;
  while ((m = LINK.exec(text))) {
    var href = m[0].replace(/[.,;:!?)\]]+$/, '');
    var ok = false;
    try {
      var u = new URL(href);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch (e) {
      ok = false;
    }
    if (!ok) continue;
    if (m.index > i) node.appendChild(document.createTextNode(text.slice(i, m.index)));
    var a = el('a', 'link', href);
    a.setAttribute('href', href);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
    node.appendChild(a);
    i = m.index + href.length;
    LINK.lastIndex = i;
  }
  if (i < text.length) node.appendChild(document.createTextNode(text.slice(i)));
}

/** Appends text to node, with "@name" for the given names shown as mentions; text nodes only. */
export function appendWithMentions(node, text, names) {
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
      appendText(node, text.slice(i));
      break;
    }
    if (best > i) appendText(node, text.slice(i, best));
    node.appendChild(el('span', 'mention', text.slice(best, best + bestLen)));
    i = best + bestLen;
  }
}
