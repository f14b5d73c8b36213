window.sitrep = {"tz":"Asia/Seoul","local":"Show times in my time zone","site":"Show times in KST","note":"Times are shown in your time zone ({tz})."};
// sitrep: optional enhancements. Every page is complete without this file.
// It adds relative times, a switch to the reader's time zone, and, once
// the reader's clock is past the moment the status could have changed
// since the build, a note that says as of when, with a refresh button
// (a static page is only as fresh as its last build).
(function () {
  "use strict";
  var d = document, lang = d.documentElement.lang || "en";
  var locale = lang === "en" ? "en-GB" : lang;

  function each(sel, fn) { Array.prototype.forEach.call(d.querySelectorAll(sel), fn); }
  function at(s) { return new Date(s).getTime(); }

  var rtf = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(locale, { numeric: "auto" }) : null;
  function ago(t, now) {
    var s = (t - now) / 1000, a = Math.abs(s);
    if (a < 60) return rtf.format(0, "minute");
    if (a < 3600) return rtf.format(Math.round(s / 60), "minute");
    if (a < 86400 * 2) return rtf.format(Math.round(s / 3600), "hour");
    return rtf.format(Math.round(s / 86400), "day");
  }

  function refresh() {
    var now = Date.now();
    if (rtf) {
      each("time[data-ago]", function (el) {
        var span = el.nextElementSibling;
        if (!span || span.className !== "rel") {
          span = d.createElement("span");
          span.className = "rel";
          el.parentNode.insertBefore(span, el.nextSibling);
        }
        span.textContent = " (" + ago(at(el.getAttribute("datetime")), now) + ")";
      });
    }
    // What the page shows was true from its build until the next moment
    // the status could change (a window starts or ends, a promise falls
    // due) or stale_after: past that the page changes nothing it shows,
    // which could contradict the rest, and says as of when instead.
    var asof = d.getElementById("asof");
    if (asof) {
      asof.hidden = now < Math.min(at(asof.getAttribute("data-changes")), at(asof.getAttribute("data-stale")));
    }
  }

  // Times in the reader's zone, on request, remembered for the next visit.
  // The site's words for it come with this script (window.sitrep, which
  // the generator writes in front of it for each site); a theme's footer
  // may carry them instead as data-* attributes of #tz.
  var tz = d.getElementById("tz"), site = window.sitrep || {}, siteNote, note;
  function word(name) {
    var v = tz.getAttribute("data-" + name);
    return v !== null ? v : site[name] || "";
  }
  var own = window.Intl ? Intl.DateTimeFormat().resolvedOptions().timeZone : "";
  function fmt(t, withDate) {
    var o = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
    if (withDate) { o.year = "numeric"; o.month = "short"; o.day = "numeric"; }
    return new Intl.DateTimeFormat(locale, o).format(new Date(t));
  }
  function setLocal(on) {
    var prev = null;
    // Every moment (a datetime with a time of day) switches; data-f says
    // how it is written: "dt" (the default) date and time, "t" the time
    // alone after a moment of the same day, "m" either.
    each("time[datetime*='T']", function (el) {
      if (el.getAttribute("data-site") === null) el.setAttribute("data-site", el.textContent);
      var t = at(el.getAttribute("datetime")), f = el.getAttribute("data-f") || "dt";
      if (!on) { el.textContent = el.getAttribute("data-site"); return; }
      var sameDay = f === "t" && prev !== null &&
        new Date(prev).toLocaleDateString(locale) === new Date(t).toLocaleDateString(locale);
      el.textContent = fmt(t, !sameDay);
      prev = t;
    });
    note.textContent = on ? word("note").replace("{tz}", own) : siteNote;
    btn.textContent = on ? word("site") : word("local");
    try { localStorage.setItem("sitrep-tz", on ? "local" : "site"); } catch (e) { /* private mode */ }
    local = on;
  }
  var btn, local = false;
  if (tz && own && own !== word("tz")) {
    // The sentence is #tz's text, or a theme's .note inside it.
    note = tz.querySelector(".note") || tz.firstChild;
    siteNote = tz.getAttribute("data-site-note") || note.textContent;
    btn = d.createElement("button");
    btn.type = "button";
    tz.appendChild(btn);
    btn.addEventListener("click", function () { setLocal(!local); });
    var saved = null;
    try { saved = localStorage.getItem("sitrep-tz"); } catch (e) { /* private mode */ }
    setLocal(saved === "local");
  }

  var again = d.querySelector("#asof button");
  if (again) again.addEventListener("click", function () { location.reload(); });
  refresh();
  setInterval(refresh, 30000);
})();
