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
// nothing from the data is ever parsed as HTML. It shows nothing until the
// status has loaded and fails silently, so an unreachable status site
// leaves no trace on the host page. The status refreshes every minute.
(function () {
"use strict";
// The site's addresses, filled in when the site is built.
var cfg = /*sitrep:config*/{"name": "Status", "page": "https://status.example.com/", "summary": "https://status.example.com/api/v2/summary.json"};
var doc = document;
var me = doc.currentScript;
var hosts = [];
var ranks = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];
var css = ":host{all:initial;display:inline-block;max-width:100%}" +
":host([data-appearance=banner]){display:block}" +
".w{box-sizing:border-box;max-width:100%;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans KR',sans-serif;" +
"color:#1f2328;background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:6px 10px;word-break:keep-all;overflow-wrap:anywhere}" +
".banner{border-left:4px solid var(--c);padding:10px 14px}" +
"a{color:inherit;text-decoration:none}a:hover,a:focus{text-decoration:underline}" +
"a:focus-visible{outline:2px solid var(--c);outline-offset:2px}" +
".head{display:inline-flex;align-items:center;gap:8px;font-weight:600}" +
".dot{flex:none;width:10px;height:10px;border-radius:50%;background:var(--c)}" +
".item{margin:8px 0 0}.title{font-weight:600;text-decoration:underline;text-underline-offset:2px}.body{margin:2px 0 0;color:#59636e}" +
".none{--c:#1a7f37}.minor{--c:#9a6700}.major{--c:#bc4c00}.critical{--c:#cf222e}.maintenance{--c:#0969da}" +
".live .dot{animation:pulse 2s ease-in-out infinite}@keyframes pulse{50%{opacity:.35}}" +
"@media (prefers-color-scheme:dark){.w{color:#f0f6fc;background:#0d1117;border-color:#3d444d}.body{color:#9198a1}" +
".none{--c:#3fb950}.minor{--c:#d29922}.major{--c:#db6d28}.critical{--c:#f85149}.maintenance{--c:#4493f8}}" +
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
// plain turns an update's Markdown into short plain text.
function plain(md) {
  var s = md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/^[ \t]*(#+|>+)[ \t]*/gm, "").replace(/[*`]+/g, "")
    .replace(/\s+/g, " ").trim();
  return s.length > 240 ? s.slice(0, 239) + "\u2026" : s;
}

function render(s) {
  if (!s || typeof s !== "object") return;
  var st = s.status && typeof s.status === "object" ? s.status : {};
  var ind = /^(none|minor|major|critical)$/.test(st.indicator) ? st.indicator : "none";
  var maint = list(s.scheduled_maintenances).filter(function (m) { return m.status === "in_progress" || m.status === "verifying"; });
  // The colour: the worst component status when something is degraded or
  // down, then maintenance in progress, then the incidents' impact.
  var worst = 0;
  list(s.components).forEach(function (c) { worst = Math.max(worst, ranks.indexOf(c.status)); });
  var tone = worst > 1 ? ["minor", "major", "critical"][worst - 2] : maint.length ? "maintenance" : ind;
  var open = list(s.incidents);
  var desc = str(st.description) || "Status";
  hosts.forEach(function (h) {
    if (!h.root) {
      try { h.root = h.el.attachShadow({mode: "open"}); } catch (e) { return; }
    }
    var banner = h.el.getAttribute("data-appearance") === "banner";
    var box = el("div", "w " + tone + (open.length ? " live" : "") + (banner ? " banner" : ""));
    var head = link(cfg.page, "", "head");
    head.setAttribute("aria-label", str(cfg.name) + ": " + desc);
    head.append(el("span", "dot"), el("span", "desc", desc));
    box.append(head);
    if (banner) {
      open.slice(0, 3).forEach(function (i) {
        var item = el("div", "item"), u = list(i.incident_updates)[0];
        item.append(link(i.shortlink, str(i.name), "title"));
        if (u && str(u.body)) item.append(el("p", "body", plain(u.body)));
        box.append(item);
      });
      maint.slice(0, 2).forEach(function (m) {
        var item = el("div", "item");
        item.append(link(m.shortlink, str(m.name), "title"), el("p", "body", "Maintenance in progress"));
        box.append(item);
      });
    }
    h.root.replaceChildren(el("style", "", css), box);
  });
}

function load() {
  fetch(cfg.summary, {cache: "no-cache", credentials: "omit"})
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(render)
    .catch(function () {});
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
  load();
  setInterval(load, 60000);
}

if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
else start();
})();
