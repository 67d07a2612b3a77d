// ccm preview site: filters on the index, email iframes sized to their content, live reload.
// No network, no dependencies: works from file:// and from `ccm preview --serve`.
(function () {
  "use strict";

  // ---------------------------------------------------------------- filters (index page)
  var controls = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  function values() {
    var wanted = {};
    controls.forEach(function (el) {
      var v = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value.trim().toLowerCase();
      if (v) wanted[el.getAttribute("data-filter")] = v;
    });
    return wanted;
  }
  function matches(el, wanted) {
    for (var key in wanted) {
      var have = (el.getAttribute("data-" + key) || "").toLowerCase();
      if (key === "q") { if (have.indexOf(wanted.q) < 0) return false; }
      else if (key === "channel" || key === "locale") { if (have.split(" ").indexOf(wanted[key]) < 0) return false; }
      else if (have !== wanted[key]) return false;
    }
    return true;
  }
  function apply() {
    var wanted = values();
    var rows = document.querySelectorAll("table.comms tbody tr");
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var ok = matches(row, wanted);
      row.hidden = !ok;
      if (ok) shown++;
    });
    var count = document.querySelector("[data-count]");
    if (count) count.textContent = shown + " of " + rows.length + " comms";
    var empty = document.querySelector("[data-empty]");
    if (empty) empty.hidden = shown !== 0;
    var chips = document.querySelectorAll(".matrix .mchip");
    Array.prototype.forEach.call(chips, function (chip) {
      var w = {};
      for (var k in wanted) if (k !== "channel") w[k] = wanted[k];
      chip.hidden = !matches(chip, w);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".matrix td"), function (cell) {
      var visible = cell.querySelectorAll(".mchip:not([hidden])").length;
      cell.className = visible ? "covered" : "gap";
    });
    Array.prototype.forEach.call(document.querySelectorAll(".matrix [data-col]"), function (cell) {
      cell.classList.toggle("dim", !!wanted.channel && cell.getAttribute("data-col") !== wanted.channel);
    });
    if (window.history && window.history.replaceState && location.protocol !== "file:") {
      var q = Object.keys(wanted).map(function (k) { return k + "=" + encodeURIComponent(wanted[k]); }).join("&");
      window.history.replaceState(null, "", q ? "?" + q : location.pathname);
    }
  }
  controls.forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
  var reset = document.querySelector("[data-reset]");
  if (reset) reset.addEventListener("click", function () {
    controls.forEach(function (el) { if (el.type === "checkbox") el.checked = false; else el.value = ""; });
    apply();
  });
  if (controls.length) {
    var params = new URLSearchParams(location.search);
    controls.forEach(function (el) {
      var v = params.get(el.getAttribute("data-filter"));
      if (v === null) return;
      if (el.type === "checkbox") el.checked = v === "1"; else el.value = v;
    });
    apply();
  }

  // ---------------------------------------------------------------- email iframes
  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (!doc || !doc.documentElement) return;
      var height = Math.max(doc.documentElement.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
      if (height > 0) frame.style.height = height + "px";
    } catch (err) { /* a frame we cannot read keeps its default height */ }
  }
  Array.prototype.forEach.call(document.querySelectorAll("iframe.email"), function (frame) {
    frame.addEventListener("load", function () { fit(frame); });
    fit(frame);
  });

  // ---------------------------------------------------------------- live reload (--serve only)
  if (window.CCM_LIVE && location.protocol.indexOf("http") === 0) {
    var seen = null;
    var banner = null;
    var showError = function (message) {
      if (!message) { if (banner) { banner.remove(); banner = null; } return; }
      if (!banner) {
        banner = document.createElement("div");
        banner.className = "build-error";
        document.body.insertBefore(banner, document.body.firstChild);
      }
      banner.textContent = "Build failed, showing the last good build: " + message;
    };
    var poll = function () {
      fetch("/__ccm/version", { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (state) {
          if (seen !== null && state.version !== seen && !state.error) { location.reload(); return; }
          seen = state.version;
          showError(state.error);
        })
        .catch(function () { /* server restarting: try again */ })
        .then(function () { setTimeout(poll, 1000); });
    };
    poll();
  }
})();
