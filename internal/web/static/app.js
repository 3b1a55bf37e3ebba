// Herald's page script: keyboard shortcuts and buttons that act in place.
// Every page works without it; it only saves trips to the server and keys.
(function () {
  "use strict";

  var current = -1;

  function cards() { return Array.prototype.slice.call(document.querySelectorAll("[data-cards] > .card")); }

  function story() {
    var cs = cards();
    if (current >= 0 && current < cs.length) { return cs[current]; }
    return document.querySelector("article.story");
  }

  function announce(text) {
    var live = document.getElementById("live");
    if (!live) {
      live = document.createElement("div");
      live.id = "live";
      live.className = "toast";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = text;
    live.classList.add("is-shown");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { live.classList.remove("is-shown"); }, 2500);
  }

  function move(step) {
    var cs = cards();
    if (!cs.length) { return; }
    if (current >= 0 && cs[current]) { cs[current].classList.remove("is-current"); }
    current = Math.max(0, Math.min(cs.length - 1, current + step));
    var card = cs[current];
    card.classList.add("is-current");
    var link = card.querySelector(".card-link");
    if (link) { link.focus({ preventScroll: true }); }
    card.scrollIntoView({ block: "nearest" });
  }

  // post sends a form's fields to action; the server answers the script 204.
  function post(action, form) {
    return fetch(action, {
      method: "POST", credentials: "same-origin", redirect: "manual", keepalive: true,
      headers: { "X-Requested-With": "herald" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (r) {
      if (r.status !== 204 && r.type !== "opaqueredirect") { throw new Error("status " + r.status); }
    });
  }

  // flip switches a toggle form (save/unsave, read/unread) to its other state.
  function flip(form) {
    var button = form.querySelector("button");
    var on = !button.classList.contains("is-on");
    button.classList.toggle("is-on", on);
    form.action = on ? form.dataset.actionSet : form.dataset.actionUnset;
    button.querySelector(".label").textContent = on ? form.dataset.labelSet : form.dataset.labelUnset;
    var card = form.closest(".card");
    if (card && form.dataset.toggle === "read") { card.classList.toggle("is-read", on); }
    announce(button.querySelector(".label").textContent.replace("Mark ", "Marked ").replace("Save", "Saved") );
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("toggle")) { return; }
    e.preventDefault();
    var action = form.action;
    flip(form);
    form.dataset.busy = "1";
    post(action, form).then(function () { delete form.dataset.busy; },
      function () { delete form.dataset.busy; flip(form); form.submit(); });
  });

  function press(verb) {
    var s = story();
    var b = s && s.querySelector('form.toggle[data-toggle="' + verb + '"] button');
    if (b) { b.click(); }
  }

  function follow() {
    var s = story();
    if (!s) { return; }
    var chip = s.querySelector(".chips a, .story-topics .row-name");
    if (!chip) { announce("This story has no topic to follow"); return; }
    var body = new URLSearchParams({ next: location.pathname });
    fetch(chip.getAttribute("href") + "/follow", {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "X-Requested-With": "herald" }, body: body
    }).then(function () { announce("You follow " + chip.textContent + " now"); },
      function () { location.href = chip.href; });
  }

  function help() {
    var d = document.getElementById("shortcut-help");
    if (d && d.showModal) { d.showModal(); } else { location.href = "/shortcuts"; }
  }

  var keys = {
    j: function () { move(1); },
    k: function () { move(-1); },
    o: function () { var s = story(); var a = s && s.querySelector(".card-link"); if (a) { location.href = a.href; } },
    s: function () { press("save"); },
    m: function () { press("read"); },
    f: follow,
    "/": function () {
      var q = document.querySelector("[data-shortcut='/']");
      if (q) { q.focus(); q.select(); } else { location.href = "/search"; }
    },
    "?": help
  };

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      if (e.key === "Escape") { t.blur(); }
      return;
    }
    var act = keys[e.key];
    if (act) { e.preventDefault(); act(); }
  });

  // A card that gets focus by Tab becomes the current one for j and k.
  document.addEventListener("focusin", function (e) {
    var card = e.target.closest && e.target.closest("[data-cards] > .card");
    if (!card) { return; }
    var cs = cards();
    var i = cs.indexOf(card);
    if (i !== current) {
      if (current >= 0 && cs[current]) { cs[current].classList.remove("is-current"); }
      current = i;
      card.classList.add("is-current");
    }
  });

  // Copy buttons beside secrets and share links: in the page from the start
  // (so that nothing moves), usable once the script runs.
  document.querySelectorAll("button[data-copy-for]").forEach(function (b) {
    if (!navigator.clipboard) { return; }
    var input = document.getElementById(b.dataset.copyFor);
    b.classList.add("is-ready");
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () { announce("Copied"); });
    });
  });

  // Impressions: a card at least half on screen for a second was seen. They
  // go to the reading signals in batches (every 10 s, and when the page is
  // left or hidden), never more than once a card per page view, and never
  // in the way of the page: the browser sends them in the background.
  (function () {
    if (!("IntersectionObserver" in window) || !document.querySelector("[data-cards] > .card[data-story]")) { return; }
    var seen = {}, timers = {}, queue = [];
    function flush() {
      if (queue.length === 0) { return; }
      var body = JSON.stringify(queue);
      queue = [];
      var blob = new Blob([body], { type: "application/json" });
      if (!(navigator.sendBeacon && navigator.sendBeacon("/api/v1/events", blob))) {
        fetch("/api/v1/events", { method: "POST", body: body, headers: { "Content-Type": "application/json" }, keepalive: true, credentials: "same-origin" }).catch(function () {});
      }
    }
    var watch = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        var id = e.target.dataset.story;
        if (e.isIntersecting && !seen[id] && !timers[id]) {
          timers[id] = setTimeout(function () {
            seen[id] = true;
            queue.push({ story_id: Number(id), kind: "impression", at: new Date().toISOString() });
          }, 1000);
        } else if (!e.isIntersecting && timers[id] && !seen[id]) {
          clearTimeout(timers[id]);
          delete timers[id];
        }
      });
    }, { threshold: 0.5 });
    cards().forEach(function (c) { if (c.dataset.story) { watch.observe(c); } });
    setInterval(flush, 10000);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { flush(); } });
    window.addEventListener("pagehide", flush);
  })();
})();
