"""The HTML export without a browser: determinism, offline markup, data, options, threads."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.core.export import ExportOptions, export_html, render_page
from app.core.export_data import script_json
from app.core.graph import RELATIONS
from app.core.store import ContentStore, StoreError
from tests.export.conftest import answered_progress, embedded

CONCEPTS = 7


def _export(db: Path, out: Path, **options: object) -> str:
    with ContentStore(db) as store:
        written = export_html(store, out, ExportOptions(**options))  # type: ignore[arg-type]
    assert written == out.resolve()
    return out.read_text(encoding="utf-8")


def test_two_exports_are_byte_identical(export_db: Path, tmp_path: Path) -> None:
    first = _export(export_db, tmp_path / "a.html")
    second = _export(export_db, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert first == second
    assert _export(export_db, tmp_path / "c.html", lang="ko") != first


def test_page_names_no_external_resource(export_db: Path, tmp_path: Path) -> None:
    html = _export(export_db, tmp_path / "out.html")
    head = html[: html.index("<style>")]
    assert "Content-Security-Policy" in head
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert policy.startswith("default-src 'none';")
    assert "img-src data:;" in policy and "unsafe-eval" not in policy
    assert "unsafe-inline" not in policy  # scripts and the stylesheet are allowed by hash
    assert not re.search(r"<(?:script|link|img|iframe)[^>]*\s(?:src|href)=\"(?!data:)", html)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap" not in html
    # Twelve script elements (six JSON blocks, vis-network, markdown-it, ts-fsrs, the page's
    # own three) and nothing closes early; each code script is allowed by its own hash, and
    # only those six.
    assert html.lower().count("</script") == 12
    codes = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(codes) == 6 and codes[1].startswith("/*! markdown-it 14.")
    assert "exports.fsrs = fsrs;" in codes[2] and "global.FSRS" in codes[2]
    assert all("sourceMappingURL" not in code for code in codes[1:])
    hashes = re.findall(r"'sha256-([^']+)'", policy.split("script-src")[1].split(";")[0])
    assert hashes == [_sha256(code) for code in codes]


def test_nodes_edges_and_styles(export_db: Path, tmp_path: Path) -> None:
    html = _export(export_db, tmp_path / "out.html")
    nodes = embedded(html, "vis-nodes")
    edges = embedded(html, "vis-edges")
    options = embedded(html, "vis-options")
    assert len(nodes) == CONCEPTS
    assert all({"id", "label", "x", "y", "group"} <= set(n) and "title" not in n for n in nodes)
    assert options["physics"]["enabled"] is False
    # Edges are {from, to, kind}; the page styles each kind from atlas-data's edgeKinds.
    assert all(set(e) == {"from", "to", "kind"} for e in edges)
    kinds = {e["kind"] for e in edges}
    styles = {kind: style for kind, _labels, style in embedded(html, "atlas-data")["edgeKinds"]}
    assert kinds <= set(styles) and "mentions" not in styles
    assert styles["prerequisite-of"]["arrows"] == "to"
    assert styles["related-to"]["dashes"] is True and "arrows" not in styles["related-to"]
    assert styles["contrasts-with"]["arrows"]["to"]["type"] == "bar"
    # redis → cache is written as related-to, and cache → redis too: drawn once.
    related = [e for e in edges if e["kind"] == "related-to"]
    assert len(related) == 1


def test_panel_data_and_bodies(export_db: Path, tmp_path: Path) -> None:
    html = _export(export_db, tmp_path / "out.html", lang="ko")
    data = embedded(html, "atlas-data")
    assert data["lang"] == "ko" and data["mastery"] is None and data["outsideTitles"] == {}
    concepts = embedded(html, "atlas-concepts")
    with ContentStore(export_db) as store:
        assert list(concepts) == [s.id for s in store.summaries()]  # in pack order
    redis = concepts["redis"]
    assert redis["title"] == ["Redis", "Redis (인메모리 저장소)"]
    assert redis["aliases"] == ["레디스", "remote dictionary server"]
    questions = embedded(html, "atlas-questions")
    with ContentStore(export_db) as store:
        assert [q[0] for q in questions] == [q.concept_id for q in store.questions()]
    assert [q for cid, q in questions if cid == "redis"] == [{
        "id": "redis-what", "kind": "recall", "prompt": ["What is Redis?", "레디스란 무엇인가요?"],
        "answer": ["An in-memory key-value store.", "인메모리 키-값 저장소입니다."],
        "choices": None, "correct": None, "explanation": None, "points": None,
    }]  # fmt: skip
    assert redis["misconceptions"] is None and redis["sources"] is None
    # Bodies travel as the Markdown written; the page resolves wikilinks and renders them.
    assert redis["body"] == [
        "An in-memory key-value store, often used as a [[cache]].",
        "흔히 [[cache|캐시]]로 쓰이는 인메모리 키-값 저장소입니다.",
    ]
    kinds = [[kind, outgoing] for kind, outgoing, _labels in data["relations"]]
    assert kinds == [[r.kind, r.outgoing] for r in RELATIONS.values()]


def test_local_export_keeps_only_the_neighbourhood(export_db: Path, tmp_path: Path) -> None:
    html = _export(export_db, tmp_path / "out.html", local="jwt", depth=1)
    ids = sorted(n["id"] for n in embedded(html, "vis-nodes"))
    assert ids == ["authentication", "jwt", "jwt-signature"]
    data = embedded(html, "atlas-data")
    assert data["focus"] == "jwt"
    assert sorted(embedded(html, "atlas-concepts")) == ids
    with ContentStore(export_db) as store:
        asked = [q.concept_id for q in store.questions(ids)]
    assert [cid for cid, _q in embedded(html, "atlas-questions")] == asked and asked
    # A body may still link to a concept left out: it reads as that concept's title.
    assert data["outsideTitles"]["authorization"] == ["Authorization", "인가"]
    assert all(e["from"] in ids and e["to"] in ids for e in embedded(html, "vis-edges"))
    deeper = embedded(_export(export_db, tmp_path / "d.html", local="jwt", depth=2), "vis-nodes")
    assert len(deeper) == 4  # + authorization, two links away


def test_bad_options_and_paths(export_db: Path, tmp_path: Path) -> None:
    with ContentStore(export_db) as store:
        with pytest.raises(ValueError, match="unknown concept"):
            render_page(store, ExportOptions(local="nope"))
        with pytest.raises(ValueError, match="language"):
            render_page(store, ExportOptions(lang="fr"))
        with pytest.raises(FileNotFoundError):
            export_html(store, tmp_path / "missing" / "out.html", ExportOptions())
    assert not list(tmp_path.glob("**/.*.partial"))


def test_a_rebuild_during_the_export_is_refused_and_leaves_the_old_page(
    export_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "page.html"
    _export(export_db, out)
    before = out.read_bytes()
    with ContentStore(export_db) as store:
        # As if the content had been rebuilt (renamed into place) after this store opened:
        # the export's second connection reads another build, so it stops.
        store.digest = "an older build"
        with pytest.raises(StoreError, match="rebuilt during the export; export again"):
            export_html(store, out, ExportOptions())
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("**/.*.partial"))


def test_script_json_cannot_close_a_script() -> None:
    text = script_json({"b": "</script><!-- & \u2028\u2029 >", "a": 1})
    assert text.startswith('{"a":1,')
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_vendored_markdown_it_carries_its_licence() -> None:
    vendor = Path(__file__).resolve().parents[2] / "resources" / "export" / "vendor"
    script = (vendor / "markdown-it.min.js").read_text(encoding="utf-8")
    assert script.startswith("/*! markdown-it 14.3.3 ") and "@license MIT" in script
    licence = (vendor / "LICENSE-markdown-it.txt").read_text(encoding="utf-8")
    assert "Vitaly Puzrin, Alex Kocharin" in licence and "Permission is hereby granted" in licence


def test_vendored_ts_fsrs_is_pinned_and_carries_its_licence() -> None:
    vendor = Path(__file__).resolve().parents[2] / "resources" / "export" / "vendor"
    script = (vendor / "ts-fsrs.umd.js").read_bytes()
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    # The copy is the one the README pins (version, hash), unmodified.
    assert re.search(r"\| `ts-fsrs\.umd\.js` \| \[ts-fsrs\]\([^)]*\) \| 5\.4\.2 \|", readme)
    assert hashlib.sha256(script).hexdigest() in readme
    licence = (vendor / "LICENSE-ts-fsrs.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Open Spaced Repetition" in licence
    # The page's own scripts never build markup from strings or run strings as code.
    folder = vendor.parent
    for name in ("atlas.js", "atlas-labels.js", "atlas-study.js"):
        code = re.sub(r"/\*.*?\*/", "", (folder / name).read_text(encoding="utf-8"), flags=re.S)
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                       "new Function", "setAttribute(\"on", "fetch(", "XMLHttpRequest"):  # fmt: skip
            assert banned not in code, (name, banned)


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _app_mastery(content_db: Path, progress_db: Path) -> dict[str, float | None]:
    from app.core.graph import build_graph
    from app.core.progress import ProgressStore
    from app.core.quiz import question_ids_by_concept
    from app.core.store import ContentStore

    with ContentStore(content_db) as store, ProgressStore(progress_db, read_only=True) as progress:
        graph = build_graph(store.summaries(), store.links())
        return progress.mastery(question_ids_by_concept(store, graph))


def test_mastery_comes_from_the_progress_database(export_db: Path, tmp_path: Path) -> None:
    progress_db = answered_progress(tmp_path, {"redis-what": ("redis", 4)})
    data = embedded(_export(export_db, tmp_path / "m.html", progress_db=progress_db), "atlas-data")
    # The app's number (app.core.mastery): one answer to one of redis's questions is a start.
    assert set(data["mastery"]) == {"redis"}
    assert data["mastery"]["redis"] == round(_app_mastery(export_db, progress_db)["redis"], 3)
    assert 0 < data["mastery"]["redis"] < 0.5
    local = _export(export_db, tmp_path / "l.html", local="jwt", progress_db=progress_db)
    assert embedded(local, "atlas-data")["mastery"] == {}  # redis is not in this page
    missing = _export(export_db, tmp_path / "x.html", progress_db=tmp_path / "none.db")
    assert embedded(missing, "atlas-data")["mastery"] is None
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database" * 100)
    data = embedded(_export(export_db, tmp_path / "c.html", progress_db=corrupt), "atlas-data")
    assert data["mastery"] is None


def test_export_in_worker_threads_matches(export_db: Path, tmp_path: Path) -> None:
    expected = _export(export_db, tmp_path / "main.html")

    def work(index: int) -> str:
        with ContentStore(export_db) as store:  # one store per thread
            return export_html(store, tmp_path / f"t{index}.html").read_text(encoding="utf-8")

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(work, range(3))) == [expected] * 3


def test_pyvis_is_not_imported_at_start_up() -> None:
    code = (
        "import sys, app.cli, app.core.export, app.core.export_data; "
        "print('pyvis' in sys.modules, 'IPython' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
