// The import page's progress bar: asks how far the background import is until it ends.
// Its words come from the page (data-words-*), in the page's language; {name} is a value.
(function () {
  var box = document.getElementById("import-status");
  if (!box) return;
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  var links = document.getElementById("import-done-links");
  var finished = { done: true, failed: true, changed: true };

  function words(name, values) {
    var template = box.getAttribute("data-words-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function show(p) {
    box.setAttribute("data-state", p.state);
    if (p.total) { bar.max = p.total; bar.value = p.done; }
    if (p.state === "done" && p.summary) {
      bar.max = Math.max(p.total, 1); bar.value = bar.max;
      text.textContent = words("imported", p.summary);
    } else if (p.state === "failed" || p.state === "changed") {
      text.textContent = p.message;
    } else if (p.state === "running" && p.done) {
      text.textContent = words("writing", { done: p.done, total: p.total });
    } else if (p.state === "running") {
      text.textContent = words("reading", {});
    }
    if (finished[p.state]) links.hidden = false;
  }

  function poll() {
    if (finished[box.getAttribute("data-state")]) return;
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (p) { if (p) show(p); setTimeout(poll, 400); },
            function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 200);
})();
