/* Backend Atlas export page: the map's names, drawn on the graph's canvas every frame.
   The same rules as the app (app/core/labels.py, app/ui/graph_labels.py): each frame
   chooses afresh, by priority in screen space, which names to draw (the selected concept,
   the hovered one, the selection's neighbours, region names while zoomed out, search hits,
   then concepts by importance), tests each against the names already placed in a grid of
   cells, and never draws two that overlap. Names keep one pixel size at every zoom. Text
   goes onto the canvas with fillText; nothing here touches the DOM's markup. */
(function () {
  "use strict";

  var CONCEPT_PX = 13;
  var REGION_PX = 19;
  // Line heights of those pixel sizes (Qt's font metrics give the app about the same).
  var CONCEPT_LINE = 16;
  var REGION_LINE = 24;
  var REGIONS_UNTIL = 0.9;  // region names while the view is further out than this
  var REGION_KEY = "category:";
  var PAD = 2;  // labels keep this many pixels clear of each other
  var PAD_X = 3;  // room either side of the text inside its backdrop
  var CELL = 48;
  var MAX_MISSES = 400;  // this many unforced misses in a row: the screen is full

  function overlaps(a, b) {
    return a[0] < b[0] + b[2] + PAD && b[0] < a[0] + a[2] + PAD &&
      a[1] < b[1] + b[3] + PAD && b[1] < a[1] + a[3] + PAD;
  }
  function inside(rect, bounds) {
    return rect[0] >= bounds[0] && rect[1] >= bounds[1] &&
      rect[0] + rect[2] <= bounds[0] + bounds[2] && rect[1] + rect[3] <= bounds[1] + bounds[3];
  }

  // Rectangles placed so far, bucketed in a grid of CELL-pixel squares, so a test looks
  // only at the labels in the cells a rectangle touches.
  function Occupancy() { this.cells = new Map(); }
  Occupancy.prototype.visit = function (rect, each) {
    var x1 = Math.floor((rect[0] + rect[2]) / CELL);
    var y1 = Math.floor((rect[1] + rect[3]) / CELL);
    for (var cx = Math.floor(rect[0] / CELL); cx <= x1; cx++) {
      for (var cy = Math.floor(rect[1] / CELL); cy <= y1; cy++) {
        if (each(cx + "," + cy) === false) { return false; }
      }
    }
    return true;
  };
  Occupancy.prototype.isFree = function (rect) {
    var cells = this.cells;
    return this.visit(rect, function (key) {
      var list = cells.get(key);
      if (!list) { return true; }
      for (var i = 0; i < list.length; i++) {
        if (overlaps(rect, list[i])) { return false; }
      }
      return true;
    });
  };
  Occupancy.prototype.add = function (rect) {
    var cells = this.cells;
    this.visit(rect, function (key) {
      var list = cells.get(key);
      if (!list) { cells.set(key, [rect]); } else { list.push(rect); }
    });
  };

  // place_labels of app/core/labels.py, fed one candidate at a time so that the caller
  // stops building candidates once the screen is full.
  function Placer(bounds) {
    this.bounds = bounds;
    this.taken = new Occupancy();
    this.placed = new Map();
    this.misses = 0;
    this.full = false;
  }
  Placer.prototype.offer = function (key, places, forced) {
    if (this.placed.has(key)) { return; }
    var spot = null;
    for (var i = 0; i < places.length && spot === null; i++) {
      if ((forced || inside(places[i], this.bounds)) && this.taken.isFree(places[i])) {
        spot = places[i];
      }
    }
    if (spot === null && forced && places.length) { spot = places[0]; }
    if (spot === null) {
      this.misses += 1;
      if (this.misses >= MAX_MISSES) { this.full = true; }
      return;
    }
    this.misses = 0;
    this.taken.add(spot);
    this.placed.set(key, spot);
  };

  function darker(hex) {  // QColor.darker(170): the value divided by 1.7, hue kept
    var m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) { return "#222222"; }
    var n = parseInt(m[1], 16);
    return "rgb(" + [n >> 16, (n >> 8) & 255, n & 255].map(function (c) {
      return Math.round(c / 1.7);
    }).join(",") + ")";
  }

  /* The names of one network. `env` gives: nodes (id -> {x, y, size, category}), order
     (ids, most linked first), label(id) and regionName(categoryId) in the page's language,
     lang(), colour(categoryId), neighbours(id) (ids), hits() (search hits, best first) and
     the canvas font family. */
  function create(network, container, env) {
    var measure = document.createElement("canvas").getContext("2d");
    var fonts = {
      concept: CONCEPT_PX + "px " + env.font,
      bold: "bold " + CONCEPT_PX + "px " + env.font,
      region: "bold " + REGION_PX + "px " + env.font
    };
    var widths = new Map();
    var hovered = null;
    var centres = null;
    var shown = [];

    function width(key, text, font, pad) {
      var cached = widths.get(key);
      if (cached === undefined || cached.text !== text) {
        measure.font = font;
        cached = { text: text, w: measure.measureText(text).width + pad };
        widths.set(key, cached);
      }
      return cached.w;
    }
    function regionCentres() {
      if (centres === null) {
        var sums = new Map();
        env.nodes.forEach(function (n) {
          var s = sums.get(n.category);
          if (!s) { s = [0, 0, 0]; sums.set(n.category, s); }
          s[0] += n.x; s[1] += n.y; s[2] += 1;
        });
        centres = [];
        sums.forEach(function (s, category) { centres.push([category, s[0] / s[2], s[1] / s[2]]); });
      }
      return centres;
    }

    function frame(ctx) {
      var w = container.clientWidth;
      var h = container.clientHeight;
      var scale = network.getScale();
      var origin = network.canvasToDOM({ x: 0, y: 0 });
      var ox = origin.x;
      var oy = origin.y;
      var left = -ox / scale;
      var top = -oy / scale;
      var right = (w - ox) / scale;
      var bottom = (h - oy) / scale;
      var lang = env.lang();
      var placer = new Placer([0, 0, w, h]);
      var texts = new Map();
      var regions = new Set();

      // Where a concept's name may go around its disc, best first (below, right, above,
      // left); around the selection, on the side facing away from it.
      function places(id, away) {
        var n = env.nodes.get(id);
        var text = env.label(id);
        texts.set(id, text);
        var tw = width(lang + ":" + id, text, fonts.bold, 2 * PAD_X);
        var line = CONCEPT_LINE;
        var px = ox + n.x * scale;
        var py = oy + n.y * scale;
        var r = n.size * scale;
        var below = [px - tw / 2, py + r + 1, tw, line];
        var rightOf = [px + r + 3, py - line / 2, tw, line];
        var above = [px - tw / 2, py - r - 1 - line, tw, line];
        var leftOf = [px - r - 3 - tw, py - line / 2, tw, line];
        if (!away) { return [below, rightOf, above, leftOf]; }
        var dx = n.x - away.x;
        var dy = n.y - away.y;
        if (Math.abs(dx) > Math.abs(dy)) {
          return dx > 0 ? [rightOf, below, above, leftOf] : [leftOf, below, above, rightOf];
        }
        return dy > 0 ? [below, rightOf, leftOf, above] : [above, rightOf, leftOf, below];
      }
      function seen(n) { return n.x >= left && n.x <= right && n.y >= top && n.y <= bottom; }

      var selected = network.getSelectedNodes().map(String).filter(function (id) {
        return env.nodes.has(id);
      })[0] || null;
      var hover = hovered !== null && env.nodes.has(hovered) ? hovered : null;
      [selected, hover].forEach(function (id) {
        if (id !== null) { placer.offer(id, places(id, null), true); }
      });
      if (selected !== null) {
        var centre = env.nodes.get(selected);
        env.neighbours(selected).slice().sort().forEach(function (id) {
          if (env.nodes.has(id)) { placer.offer(id, places(id, centre), true); }
        });
      }
      if (scale < REGIONS_UNTIL) {
        regionCentres().forEach(function (region) {
          var key = REGION_KEY + region[0];
          var text = env.regionName(region[0]);
          texts.set(key, text);
          regions.add(key);
          var tw = width(lang + ":" + key, text, fonts.region, 4 * PAD_X);
          var cx = ox + region[1] * scale;
          var cy = oy + region[2] * scale;
          if (cx < 0 || cx > w || cy < 0 || cy > h) { return; }  // its concepts speak for it
          var x = Math.min(Math.max(cx - tw / 2, 0), Math.max(w - tw, 0));
          var y = Math.min(Math.max(cy - REGION_LINE / 2, 0), Math.max(h - REGION_LINE, 0));
          placer.offer(key, [0, -1.2, 1.2, -2.4, 2.4].map(function (s) {
            return [x, y + s * REGION_LINE, tw, REGION_LINE];
          }), false);
        });
      }
      var hits = env.hits();
      for (var i = 0; i < hits.length && !placer.full; i++) {
        var hit = env.nodes.get(hits[i]);
        if (hit && seen(hit)) { placer.offer(hits[i], places(hits[i], null), false); }
      }
      var order = env.order;
      for (var j = 0; j < order.length && !placer.full; j++) {
        if (seen(env.nodes.get(order[j]))) { placer.offer(order[j], places(order[j], null), false); }
      }

      var near = null;
      if (hover !== null) { near = new Set(env.neighbours(hover).concat([hover])); }
      shown = [];
      placer.placed.forEach(function (rect, key) {
        shown.push({ key: key, rect: rect, text: texts.get(key), region: regions.has(key),
          emphasis: key === selected || key === hover, dim: near !== null && !near.has(key) });
      });
      paint(ctx);
    }

    function paint(ctx) {
      var ratio = window.devicePixelRatio || 1;
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = "rgba(255, 255, 255, 0.84)";
      ctx.beginPath();
      shown.forEach(function (label) {
        var r = label.rect;
        if (ctx.roundRect) { ctx.roundRect(r[0], r[1], r[2], r[3], 4); } else { ctx.rect(r[0], r[1], r[2], r[3]); }
      });
      ctx.fill();
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      shown.forEach(function (label) {
        var r = label.rect;
        if (label.region) {
          ctx.font = fonts.region;
          ctx.fillStyle = darker(env.colour(label.key.slice(REGION_KEY.length)));
        } else {
          ctx.font = label.emphasis ? fonts.bold : fonts.concept;
          ctx.fillStyle = label.dim ? "rgba(34, 34, 34, 0.35)" : "#222222";
        }
        ctx.fillText(label.text, r[0] + r[2] / 2, r[1] + r[3] / 2);
      });
      ctx.restore();
    }

    network.on("afterDrawing", frame);
    network.on("hoverNode", function (params) { hovered = String(params.node); });
    network.on("blurNode", function () { hovered = null; });
    function moved(params) {
      if (!params.nodes.length) { return; }
      var at = network.getPositions(params.nodes);
      Object.keys(at).forEach(function (id) {
        var n = env.nodes.get(id);
        if (n) { n.x = at[id].x; n.y = at[id].y; }
      });
      centres = null;
    }
    network.on("dragging", moved);
    network.on("dragEnd", moved);

    // For tests: the names of the last frame, in CSS pixels of the graph's box.
    return function visibleLabels() {
      return shown.map(function (label) {
        var r = label.rect;
        return { key: label.key, x: r[0], y: r[1], w: r[2], h: r[3] };
      });
    };
  }

  window.atlasLabels = { create: create };
}());
