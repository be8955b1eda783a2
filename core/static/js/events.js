// Time-zone detection and switch for event pages. Without JavaScript the form posts the
// choice and the server sets the `tz` cookie; with it, the first visit detects the zone.
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
    option.textContent = zone;
    select.appendChild(option);
  }

  function init() {
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
