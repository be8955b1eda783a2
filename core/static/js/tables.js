// Wide tables scroll sideways inside their .table-wrap; a keyboard user can only scroll one
// that takes focus, so every wrap that actually overflows gets tabindex (and a name if the
// table has a caption). Without this script the table is still all there.
document.querySelectorAll(".table-wrap").forEach(function (wrap) {
  if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) return;
  wrap.tabIndex = 0;
  var caption = wrap.querySelector("caption");
  if (caption) {
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption.textContent.trim());
  }
});
