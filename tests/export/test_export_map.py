"""The exported page names its graph as the app's map does: regions, priority, no overlaps."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from app.core.export import ExportOptions, export_html
from app.core.store import ContentStore
from tests.export.conftest import embedded

pytestmark = pytest.mark.browser

_LABELS = "window.atlas.visibleLabels()"


def _export(db: Path, out: Path, **options: Any) -> Path:
    with ContentStore(db) as store:
        return export_html(store, out, ExportOptions(**options))


def _overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["key"], b["key"])
        for a, b in combinations(labels, 2)
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]


def _next_frame(page: Any) -> None:
    """Wait for vis-network to draw once more (it draws on the next animation frame)."""
    page.evaluate(
        """() => new Promise((done) => {
            window.atlas.network.once("afterDrawing", () => done());
            window.atlas.network.redraw();
        })"""
    )


def test_first_draw_names_every_region_and_many_concepts_apart(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"))
    page = opened.page
    labels = page.evaluate(_LABELS)
    regions = [label["key"] for label in labels if label["key"].startswith("category:")]
    concepts = [label for label in labels if not label["key"].startswith("category:")]
    with ContentStore(bundled_db) as store:
        categories = {f"category:{c.id}" for c in store.categories()}
        ids = {s.id for s in store.summaries()}
    assert len(categories) >= 11 and set(regions) == categories
    assert len(concepts) >= 20 and {c["key"] for c in concepts} <= ids
    assert _overlapping(labels) == []
    # Unforced names lie wholly inside the graph's box.
    box = page.evaluate(
        "(() => { const r = document.getElementById('mynetwork'); "
        "return [r.clientWidth, r.clientHeight]; })()"
    )
    for label in labels:
        assert label["x"] >= 0 and label["y"] >= 0
        assert label["x"] + label["w"] <= box[0] and label["y"] + label["h"] <= box[1]
    # The most linked concepts are named first: the best-linked concept has a name.
    degree: dict[str, int] = {}
    for edge in embedded((tmp_path / "atlas.html").read_text(encoding="utf-8"), "vis-edges"):
        for end in (edge["from"], edge["to"]):
            degree[end] = degree.get(end, 0) + 1
    top = min(degree, key=lambda cid: (-degree[cid], cid))
    assert top in {c["key"] for c in concepts}
    assert opened.console_errors == [] and opened.foreign_requests() == []


def test_vis_network_draws_no_names_of_its_own(export_db: Path, tmp_path: Path, open_page) -> None:
    opened = open_page(_export(export_db, tmp_path / "atlas.html"))
    page = opened.page
    # The node keeps its title; only the page's own layer draws it.
    assert page.evaluate("window.atlas.nodes.get('jwt').label") == "JSON Web Token"
    assert page.evaluate("window.atlas.network.body.nodes['jwt'].options.font.size") == 0
    keys = {label["key"] for label in page.evaluate(_LABELS)}
    assert "jwt" in keys


def test_selecting_a_concept_names_all_its_neighbours(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"))
    page = opened.page
    # The most linked concept: its neighbours crowd the far-out first view the most.
    for concept in ("django", "jwt", "redis"):
        page.evaluate("(id) => window.atlas.select(id, false)", concept)
        _next_frame(page)
        keys = {label["key"] for label in page.evaluate(_LABELS)}
        neighbours = set(
            page.evaluate("(id) => window.atlas.network.getConnectedNodes(id)", concept)
        )
        assert neighbours and concept in keys
        assert neighbours <= keys, sorted(neighbours - keys)
    assert opened.console_errors == []


def test_zooming_in_drops_region_names_and_names_more_concepts(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"))
    page = opened.page
    first = page.evaluate(_LABELS)
    page.evaluate(
        "window.atlas.network.moveTo({position: window.atlas.network.getPositions(['redis'])"
        "['redis'], scale: 1.5, animation: false})"
    )
    _next_frame(page)
    near = page.evaluate(_LABELS)
    assert not [label for label in near if label["key"].startswith("category:")]
    assert "redis" in {label["key"] for label in near}
    assert _overlapping(near) == []
    # Close in, each name sits just outside its own node's disc: below, beside or above it.
    discs = page.evaluate(
        # getPositions() rounds; the nodes' own coordinates do not.
        "(() => { const n = window.atlas.network; const out = {};"
        " for (const node of window.atlas.nodes.get()) {"
        "   const at = n.canvasToDOM({x: node.x, y: node.y});"
        "   out[node.id] = [at.x, at.y, node.size * n.getScale()]; }"
        " return out; })()"
    )
    for label in near:
        x, y, radius = discs[label["key"]]
        dx = max(label["x"] - x, 0, x - label["x"] - label["w"])
        dy = max(label["y"] - y, 0, y - label["y"] - label["h"])
        assert radius <= (dx * dx + dy * dy) ** 0.5 <= radius + 4, label
    assert len(first) >= 20
    assert opened.console_errors == []


def test_hovering_names_the_concept_under_the_mouse(
    bundled_db: Path, tmp_path: Path, open_page: Any
) -> None:
    opened = open_page(_export(bundled_db, tmp_path / "atlas.html"))
    page = opened.page
    page.evaluate("window.atlas.network.fit({animation: false})")
    # A concept the far-out view leaves unnamed: the least linked one.
    _next_frame(page)
    named = {label["key"] for label in page.evaluate(_LABELS)}
    quiet = page.evaluate(
        "(named) => window.atlas.nodes.getIds().filter(id => !named.includes(id))"
        ".sort((a, b) => window.atlas.network.getConnectedNodes(a).length -"
        " window.atlas.network.getConnectedNodes(b).length)[0]",
        sorted(named),
    )
    point = page.evaluate(
        "(id) => { const n = window.atlas.network; const p = n.canvasToDOM(n.getPositions([id])[id]);"
        " const box = document.getElementById('mynetwork').getBoundingClientRect();"
        " return [box.left + p.x, box.top + p.y]; }",
        quiet,
    )
    page.mouse.move(point[0], point[1])
    _next_frame(page)
    assert quiet in {label["key"] for label in page.evaluate(_LABELS)}
    assert opened.console_errors == []
