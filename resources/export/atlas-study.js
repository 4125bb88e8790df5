/* Backend Atlas export page: the Study mode. The questions due today and some new ones, one
   at a time: a recall question is revealed and graded Again/Hard/Good/Easy, a choice
   question is answered by tapping (right: Good, wrong: Again, as in the app). ts-fsrs (the
   vendored FSRS, vendor/README.md) schedules each answer, and the schedule is kept in
   localStorage under one key per pack, so it survives a reload. Pack text reaches the page
   only through textContent. */
(function () {
  "use strict";

  var NEW_PER_DAY = 20;  // Anki's default: new questions introduced a day
  var LEARN_AHEAD = 20 * 60 * 1000;  // a card due this soon is asked again in the session
  var UI = {
    en: {
      due: "Due today", fresh: "New", start: "Start studying", concept: "Study this concept: ",
      reveal: "Show answer", points: "Key points", why: "Why: ", answer: "Answer: ",
      grades: ["Again", "Hard", "Good", "Easy"], right: "Right.", wrong: "Not quite.",
      next: "Next", stop: "Stop", left: " left", done: "Nothing more to study now.",
      finished: "Session finished: ", answered: " answered.",
      unsaved: "This browser does not let the page save progress; it lasts until you close it.",
      intro: "Questions come back when you are about to forget them (FSRS). Your progress " +
        "stays in this browser."
    },
    ko: {
      due: "오늘 복습", fresh: "새 질문", start: "학습 시작", concept: "이 개념 학습: ",
      reveal: "정답 보기", points: "핵심 포인트", why: "해설: ", answer: "정답: ",
      grades: ["다시", "어려움", "알맞음", "쉬움"], right: "정답입니다.", wrong: "틀렸습니다.",
      next: "다음", stop: "그만하기", left: "개 남음", done: "지금은 더 학습할 질문이 없습니다.",
      finished: "학습 완료: ", answered: "개 답함.",
      unsaved: "이 브라우저에서는 진행 상황을 저장할 수 없어 창을 닫으면 사라집니다.",
      intro: "잊어버릴 즈음에 질문이 다시 나옵니다(FSRS). 진행 상황은 이 브라우저에 저장됩니다."
    }
  };

  function endOfToday(now) {
    var end = new Date(now);
    end.setHours(23, 59, 59, 999);
    return end.getTime();
  }
  function dayOf(now) {
    var d = new Date(now);
    return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
  }
  function interval(ms) {
    var minutes = Math.max(1, Math.round(ms / 60000));
    if (minutes < 60) { return minutes + "m"; }
    if (minutes < 1440) { return Math.round(minutes / 60) + "h"; }
    var days = Math.round(minutes / 1440);
    return days < 365 ? days + "d" : (Math.round(days / 36.5) / 10) + "y";
  }

  // Progress: {v: 1, cards: {question id: ts-fsrs card, dates as ms}, day, newToday}.
  function Store(key) {
    this.key = key;
    this.memory = null;
    this.saves = true;
  }
  Store.prototype.read = function () {
    var state = null;
    try {
      var text = window.localStorage.getItem(this.key);
      state = text ? JSON.parse(text) : null;
    } catch (error) {
      this.saves = false;
      state = this.memory;
    }
    if (!state || typeof state !== "object" || state.v !== 1 || typeof state.cards !== "object" ||
        state.cards === null) {
      state = { v: 1, cards: {}, day: "", newToday: 0 };
    }
    return state;
  };
  Store.prototype.write = function (state) {
    this.memory = state;
    try {
      window.localStorage.setItem(this.key, JSON.stringify(state));
    } catch (error) {
      this.saves = false;
    }
  };
  function toStored(card) {
    return { due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty,
      elapsed_days: card.elapsed_days, scheduled_days: card.scheduled_days,
      learning_steps: card.learning_steps, reps: card.reps, lapses: card.lapses,
      state: card.state, last_review: card.last_review ? card.last_review.getTime() : null };
  }

  /* env: key (the pack's storage key), questions() ([[concept id, question], ...]), lang(),
     t(pair), el(tag, cls, text), titleOf(concept id), selected() (a concept id or null),
     open(concept id) (show it in the panel). */
  function create(root, env) {
    var FSRS = window.FSRS;
    var scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false }));
    var store = new Store(env.key);
    var byId = null;  // question id -> [concept id, question], built when first needed
    var session = null;  // {queue, current, revealed, answered, chosen}

    function questions() {
      if (byId === null) {
        byId = new Map();
        env.questions().forEach(function (pair) {
          if (pair[1].id) { byId.set(pair[1].id, pair); }
        });
      }
      return byId;
    }
    function ui() { return UI[env.lang()] || UI.en; }
    function today(state, now) {
      if (state.day !== dayOf(now)) { state.day = dayOf(now); state.newToday = 0; }
      return state;
    }
    function counts(now) {
      var state = today(store.read(), now);
      var end = endOfToday(now);
      var due = [];
      var fresh = [];
      questions().forEach(function (pair, id) {
        var card = state.cards[id];
        if (!card) { fresh.push(id); } else if (card.due <= end) { due.push(id); }
      });
      due.sort(function (a, b) { return state.cards[a].due - state.cards[b].due; });
      var room = Math.max(0, NEW_PER_DAY - (state.newToday || 0));
      return { due: due, fresh: fresh.slice(0, room) };
    }

    function button(id, cls, text, handler) {
      var made = env.el("button", cls, text);
      made.type = "button";
      if (id) { made.id = id; }
      made.addEventListener("click", handler);
      return made;
    }
    function begin(ids) {
      session = { queue: ids, current: null, revealed: false, answered: 0, chosen: null };
      advance();
    }
    function advance() {
      session.current = session.queue.shift() || null;
      session.revealed = false;
      session.chosen = null;
      render();
    }
    function cardOf(id, now) {
      var stored = store.read().cards[id];
      return stored ? FSRS.TypeConvert.card(stored) : FSRS.createEmptyCard(new Date(now));
    }
    function grade(rating) {
      var id = session.current;
      var now = Date.now();
      // Read afresh: another tab of the same pack may have saved since.
      var state = today(store.read(), now);
      var before = state.cards[id];
      var next = scheduler.next(before ? FSRS.TypeConvert.card(before) : FSRS.createEmptyCard(new Date(now)),
        new Date(now), rating).card;
      if (!before) { state.newToday = (state.newToday || 0) + 1; }
      state.cards[id] = toStored(next);
      store.write(state);
      session.answered += 1;
      if (next.due.getTime() - now <= LEARN_AHEAD) { session.queue.push(id); }
    }

    function renderHome(box, u) {
      var now = Date.now();
      var c = counts(now);
      box.appendChild(env.el("p", "hint", u.intro));
      var stats = env.el("p", "study-counts");
      stats.appendChild(env.el("span", null, u.due + " "));
      stats.appendChild(env.el("strong", null, String(c.due.length))).id = "study-due";
      stats.appendChild(env.el("span", null, " · " + u.fresh + " "));
      stats.appendChild(env.el("strong", null, String(c.fresh.length))).id = "study-new";
      box.appendChild(stats);
      if (session && session.answered) {
        box.appendChild(env.el("p", "study-finished", u.finished + session.answered + u.answered));
      }
      var start = button("study-start", "big", u.start, function () { begin(c.due.concat(c.fresh)); });
      start.disabled = !(c.due.length + c.fresh.length);
      box.appendChild(start);
      if (start.disabled) { box.appendChild(env.el("p", "hint", u.done)); }
      var concept = env.selected();
      var own = [];
      questions().forEach(function (pair, id) { if (pair[0] === concept) { own.push(id); } });
      if (own.length) {
        box.appendChild(button("study-concept", "big", u.concept + env.titleOf(concept), function () {
          begin(own);
        }));
      }
      if (!store.saves) { box.appendChild(env.el("p", "hint", u.unsaved)); }
    }

    function renderCard(box, u) {
      var pair = questions().get(session.current);
      var q = pair[1];
      box.appendChild(env.el("p", "study-left", (session.queue.length + 1) + u.left));
      var concept = env.el("button", "study-concept-name", env.titleOf(pair[0]));
      concept.type = "button";
      concept.addEventListener("click", function () { env.open(pair[0]); });
      box.appendChild(concept);
      box.appendChild(env.el("p", "study-prompt", env.t(q.prompt))).id = "study-prompt";
      var choice = q.choices && typeof q.correct === "number";
      if (choice) {
        var list = env.el("ol", "study-choices");
        q.choices.forEach(function (text, index) {
          var item = env.el("li");
          var pick = button(null, "study-choice", env.t(text), function () {
            if (session.revealed) { return; }
            session.chosen = index;
            session.revealed = true;
            grade(index === q.correct ? FSRS.Rating.Good : FSRS.Rating.Again);
            render();
          });
          pick.dataset.index = String(index);
          if (session.revealed) {
            pick.disabled = true;
            if (index === q.correct) { pick.classList.add("correct"); }
            if (index === session.chosen && index !== q.correct) { pick.classList.add("wrong"); }
          }
          item.appendChild(pick);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      if (!session.revealed) {
        if (!choice) {
          box.appendChild(button("study-reveal", "big", u.reveal, function () {
            session.revealed = true;
            render();
          }));
        }
      } else {
        renderAnswer(box, u, q, choice);
      }
      box.appendChild(button("study-stop", "quiet", u.stop, function () {
        session.queue = [];
        session.current = null;
        render();
      }));
    }

    function renderAnswer(box, u, q, choice) {
      var answer = env.el("div", "study-answer");
      answer.id = "study-answer";
      if (choice) {
        answer.appendChild(env.el("p", "verdict " + (session.chosen === q.correct ? "right" : "wrong"),
          session.chosen === q.correct ? u.right : u.wrong));
        answer.appendChild(env.el("p", "correct", u.answer + env.t(q.choices[q.correct])));
      }
      if (q.answer) { answer.appendChild(env.el("p", "study-model", env.t(q.answer))); }
      if (q.points && q.points.length) {
        answer.appendChild(env.el("h4", null, u.points));
        var list = env.el("ul", "study-points");
        list.id = "study-points";
        q.points.forEach(function (point) { list.appendChild(env.el("li", null, env.t(point))); });
        answer.appendChild(list);
      }
      if (q.explanation) { answer.appendChild(env.el("p", null, u.why + env.t(q.explanation))); }
      box.appendChild(answer);
      if (choice) {
        box.appendChild(button("study-next", "big", u.next, advance));
        return;
      }
      var now = new Date();
      var outcomes = scheduler.repeat(cardOf(session.current, now.getTime()), now);
      var grades = env.el("div", "study-grades");
      [1, 2, 3, 4].forEach(function (rating) {
        var due = outcomes[rating].card.due.getTime();
        var b = button("grade-" + rating, "grade", u.grades[rating - 1], function () {
          grade(rating);
          advance();
        });
        b.appendChild(env.el("small", null, interval(due - now.getTime())));
        grades.appendChild(b);
      });
      box.appendChild(grades);
    }

    function render() {
      var u = ui();
      root.replaceChildren();
      if (session && session.current && !questions().has(session.current)) { session.current = null; }
      if (session && session.current) { renderCard(root, u); } else { renderHome(root, u); }
    }

    return { render: render };
  }

  window.atlasStudy = { create: create };
}());
