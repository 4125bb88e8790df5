/* Backend Atlas export page: the graph, the concept panel, search, language and colour mode.
   Pack text reaches the page only through textContent and createTextNode; a body's Markdown
   is parsed to tokens by the vendored markdown-it and never rendered to an HTML string. This
   file never uses innerHTML, outerHTML, insertAdjacentHTML, document.write, eval or inline
   handlers. */
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var DATA = readJson("atlas-data");
  var OPTIONS = readJson("vis-options");
  // Maps, not plain objects: an id such as "constructor" must not find Object.prototype.
  var byId = new Map(Object.entries(readJson("atlas-concepts")));
  var outsideTitles = new Map(Object.entries(DATA.outsideTitles));
  // Questions are parsed the first time a panel shows them, not before the first frame.
  var questionsById = null;
  function questionsOf(id) {
    if (questionsById === null) {
      questionsById = new Map();
      readJson("atlas-questions").forEach(function (pair) {
        if (!questionsById.has(pair[0])) { questionsById.set(pair[0], []); }
        questionsById.get(pair[0]).push(pair[1]);
      });
    }
    return questionsById.get(id) || [];
  }
  var categories = new Map(DATA.categories.map(function (c) { return [c.id, c]; }));
  var mastery = DATA.mastery ? new Map(Object.entries(DATA.mastery)) : null;
  var ALLOWED = new Set(("p h1 h2 h3 h4 h5 h6 ul ol li strong em code pre blockquote a table " +
    "thead tbody tr th td hr br s del").split(" "));
  var UI = {
    en: {
      search: "Search by name or alias (English / 한국어)", hint: "Click a concept in the " +
      "graph, or search for one, to see its explanation, links and interview questions.",
      none: "No concept matches.", colour: "Colour:", category: "Category", mastery: "Mastery",
      notStudied: "not studied yet", aliases: "Also called: ", misconceptions:
      "Common misconceptions", links: "Linked concepts", questions: "Interview questions",
      show: "Show answer", answer: "Answer: ", why: "Why: ", sources: "Sources",
      title: "Backend Atlas", tabs: { graph: "Graph", panel: "Concept", study: "Study" }
    },
    ko: {
      search: "이름이나 별칭으로 검색 (한국어 / English)", hint: "그래프에서 개념을 클릭하거나 " +
      "검색하면 설명, 연결된 개념, 면접 질문을 볼 수 있습니다.",
      none: "일치하는 개념이 없습니다.", colour: "색상:", category: "분류", mastery: "숙련도",
      notStudied: "아직 학습 전", aliases: "다른 이름: ", misconceptions: "흔한 오해",
      links: "연결된 개념", questions: "면접 질문", show: "정답 보기", answer: "정답: ",
      why: "해설: ", sources: "참고 자료", title: "Backend Atlas",
      tabs: { graph: "그래프", panel: "개념", study: "학습" }
    }
  };
  var lang = DATA.lang === "ko" ? "ko" : "en";
  var selected = null;
  var colourMode = "category";

  // Edges arrive as {from, to, kind}; each kind's vis-network style is given once.
  var EDGE_STYLES = new Map(DATA.edgeKinds.map(function (kind) { return [kind[0], kind[2]]; }));
  var edgeList = readJson("vis-edges");
  var edges = new vis.DataSet(edgeList.map(function (e) {
    return Object.assign({}, EDGE_STYLES.get(e.kind), e);
  }));
  // Nodes arrive as {id, label, x, y, group}: sized here by the links drawn to them, and
  // put on a spiral if the layout lacked them (it never should).
  var linkCount = new Map();
  edgeList.forEach(function (e) {
    linkCount.set(e.from, (linkCount.get(e.from) || 0) + 1);
    linkCount.set(e.to, (linkCount.get(e.to) || 0) + 1);
  });
  // A graph label drops asides in parentheses after a space, as short_title in
  // app/core/model.py does: "Object-Relational Mapping (ORM)" -> "Object-Relational Mapping".
  function shortTitle(title) {
    return title.replace(/\s+[(（][^()（）]*[)）]/g, "").trim() || title;
  }
  var nodes = new vis.DataSet(readJson("vis-nodes").map(function (n, index) {
    n.label = shortTitle(n.label);
    n.size = Math.round((8 + 4 * Math.sqrt(linkCount.get(n.id) || 0)) * 10) / 10;
    if (typeof n.x !== "number" || typeof n.y !== "number") {
      var angle = index * 2.399963;
      var radius = 30 * Math.sqrt(index + 1);
      n.x = radius * Math.cos(angle);
      n.y = radius * Math.sin(angle);
    }
    return n;
  }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);

  function li() { return lang === "ko" ? 1 : 0; }
  function t(pair) { return pair ? (pair[li()] || pair[1 - li()] || "") : ""; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function groupColour(group) {
    var g = OPTIONS.groups[group];
    return g ? g.color.background : "#888888";
  }

  // -- the body: Markdown rendered when shown, tokens rebuilt with DOM calls ----------------
  // Same settings as the app (app/core/markup.py): no raw HTML, no images, tables and
  // strikethrough on, links only to http(s) and concepts. Anything else stays text.
  var md = window.markdownit("default", { html: false, linkify: false, typographer: false });
  md.enable(["table", "strikethrough"]);
  md.disable("image");
  md.validateLink = function (url) { return /^\s*(https?:\/\/|concept:)/i.test(url); };
  // CJK-friendly emphasis (app/core/markdown_cjk.py): a Hangul or CJK letter beside a `*`/`_`
  // run counts as punctuation, so `**토큰(RT)**을` closes where a Korean writer means it.
  var CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  var mdu = md.utils;
  function boundary(code) {
    return mdu.isMdAsciiPunct(code) || mdu.isPunctChar(String.fromCodePoint(code)) ||
      CJK.test(String.fromCodePoint(code));
  }
  md.inline.State.prototype.scanDelims = function (start, canSplitWord) {
    var src = this.src;
    var max = this.posMax;
    var marker = src.charCodeAt(start);
    var last = 32;
    if (start > 0) {
      var low = src.charCodeAt(start - 1);
      last = low >= 0xdc00 && low <= 0xdfff && start > 1 ? src.codePointAt(start - 2) : low;
    }
    var pos = start;
    while (pos < max && src.charCodeAt(pos) === marker) { pos++; }
    var next = pos < max ? src.codePointAt(pos) : 32;
    var lastPunct = boundary(last);
    var nextPunct = boundary(next);
    var lastSpace = mdu.isWhiteSpace(last);
    var nextSpace = mdu.isWhiteSpace(next);
    var left = !nextSpace && (!nextPunct || lastSpace || lastPunct);
    var right = !lastSpace && (!lastPunct || nextSpace || nextPunct);
    return {
      can_open: left && (canSplitWord || !right || lastPunct),
      can_close: right && (canSplitWord || !left || nextPunct),
      length: pos - start
    };
  };

  function conceptLink(id, text) {
    var a = el("a", "concept-link", text);
    a.href = "#" + encodeURIComponent(id);
    a.addEventListener("click", function (event) {
      event.preventDefault();
      select(id, true);
    });
    return a;
  }
  function linkFor(href) {
    href = typeof href === "string" ? href.trim() : "";
    if (/^concept:/i.test(href)) {
      var id = href.slice("concept:".length);
      return byId.has(id) ? conceptLink(id) : el("span");
    }
    if (/^https?:\/\//i.test(href)) {
      var a = el("a");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return el("span");
  }
  // One element per opening token: allow-listed tags only, `href` through linkFor and
  // `start` on lists; markdown-it's other attributes (style, class) are never copied.
  function openElement(token) {
    if (token.tag === "a") { return linkFor(token.attrGet("href")); }
    var made = el(ALLOWED.has(token.tag) ? token.tag : "span");
    var start = token.tag === "ol" ? token.attrGet("start") : null;
    if (start !== null && /^\d+$/.test(start)) { made.start = Number(start); }
    return made;
  }
  function leafNode(token) {
    switch (token.type) {
      case "softbreak": return document.createTextNode("\n");
      case "hardbreak": return el("br");
      case "hr": return el("hr");
      case "code_inline": return el("code", null, token.content);
      case "code_block":
      case "fence":
        var pre = el("pre");
        pre.appendChild(el("code", null, token.content));
        return pre;
      default: return token.content ? document.createTextNode(token.content) : null;
    }
  }
  function buildTokens(tokens, parent) {
    var stack = [parent];
    tokens.forEach(function (token) {
      var top = stack[stack.length - 1];
      if (token.type === "inline") {
        buildTokens(token.children || [], top);
      } else if (token.nesting === 1) {
        if (token.hidden) { return; }  // the paragraph of a tight list item: no <p>
        var made = openElement(token);
        top.appendChild(made);
        stack.push(made);
      } else if (token.nesting === -1) {
        if (!token.hidden && stack.length > 1) { stack.pop(); }
      } else {
        var leaf = leafNode(token);
        if (leaf) { top.appendChild(leaf); }
      }
    });
  }
  var bodyCache = new Map();
  function renderBody(id, c) {
    var key = li() + ":" + id;
    var body = bodyCache.get(key);
    if (!body) {
      body = el("div", "body");
      var index = c.body[li()] ? li() : 1 - li();
      buildTokens(md.parse(resolveWikilinks(c.body[index] || "", index), {}), body);
      bodyCache.set(key, body);
    }
    return body;
  }

  // -- [[wikilinks]], by the rules of resolve_wikilinks in app/core/markup.py ---------------
  // Outside fenced code and inline code, [[id]] and [[id|label]] become Markdown links to
  // concept:id, titled in the body's language; an unknown id becomes its label as text.
  var WIKILINK_RE = /\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]/g;
  var FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
  var INLINE_CODE_RE = /(`+)[^`\n]*?\1/g;
  function titleIn(id, index) {
    var pair = byId.has(id) ? byId.get(id).title : outsideTitles.get(id);
    return pair ? (pair[index] || pair[1 - index] || "") : null;
  }
  function resolveLine(line, index) {
    var masked = line.replace(INLINE_CODE_RE, function (code) { return " ".repeat(code.length); });
    var out = "";
    var last = 0;
    var match;
    WIKILINK_RE.lastIndex = 0;
    while ((match = WIKILINK_RE.exec(masked)) !== null) {
      var target = match[1].trim();
      var title = titleIn(target, index);
      var label = ((match[2] || "").trim() || title || target).replace(/([\\`*_\[\]<>!])/g, "\\$1");
      out += line.slice(last, match.index);
      out += title === null ? label : "[" + label + "](<concept:" + target + ">)";
      last = match.index + match[0].length;
    }
    return out + line.slice(last);
  }
  function resolveWikilinks(text, index) {
    var fence = null;
    return text.split("\n").map(function (line) {
      var marker = FENCE_RE.exec(line);
      if (marker) {
        if (fence === null) {
          fence = marker[1][0].repeat(3);
        } else if (marker[1].startsWith(fence)) {
          fence = null;
        }
        return line;
      }
      return fence === null && line.indexOf("[[") >= 0 ? resolveLine(line, index) : line;
    }).join("\n");
  }

  // -- relations, read off the drawn edges as relations_of in app/core/graph.py reads them --
  var SYMMETRIC = new Set(DATA.symmetricKinds);
  var neighbours = new Map();  // id -> "kind outgoing" -> Set of ids
  function addNeighbour(id, kind, outgoing, other) {
    var groups = neighbours.get(id);
    if (!groups) { groups = new Map(); neighbours.set(id, groups); }
    var key = kind + " " + outgoing;
    if (!groups.has(key)) { groups.set(key, new Set()); }
    groups.get(key).add(other);
  }
  edgeList.forEach(function (e) {
    addNeighbour(e.from, e.kind, true, e.to);
    addNeighbour(e.to, e.kind, SYMMETRIC.has(e.kind), e.from);
  });
  // [[index into DATA.relations, sorted ids], ...] in DATA.relations order.
  function relationsOf(id) {
    var groups = neighbours.get(id) || new Map();
    var found = [];
    DATA.relations.forEach(function (relation, index) {
      var ids = groups.get(relation[0] + " " + relation[1]);
      if (ids) { found.push([index, Array.from(ids).sort()]); }
    });
    return found;
  }

  // -- the panel --------------------------------------------------------------------------
  function section(panel, title) {
    panel.appendChild(el("h3", null, title));
  }
  function renderQuestions(panel, questions) {
    if (!questions.length) { return; }
    section(panel, UI[lang].questions);
    questions.forEach(function (q) {
      var box = el("div", "question");
      box.appendChild(el("p", "prompt", t(q.prompt)));
      if (q.choices) {
        var list = el("ol", "choices");
        q.choices.forEach(function (c) { list.appendChild(el("li", null, t(c))); });
        box.appendChild(list);
      }
      var reveal = el("details", "answer");
      reveal.appendChild(el("summary", null, UI[lang].show));
      if (q.choices && typeof q.correct === "number" && q.choices[q.correct]) {
        reveal.appendChild(el("p", "correct", UI[lang].answer + t(q.choices[q.correct])));
      }
      if (q.answer) { reveal.appendChild(el("p", null, t(q.answer))); }
      if (q.explanation) { reveal.appendChild(el("p", null, UI[lang].why + t(q.explanation))); }
      box.appendChild(reveal);
      panel.appendChild(box);
    });
  }
  function renderRelations(panel, relations) {
    if (!relations.length) { return; }
    section(panel, UI[lang].links);
    relations.forEach(function (group) {
      var relation = DATA.relations[group[0]];
      panel.appendChild(el("h4", null, t(relation[2])));
      var list = el("ul", "links");
      group[1].forEach(function (id) {
        var item = el("li");
        item.appendChild(byId.has(id) ? conceptLink(id, t(byId.get(id).title)) : el("span", null, id));
        list.appendChild(item);
      });
      panel.appendChild(list);
    });
  }
  function renderPanel() {
    var panel = document.getElementById("panel");
    panel.replaceChildren();
    var c = selected && byId.get(selected);
    if (!c) {
      panel.appendChild(el("p", "hint", UI[lang].hint));
      return;
    }
    panel.appendChild(el("h2", "title", t(c.title)));
    var other = c.title[1 - li()];
    if (other && other !== t(c.title)) { panel.appendChild(el("p", "subtitle", other)); }
    var category = categories.get(c.category);
    var chip = el("span", "chip", category ? t(category.title) : c.category);
    chip.style.backgroundColor = groupColour(c.category);
    panel.appendChild(chip);
    if (mastery) {
      var m = mastery.get(selected);
      panel.appendChild(el("p", "mastery", UI[lang].mastery + ": " +
        (typeof m === "number" ? Math.round(m * 100) + "%" : UI[lang].notStudied)));
    }
    if (c.aliases.length) { panel.appendChild(el("p", "aliases", UI[lang].aliases + c.aliases.join(", "))); }
    panel.appendChild(renderBody(selected, c));
    if (c.misconceptions) {
      section(panel, UI[lang].misconceptions);
      var wrong = el("ul");
      c.misconceptions.forEach(function (m) { wrong.appendChild(el("li", null, t(m))); });
      panel.appendChild(wrong);
    }
    renderRelations(panel, relationsOf(selected));
    renderQuestions(panel, questionsOf(selected));
    if (c.sources) {
      section(panel, UI[lang].sources);
      var refs = el("ul");
      c.sources.forEach(function (s) {
        var item = el("li");
        var link = s[1] ? linkFor(s[1]) : el("span");
        link.textContent = s[0];
        item.appendChild(link);
        refs.appendChild(item);
      });
      panel.appendChild(refs);
    }
    panel.scrollTop = 0;
  }

  function select(id, focus) {
    if (!byId.has(id)) { return; }
    selected = id;
    network.selectNodes([id]);
    network.redraw();  // the selection and its neighbours are named in the next frame
    if (focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    }
    renderPanel();
  }
  network.on("click", function (params) {
    if (params.nodes.length) { select(String(params.nodes[0]), false); }
  });

  // -- search by title, alias or id, in both languages --------------------------------------
  function fold(text) { return String(text).normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim(); }
  var searchIndex = [];
  byId.forEach(function (c, id) {
    var raw = [c.title[0], c.title[1]].concat(c.aliases, [id]);
    searchIndex.push({ id: id, raw: raw, folded: raw.map(fold) });
  });
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var hits = [];
  function find(query) {
    var q = fold(query);
    if (!q) { return []; }
    var found = [];
    searchIndex.forEach(function (entry) {
      var best = null;
      entry.folded.forEach(function (name, j) {
        var at = name.indexOf(q);
        if (at < 0) { return; }
        var rank = (j < 2 ? 0 : j < entry.folded.length - 1 ? 2 : 4) + (at === 0 ? 0 : 1);
        if (best === null || rank < best.rank) { best = { id: entry.id, rank: rank, name: entry.raw[j] }; }
      });
      if (best) { found.push(best); }
    });
    found.sort(function (a, b) { return a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    return found.slice(0, 12);
  }
  function showResults() {
    hits = find(input.value);
    network.redraw();
    results.replaceChildren();
    if (!fold(input.value)) { results.hidden = true; return; }
    if (!hits.length) { results.appendChild(el("li", "empty", UI[lang].none)); }
    hits.forEach(function (hit) {
      var title = t(byId.get(hit.id).title);
      var button = el("button", "result", title);
      button.type = "button";
      button.dataset.id = hit.id;
      if (hit.name !== title) { button.appendChild(el("span", "match", hit.name)); }
      button.addEventListener("click", function () { choose(hit.id); });
      var item = el("li");
      item.appendChild(button);
      results.appendChild(item);
    });
    results.hidden = false;
  }
  function choose(id) {
    results.hidden = true;
    input.value = t(byId.get(id).title);
    if (view === "study") { showView("panel"); }
    select(id, view !== "panel" || !narrow.matches);
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && hits.length) { choose(hits[0].id); }
    if (event.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", function (event) {
    if (!document.getElementById("search-box").contains(event.target)) { results.hidden = true; }
  });

  // -- language, colour mode and legend ---------------------------------------------------
  function masteryGroup(id) {
    var m = mastery && mastery.get(id);
    return typeof m === "number" ? "mastery-" + (1 + Math.min(4, Math.floor(m * 5))) : "mastery-0";
  }
  function legendItem(parent, swatch, text) {
    var item = el("span", "item");
    item.appendChild(swatch);
    item.appendChild(el("span", null, text));
    parent.appendChild(item);
  }
  function renderLegend() {
    var legend = document.getElementById("legend");
    legend.replaceChildren();
    var groups = el("span", "group");
    if (colourMode === "mastery") {
      ["notStudied", "0–20%", "20–40%", "40–60%", "60–80%", "80–100%"].forEach(function (label, i) {
        var dot = el("span", "dot");
        dot.style.backgroundColor = DATA.masteryColours[i];
        legendItem(groups, dot, i ? label : UI[lang].notStudied);
      });
    } else {
      DATA.categories.forEach(function (c) {
        var dot = el("span", "dot");
        dot.style.backgroundColor = groupColour(c.id);
        legendItem(groups, dot, t(c.title));
      });
    }
    legend.appendChild(groups);
    var kinds = el("span", "group");
    DATA.edgeKinds.forEach(function (kind) {
      var style = kind[2];
      var sample = el("span", "item");
      var bars = style.arrows && typeof style.arrows === "object";
      if (bars) { sample.appendChild(el("span", "ends", "⊢")); }
      var line = el("span", "line" + (style.dashes ? " dashed" : ""));
      line.style.borderTopColor = style.color;
      sample.appendChild(line);
      sample.appendChild(el("span", "ends", bars ? "⊣" : style.arrows ? "▶" : ""));
      legendItem(kinds, sample, t(kind[1]));
    });
    legend.appendChild(kinds);
  }
  function applyText() {
    document.documentElement.lang = lang;
    var focus = DATA.focus && byId.get(DATA.focus);
    document.title = UI[lang].title + (focus ? " — " + t(focus.title) : "");
    input.placeholder = UI[lang].search;
    ["en", "ko"].forEach(function (code) {
      document.getElementById("lang-" + code).setAttribute("aria-pressed", String(code === lang));
    });
    document.getElementById("colour-mode-label").textContent = UI[lang].colour + " ";
    var choices = document.getElementById("colour-select").options;
    choices[0].textContent = UI[lang].category;
    choices[1].textContent = UI[lang].mastery;
    VIEWS.forEach(function (name) {
      document.getElementById("tab-" + name).textContent = UI[lang].tabs[name];
    });
  }
  function setLang(next) {
    lang = next === "ko" ? "ko" : "en";
    nodes.update(nodes.getIds().map(function (id) {
      return { id: id, label: shortTitle(t(byId.get(String(id)).title)) };
    }));
    applyText();
    renderLegend();
    renderPanel();
    if (view === "study") { study.render(); }
    if (!results.hidden) { showResults(); }
  }
  function setColourMode(mode) {
    colourMode = mode === "mastery" && mastery ? "mastery" : "category";
    nodes.update(nodes.getIds().map(function (id) {
      var key = String(id);
      return { id: id, group: colourMode === "mastery" ? masteryGroup(key) : byId.get(key).category };
    }));
    renderLegend();
  }
  ["en", "ko"].forEach(function (code) {
    document.getElementById("lang-" + code).addEventListener("click", function () { setLang(code); });
  });
  var colourSelect = document.getElementById("colour-select");
  colourSelect.addEventListener("change", function () { setColourMode(colourSelect.value); });
  document.getElementById("colour-mode").hidden = !mastery;

  // -- views: the graph, the concept panel and the Study mode (atlas-study.js) -------------
  // Side by side on a wide screen, with the panel or Study beside the graph; one at a time
  // on a phone, switched by the tabs.
  var VIEWS = ["graph", "panel", "study"];
  var views = document.getElementById("views");
  var narrow = window.matchMedia("(max-width: 760px)");
  var view = narrow.matches ? "graph" : "panel";
  var study = window.atlasStudy.create(document.getElementById("study"), {
    key: DATA.studyKey,
    questions: function () { return readJson("atlas-questions"); },
    lang: function () { return lang; },
    t: t,
    el: el,
    titleOf: function (id) { return byId.has(id) ? t(byId.get(id).title) : id; },
    selected: function () { return selected; },
    open: function (id) {
      showView("panel");
      select(id, !narrow.matches);
    }
  });
  function showView(next) {
    var graphWasHidden = narrow.matches && view !== "graph";
    view = next;
    views.dataset.view = next;
    document.getElementById("panel").hidden = next === "study";
    document.getElementById("study").hidden = next !== "study";
    VIEWS.forEach(function (name) {
      document.getElementById("tab-" + name).setAttribute("aria-selected", String(name === next));
    });
    if (next === "study") { study.render(); }
    if (next === "graph" && graphWasHidden) {
      network.setSize("100%", "100%");  // the canvas takes the size it has again
      network.redraw();
    }
  }
  VIEWS.forEach(function (name) {
    document.getElementById("tab-" + name).addEventListener("click", function () { showView(name); });
  });
  narrow.addEventListener("change", function () {
    if (!narrow.matches && view === "graph") { showView("panel"); }
    network.setSize("100%", "100%");
    network.redraw();
  });

  applyText();
  renderLegend();
  renderPanel();
  showView(view);
  if (DATA.focus) { select(DATA.focus, false); }
  // -- the map's names, drawn on the canvas (atlas-labels.js); vis-network's are hidden ----
  var places = new Map();
  nodes.forEach(function (n) {
    places.set(String(n.id), { x: n.x, y: n.y, size: n.size, category: byId.get(String(n.id)).category });
  });
  var importance = Array.from(places.keys()).sort(function (a, b) {
    return (linkCount.get(b) || 0) - (linkCount.get(a) || 0) || (a < b ? -1 : a > b ? 1 : 0);
  });
  var visibleLabels = window.atlasLabels.create(network, container, {
    nodes: places,
    order: importance,
    font: OPTIONS.nodes.font.face,
    lang: function () { return lang; },
    label: function (id) { return shortTitle(t(byId.get(id).title)); },
    regionName: function (id) { return categories.has(id) ? t(categories.get(id).title) : id; },
    colour: groupColour,
    neighbours: function (id) {
      var all = new Set();
      (neighbours.get(id) || new Map()).forEach(function (ids) { ids.forEach(function (o) { all.add(o); }); });
      return Array.from(all);
    },
    hits: function () { return fold(input.value) ? hits.map(function (hit) { return hit.id; }) : []; }
  });

  // For tests and the benchmark: the network, its data and the moment of the first frame.
  window.atlas = { network: network, nodes: nodes, edges: edges, select: select,
    setLang: setLang, setColourMode: setColourMode, resolveWikilinks: resolveWikilinks,
    shortTitle: shortTitle, visibleLabels: visibleLabels,
    relationsOf: relationsOf, firstDraw: null };
  network.once("afterDrawing", function () { window.atlas.firstDraw = performance.now(); });
}());
