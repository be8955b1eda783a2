/* The network view, enhanced: zoom, pan, keyboard, and the details panel filled in place.
 * The page works without this file: the SVG is server-rendered, every node links to the page
 * focused on it (?focus=<slug>) and the server fills the panel. Zooming in past 1.8× shows the
 * zoomed label set (names placed without overlaps at a smaller size, see graph/picture.py).
 * No library, no inline code (CSP); data comes from the page's JSON endpoint (data-api). */
(function () {
  "use strict";

  var figure = document.getElementById("network-figure");
  if (!figure) { return; }
  var svg = document.getElementById("network-svg");
  var canvas = figure.querySelector(".network-canvas");
  var panel = document.getElementById("network-details");
  var labels = JSON.parse(figure.getAttribute("data-labels") || "{}");
  var lang = figure.getAttribute("data-lang") || "en";
  var full = svg.viewBox.baseVal;
  var view = { x: full.x, y: full.y, w: full.width, h: full.height };
  var home = { x: view.x, y: view.y, w: view.w, h: view.h };
  var data = null;
  var pending = null;

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    figure.classList.toggle("is-zoomed", view.w <= home.w / 1.8);
  }

  function zoom(factor, cx, cy) {
    var w = Math.min(home.w * 4, Math.max(home.w / 20, view.w / factor));
    var h = w * home.h / home.w;
    cx = cx === undefined ? view.x + view.w / 2 : cx;
    cy = cy === undefined ? view.y + view.h / 2 : cy;
    view.x = cx - (cx - view.x) * (w / view.w);
    view.y = cy - (cy - view.y) * (h / view.h);
    view.w = w;
    view.h = h;
    apply();
  }

  function pan(dx, dy) {
    view.x += dx * view.w;
    view.y += dy * view.h;
    apply();
  }

  function reset() {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  }

  function svgPoint(event) {
    var rect = svg.getBoundingClientRect();
    return {
      x: view.x + (event.clientX - rect.left) / rect.width * view.w,
      y: view.y + (event.clientY - rect.top) / rect.height * view.h
    };
  }

  function addToolbar() {
    var bar = document.createElement("div");
    bar.className = "network-toolbar";
    [["+", "data-label-zoom-in", function () { zoom(1.4); }],
     ["−", "data-label-zoom-out", function () { zoom(1 / 1.4); }],
     ["⟲", "data-label-reset", reset]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small";
      button.textContent = spec[0];
      button.setAttribute("aria-label", figure.getAttribute(spec[1]));
      button.title = figure.getAttribute(spec[1]);
      button.addEventListener("click", spec[2]);
      bar.appendChild(button);
    });
    figure.insertBefore(bar, canvas);
  }

  function onWheel(event) {
    event.preventDefault();
    var p = svgPoint(event);
    zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }

  var drag = null;
  function onPointerDown(event) {
    if (event.button !== 0 || event.target.closest(".node")) { return; }
    drag = { x: event.clientX, y: event.clientY, moved: false };
    svg.setPointerCapture(event.pointerId);
  }
  function onPointerMove(event) {
    if (!drag) { return; }
    var rect = svg.getBoundingClientRect();
    view.x -= (event.clientX - drag.x) / rect.width * view.w;
    view.y -= (event.clientY - drag.y) / rect.height * view.h;
    drag.x = event.clientX;
    drag.y = event.clientY;
    apply();
  }
  function onPointerUp() { drag = null; }

  function onKey(event) {
    var node = event.target.closest ? event.target.closest(".node") : null;
    if (node && event.key === "Enter") {
      // Enter opens the details (as a click does); nodes without a page have no native click.
      event.preventDefault();
      var id = Number(node.getAttribute("data-id"));
      load(function () { showDetails(id); });
      return;
    }
    var keys = {
      "+": function () { zoom(1.4); }, "=": function () { zoom(1.4); },
      "-": function () { zoom(1 / 1.4); }, "_": function () { zoom(1 / 1.4); },
      "0": reset,
      "ArrowLeft": function () { pan(-0.1, 0); }, "ArrowRight": function () { pan(0.1, 0); },
      "ArrowUp": function () { pan(0, -0.1); }, "ArrowDown": function () { pan(0, 0.1); }
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  }

  function load(then) {
    if (data) { then(); return; }
    if (pending) { pending.push(then); return; }
    pending = [then];
    fetch(figure.getAttribute("data-api"), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (json) {
        data = index(json);
        pending.forEach(function (callback) { callback(); });
        pending = null;
      })
      .catch(function () { pending = null; });
  }

  function index(json) {
    var byId = {};
    var around = {};
    json.nodes.forEach(function (node) { byId[node.id] = node; around[node.id] = []; });
    json.edges.forEach(function (edge) {
      around[edge.source].push({ id: edge.target, weight: edge.weight });
      around[edge.target].push({ id: edge.source, weight: edge.weight });
    });
    return { byId: byId, around: around };
  }

  function nameOf(node) {
    return lang === "zh" ? (node.name_zh || node.name_en) : (node.name_en || node.name_zh);
  }

  function field(name) { return panel.querySelector("[data-field='" + name + "']"); }

  function hrefOf(id) {
    var link = svg.querySelector(".node[data-id='" + id + "']");
    return link ? link.getAttribute("href") : null;
  }

  function showDetails(id) {
    var node = data.byId[id];
    if (!node) { return; }
    field("name").textContent = nameOf(node);
    field("kind").textContent = (labels.kinds || {})[node.kind] || node.kind;
    field("region").textContent = (labels.regions || {})[node.region] || node.region;
    field("degree").textContent = node.degree.toLocaleString(lang);
    field("community").textContent = (labels.communities || {})[node.community] || "";
    fillNeighbours(id);
    var link = field("link");
    var partnerPage = link.getAttribute("data-pattern");
    link.hidden = !partnerPage;
    if (partnerPage) { link.setAttribute("href", partnerPage.replace("__slug__", node.slug)); }
    panel.hidden = false;
    svg.querySelectorAll(".path-overlay .is-focus, .path-overlay .focus-ring")
      .forEach(function (el) { el.remove(); });
    select(id);
    var focusHref = hrefOf(id);
    if (focusHref && window.history.replaceState) { window.history.replaceState(null, "", focusHref); }
  }

  function fillNeighbours(id) {
    var list = field("neighbours");
    list.textContent = "";
    data.around[id]
      .slice()
      .sort(function (a, b) { return b.weight - a.weight; })
      .forEach(function (tie) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hrefOf(tie.id) || "#";
        link.textContent = nameOf(data.byId[tie.id]);
        link.addEventListener("click", function (event) {
          event.preventDefault();
          showDetails(tie.id);
        });
        var weight = document.createElement("span");
        weight.className = "muted";
        weight.textContent = " (" + tie.weight.toLocaleString(lang) + ")";
        item.appendChild(link);
        item.appendChild(weight);
        list.appendChild(item);
      });
  }

  function select(id) {
    svg.querySelectorAll(".is-selected").forEach(function (el) { el.classList.remove("is-selected"); });
    var key = String(id);
    svg.querySelectorAll(".node[data-id='" + key + "'], .edge[data-source='" + key +
                        "'], .edge[data-target='" + key + "']")
      .forEach(function (el) { el.classList.add("is-selected"); });
  }

  function onNodeClick(event) {
    var node = event.target.closest(".node");
    if (!node || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var id = Number(node.getAttribute("data-id"));
    load(function () { showDetails(id); });
  }

  addToolbar();
  canvas.addEventListener("wheel", onWheel, { passive: false });
  svg.addEventListener("pointerdown", onPointerDown);
  svg.addEventListener("pointermove", onPointerMove);
  svg.addEventListener("pointerup", onPointerUp);
  svg.addEventListener("pointercancel", onPointerUp);
  svg.addEventListener("click", onNodeClick);
  canvas.addEventListener("keydown", onKey);
  panel.querySelector("[data-action='close']").addEventListener("click", function (event) {
    event.preventDefault();
    panel.hidden = true;
    select(null);
    svg.querySelectorAll(".path-overlay .is-focus, .path-overlay .focus-ring")
      .forEach(function (el) { el.remove(); });
    if (window.history.replaceState) {
      window.history.replaceState(null, "", event.currentTarget.getAttribute("href"));
    }
  });
  figure.classList.add("is-interactive");
})();
