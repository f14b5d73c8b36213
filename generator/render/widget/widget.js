// sitrep status widget: shows a sitrep site's current status on any page.
//
//   <script src="https://status.example.com/widget.js" async></script>
//   <div data-sitrep-widget data-appearance="banner"></div>
//
// Every element with data-sitrep-widget gets the widget (data-appearance
// "badge", the default, or "banner"). Without one, the badge goes where
// the script tag is; a script in <head> gets a small badge fixed to the
// bottom right corner. The widget lives in a shadow root, so the host
// page's CSS cannot reach it, and builds its nodes with textContent only:
// nothing from the data is ever parsed as HTML.
//
// The status comes from widget-data.js, loaded as a script: scripts load
// from any origin, so the status site needs no CORS headers. Until it has
// loaded, or when it cannot be, the widget is a link to the status page.
// Past the moment the status could have changed it says "as of"; past the
// site's stale_after it says "status unknown — last confirmed" instead of
// what may no longer be true. It reloads the status every minute.
(function () {
"use strict";
// The site's addresses and fallback words, filled in when the site is built.
var cfg = /*sitrep:config*/{"name": "Status", "page": "https://status.example.com/", "data": "https://status.example.com/widget-data.js", "open": "Open the status page"};
var doc = document;
var me = doc.currentScript;
var hosts = [];
var last = null;
var css = ":host{all:initial;display:inline-block;max-width:100%}" +
":host([data-appearance=banner]){display:block}" +
".w{box-sizing:border-box;max-width:100%;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans KR',sans-serif;" +
"color:#1f2328;background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:6px 10px;word-break:keep-all;overflow-wrap:anywhere}" +
".banner{border-left:4px solid var(--c);padding:10px 14px}" +
"a{color:inherit;text-decoration:none}a:hover,a:focus{text-decoration:underline}" +
"a:focus-visible{outline:2px solid var(--c);outline-offset:2px}" +
".head{display:inline-flex;align-items:baseline;gap:8px;font-weight:600}" +
".dot{flex:none;width:10px;height:10px;border-radius:50%;background:var(--c)}" +
".item{margin:8px 0 0}.title{font-weight:600;text-decoration:underline;text-underline-offset:2px}" +
".body,.note{margin:2px 0 0;color:#59636e}" +
".ok,.info{--c:#1a7f37}.degraded{--c:#9a6700}.partial{--c:#bc4c00}.major{--c:#cf222e}.maint{--c:#0969da}.unknown{--c:#818b98}" +
".live .dot{animation:pulse 2s ease-in-out infinite}@keyframes pulse{50%{opacity:.35}}" +
"@media (prefers-color-scheme:dark){.w{color:#f0f6fc;background:#0d1117;border-color:#3d444d}.body,.note{color:#9198a1}" +
".ok,.info{--c:#3fb950}.degraded{--c:#d29922}.partial{--c:#db6d28}.major{--c:#f85149}.maint{--c:#4493f8}.unknown{--c:#9198a1}}" +
"@media (prefers-reduced-motion:reduce){.live .dot{animation:none}}";

function el(tag, cls, text) {
  var e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}
function str(v) { return typeof v === "string" ? v : ""; }
function list(v) { return Array.isArray(v) ? v.filter(function (x) { return x && typeof x === "object"; }) : []; }
// link accepts only http(s) addresses; anything else points at the status page.
function link(href, text, cls) {
  var a = el("a", cls, text), url = cfg.page;
  try {
    var u = new URL(str(href), cfg.page);
    if (u.protocol === "https:" || u.protocol === "http:") url = u.href;
  } catch (e) {}
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener";
  return a;
}
function when(iso, lang) {
  var t = new Date(str(iso)), o = {hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"};
  if (t.toDateString() !== new Date().toDateString()) { o.month = "short"; o.day = "numeric"; }
  try { return new Intl.DateTimeFormat(str(lang) || undefined, o).format(t); } catch (e) { return str(iso); }
}

// show draws s, the site's snapshot, or a plain link to the page without one.
function show(s) {
  var ok = s && typeof s === "object";
  var words = ok && s.words && typeof s.words === "object" ? s.words : {};
  var now = Date.now(), cls = ok && /^(ok|info|degraded|partial|major|maint)$/.test(s.class) ? s.class : "unknown";
  var text = ok ? str(s.headline) : str(cfg.open), note = "", items = ok ? list(s.items) : [];
  if (ok && !(now < Date.parse(s.stale))) {
    cls = "unknown";
    text = str(words.unknown).replace("{time}", when(s.built, s.lang));
    items = [];
  } else if (ok && !(now < Date.parse(s.changes))) {
    note = str(words.as_of).replace("{time}", when(s.built, s.lang));
  }
  hosts.forEach(function (h) {
    if (!h.root) {
      try { h.root = h.el.attachShadow({mode: "open"}); } catch (e) { return; }
    }
    var banner = h.el.getAttribute("data-appearance") === "banner";
    var box = el("div", "w " + cls + (items.length && cls !== "maint" ? " live" : "") + (banner ? " banner" : ""));
    var head = link(cfg.page, "", "head");
    head.setAttribute("aria-label", str(cfg.name) + ": " + text);
    head.append(el("span", "dot"), el("span", "desc", text));
    box.append(head);
    if (banner) {
      if (ok && str(s.also) && cls !== "unknown") box.append(el("p", "note", str(s.also)));
      items.slice(0, 3).forEach(function (i) {
        var item = el("div", "item");
        item.append(link(i.url, str(i.title), "title"), el("span", "note", " · " + str(i.tag)));
        if (str(i.text)) item.append(el("p", "body", str(i.text)));
        box.append(item);
      });
    }
    if (note) box.append(el("p", "note", note));
    h.root.replaceChildren(el("style", "", css), box);
  });
}

// load adds widget-data.js again; it stores the status under the page's
// address, where show reads it.
function load() {
  var sc = el("script");
  sc.src = cfg.data + (cfg.data.indexOf("?") < 0 ? "?" : "&") + "t=" + Math.floor(Date.now() / 60000);
  sc.async = true;
  sc.onload = function () {
    var all = window.sitrepStatus;
    last = all && typeof all === "object" && all[cfg.page] ? all[cfg.page] : last;
    show(last);
    sc.remove();
  };
  sc.onerror = function () { show(last); sc.remove(); };
  (doc.head || doc.documentElement).append(sc);
}

function start() {
  var found = doc.querySelectorAll("[data-sitrep-widget]");
  if (!found.length) {
    var h = el("div");
    h.setAttribute("data-sitrep-widget", "");
    if (me && me.parentNode && doc.body && doc.body.contains(me)) {
      me.parentNode.insertBefore(h, me);
    } else if (doc.body) {
      h.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483647";
      doc.body.append(h);
    }
    found = [h];
  }
  for (var i = 0; i < found.length; i++) hosts.push({el: found[i]});
  show(null);
  load();
  setInterval(load, 60000);
}

if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
else start();
})();
