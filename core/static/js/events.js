// Time-zone detection and switch for event pages. Without JavaScript the form posts the
// choice and the server sets the `tz` cookie; with it, the first visit detects the zone.
// Also: the event page's "Copy link" (the link itself is shown without script), and the
// filters' empty fields left out of the URL (the server redirects such URLs otherwise).
(function () {
  "use strict";
  var COOKIE = "tz";
  var SHANGHAI = "Asia/Shanghai";

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return decodeURIComponent(parts[i].slice(eq + 1)); }
    }
    return null;
  }

  function writeCookie(zone) {
    document.cookie = COOKIE + "=" + zone.replace(/[^A-Za-z0-9_\/+-]/g, "") +
      "; path=/; max-age=" + (365 * 86400) + "; SameSite=Lax";
  }

  function detectedZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function ensureOption(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { return; }
    }
    var option = document.createElement("option");
    option.value = zone;
    option.textContent = zoneLabel(zone);
    select.appendChild(option);
  }

  // The zone's name in the page's language, as the browser's CLDR data says it ("中欧标准时间"),
  // until the reload shows the server's label; the raw name only if the browser has none.
  function zoneLabel(zone) {
    try {
      var parts = new Intl.DateTimeFormat(document.documentElement.lang, {
        timeZone: zone, timeZoneName: "long"
      }).formatToParts(new Date());
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "timeZoneName") { return parts[i].value; }
      }
    } catch (e) { /* an unknown zone: its name as sent */ }
    return zone;
  }

  function initCopy() {
    var button = document.querySelector("[data-copy-link]");
    var link = document.querySelector("[data-share-url]");
    if (!button || !link || !navigator.clipboard) { return; }
    var status = document.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
      });
    });
  }

  function initFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    // On a phone the filters start folded (the search box stays); open without script.
    var more = form.querySelector("[data-filter-more]");
    if (more && window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {
      more.open = false;
    }
    form.addEventListener("submit", function () {
      var fields = form.querySelectorAll("input[name], select[name]");
      for (var i = 0; i < fields.length; i++) {
        var unchanged = fields[i].value === (fields[i].getAttribute("data-default") || "");
        if (unchanged) { fields[i].disabled = true; }
      }
    });
    window.addEventListener("pageshow", function () {  // back from the results: usable again
      var fields = form.querySelectorAll("[disabled]");
      for (var i = 0; i < fields.length; i++) { fields[i].disabled = false; }
    });
  }

  function init() {
    initCopy();
    initFilters();
    var select = document.querySelector("[data-tz-select]");
    if (!select) { return; }
    var button = document.querySelector("[data-tz-submit]");
    if (button) { button.hidden = true; }
    select.addEventListener("change", function () {
      writeCookie(select.value);
      window.location.reload();
    });
    if (readCookie(COOKIE) !== null) { return; }
    var zone = detectedZone();
    if (!zone) { return; }
    writeCookie(zone);
    if (zone !== SHANGHAI) {
      // The server renders the second time once it knows the zone: one reload, then never.
      ensureOption(select, zone);
      select.value = zone;
      window.location.reload();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
