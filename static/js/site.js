// Progressive enhancement for every page: the pages are complete without it.
// Font size and high contrast are remembered between pages (high contrast starts on
// when the system asks for more contrast); the print button appears only where it works.
(function () {
  "use strict";
  var sizes = ["100", "125", "150", "200"];
  var key = "xxgk-font-size";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function apply(size) {
    sizes.forEach(function (s) { root.classList.remove("fs-" + s); });
    if (size !== "100") root.classList.add("fs-" + size);
    document.querySelectorAll("[data-font-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-font-size") === size));
    });
  }

  var initial = stored();
  if (sizes.indexOf(initial) < 0) initial = "100";
  apply(initial);

  var contrastKey = "xxgk-contrast";
  function contrastOn() {
    var v = null;
    try { v = localStorage.getItem(contrastKey); } catch (e) { /* private mode */ }
    if (v === "on" || v === "off") return v === "on";
    return window.matchMedia && window.matchMedia("(prefers-contrast: more)").matches;
  }
  function applyContrast(on) {
    root.classList.toggle("hc", on);
    root.classList.toggle("hc-off", !on);
    document.querySelectorAll(".contrast-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", String(on));
    });
  }
  applyContrast(contrastOn());

  function init() {
    apply(initial);
    document.querySelectorAll(".font-size").forEach(function (group) {
      group.hidden = false;
      group.addEventListener("click", function (ev) {
        var b = ev.target.closest("[data-font-size]");
        if (!b) return;
        var size = b.getAttribute("data-font-size");
        apply(size);
        try { localStorage.setItem(key, size); } catch (e) { /* private mode: size lasts this page only */ }
      });
    });
    applyContrast(contrastOn());
    document.querySelectorAll(".contrast-toggle").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var on = b.getAttribute("aria-pressed") !== "true";
        applyContrast(on);
        try { localStorage.setItem(contrastKey, on ? "on" : "off"); } catch (e) { /* private mode */ }
      });
    });
    document.querySelectorAll("[data-action=print]").forEach(function (b) {
      b.closest("[hidden]") && (b.closest("[hidden]").hidden = false);
      b.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
