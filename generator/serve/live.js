// Live reload for "sitrep serve" (never part of a built site): reloads the
// page after every good rebuild, and shows the errors of a bad save over
// the last good page until the next good save.
(() => {
  "use strict";
  const me = document.currentScript;
  const version = (me && me.dataset.version) || "";
  const events = new EventSource("/_sitrep/events?v=" + encodeURIComponent(version));
  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
  events.addEventListener("problems", (e) => show(JSON.parse(e.data)));

  function show(lines) {
    const old = document.getElementById("sitrep-problems");
    if (old) old.remove();
    if (!lines.length) return;
    const box = document.createElement("div");
    box.id = "sitrep-problems";
    box.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.textContent = "This save has errors; the page shows the last good build. (click to hide)";
    const pre = document.createElement("pre");
    pre.textContent = lines.join("\n");
    box.append(title, pre);
    box.addEventListener("click", () => box.remove());
    document.body.append(box);
  }
  const box = document.getElementById("sitrep-problems");
  if (box) box.addEventListener("click", () => box.remove());
})();
