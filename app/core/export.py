"""Export the graph as one self-contained, offline, script-safe HTML page made with pyvis."""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.export_data import load_mastery, script_json, script_safe
from app.core.graph import RELATIONS, build_graph, neighbourhood
from app.core.model import LANGS, SYMMETRIC_KINDS, Category, Text
from app.core.paths import resources_dir
from app.core.store import ContentStore, StoreError

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["ExportOptions", "EDGE_STYLES", "export_html", "render_page"]


@dataclass(frozen=True)
class ExportOptions:
    """What to export: the initial language, an optional neighbourhood, and progress."""

    lang: str = "en"
    local: str | None = None  # a concept id: export only its neighbourhood
    depth: int = 1
    progress_db: Path | None = None  # colour nodes by mastery when this database exists


# Symmetric links bend a little so they do not hide a directed link between the same two.
_CURVE = {"enabled": True, "type": "curvedCW", "roundness": 0.15}

#: vis-network styling and legend text per link kind (`mentions` is never drawn).
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "prerequisite-of": {"vis": {"arrows": "to", "color": "#444444", "width": 1.5},
                        "label": ("prerequisite of", "선수 개념")},
    "part-of": {"vis": {"arrows": "to", "color": "#1f77b4"}, "label": ("part of", "구성 요소")},
    "example-of": {"vis": {"arrows": "to", "color": "#2ca02c"}, "label": ("example of", "예시")},
    "used-for": {"vis": {"arrows": "to", "color": "#9467bd"}, "label": ("used for", "용도")},
    "contrasts-with": {
        "vis": {"arrows": {"from": {"enabled": True, "type": "bar"},
                           "to": {"enabled": True, "type": "bar"}},
                "color": "#d62728", "width": 2, "smooth": _CURVE},
        "label": ("contrasts with", "비교 대상"),
    },
    "related-to": {"vis": {"color": "#9a9a9a", "dashes": True, "smooth": _CURVE},
                   "label": ("related to", "관련")},
}  # fmt: skip

_FONT = "system-ui, 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
_MASTERY_COLOURS = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")
_UNSEEN = "#c8c8c8"


def export_html(
    store: ContentStore, path: str | os.PathLike[str], options: ExportOptions | None = None
) -> Path:
    """Write the page to `path` atomically; return its absolute path.

    Safe to call in a worker thread, given a `ContentStore` opened in that thread.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))
    parts = _page_parts(store, options or ExportOptions())
    handle, temp_name = tempfile.mkstemp(prefix=".export-", suffix=".html", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(parts)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target.resolve()


def render_page(store: ContentStore, options: ExportOptions) -> bytes:
    """The whole page as UTF-8: same content and options, same bytes."""
    return b"".join(_page_parts(store, options))


# Where the concepts' and questions' JSON go in the rendered template. They are joined in
# as bytes, so the 35 MB of a 10,000-concept page are never decoded, re-encoded or copied
# through Jinja. No text from the pack can contain a mark: JSON escapes NUL.
_MARKS = ("\x00atlas-concepts\x00", "\x00atlas-questions\x00")


def _page_parts(store: ContentStore, options: ExportOptions) -> Iterator[bytes]:
    """The page in pieces, each given as soon as it is ready, so writing overlaps building.

    The options are checked here and now, before anything is written.
    """
    if options.lang not in LANGS:
        raise ValueError(f"unknown language {options.lang!r} (use one of {', '.join(LANGS)})")
    keep: set[str] | None = None
    outside: dict[str, list[str]] = {}
    if options.local is not None:
        keep, outside = _neighbourhood(store, options.local, max(1, options.depth))
    return _pieces(store, options, keep, outside)


def _pieces(
    store: ContentStore,
    options: ExportOptions,
    keep: set[str] | None,
    outside: dict[str, list[str]],
) -> Iterator[bytes]:
    ids = None if keep is None else sorted(keep)
    # The concepts' and questions' JSON are SQLite's work (~0.1 s at 10,000 concepts, with
    # the GIL released): they are built on a connection of their own, one after the other,
    # while this thread builds the rest and then writes the concepts.
    with ThreadPoolExecutor(max_workers=1) as pool:
        concepts = pool.submit(_read_own, store, lambda own: own.concepts_json(ids))
        questions = pool.submit(_read_own, store, lambda own: own.questions_json(ids))
        head, middle, tail = _page_around_data(store, options, keep, outside)
        yield head
        yield concepts.result()
        yield middle
        yield questions.result()
        yield tail


def _neighbourhood(
    store: ContentStore, centre: str, depth: int
) -> tuple[set[str], dict[str, list[str]]]:
    """The concepts a local export keeps, and the titles of those it leaves out."""
    summaries = store.summaries()
    graph = build_graph(summaries, store.links())
    if centre not in graph:
        raise ValueError(f"unknown concept {centre!r}")
    keep = neighbourhood(graph, centre, depth)
    # A body's wikilink to a concept left out still reads as its title, as plain text.
    outside = {s.id: [s.title.en, s.title.ko] for s in summaries if s.id not in keep}
    return keep, outside


def _read_own(store: ContentStore, read: Callable[[ContentStore], bytes]) -> bytes:
    """`read` on a connection of this thread's own to the same database, made script-safe."""
    with ContentStore(store.path) as own:
        if own.digest != store.digest:
            raise StoreError(
                f"{store.path}: the content was rebuilt during the export; export again"
            )
        return script_safe(read(own))


def _page_around_data(
    store: ContentStore,
    options: ExportOptions,
    keep: set[str] | None,
    outside: dict[str, list[str]],
) -> tuple[bytes, bytes, bytes]:
    """The page before, between and after the concepts' and questions' blocks, as UTF-8."""
    net = _network(store, keep, options.lang)
    ids = [node["id"] for node in net.nodes]
    groups = {node["group"] for node in net.nodes}
    categories = [c for c in store.categories() if c.id in groups]
    data = {
        "lang": options.lang,
        "focus": options.local,
        "categories": [{"id": c.id, "title": [c.title.en, c.title.ko]} for c in categories],
        "relations": [[r.kind, r.outgoing, [r.label.en, r.label.ko]] for r in RELATIONS.values()],
        "symmetricKinds": sorted(SYMMETRIC_KINDS),
        "edgeKinds": [[k, list(s["label"]), s["vis"]] for k, s in EDGE_STYLES.items()],
        "mastery": load_mastery(store, options.progress_db, ids),
        "masteryColours": [_UNSEEN, *_MASTERY_COLOURS],
        "outsideTitles": outside,
    }
    net.options = _vis_options(categories, len(ids))
    page = _generate(net, data, options.lang)
    head, rest = page.split(_MARKS[0])
    middle, tail = rest.split(_MARKS[1])  # a template holding either mark twice fails here
    return head.encode("utf-8"), middle.encode("utf-8"), tail.encode("utf-8")


def _network(store: ContentStore, keep: set[str] | None, lang: str) -> Network:
    """pyvis's network of the kept concepts (all when `keep` is None) and their links.

    Read row by row into the node and edge dicts the page needs and nothing else: at 10,000
    concepts, every other object kept alive here made a full garbage collection likelier.
    """
    from pyvis.network import Network  # imported here: pyvis pulls in IPython (0.25 s)

    net = Network(directed=True, notebook=False, cdn_resources="in_line")
    nodes: dict[str, dict[str, Any]] = {}
    # add_node/from_nx are quadratic (a list scan per node); filling the lists is linear.
    for cid, title_en, title_ko, category, x, y in store.graph_rows():
        if keep is None or cid in keep:
            if x is None or y is None:
                x, y = _fallback(len(nodes))
            label = Text(title_en, title_ko).get(lang)
            nodes[cid] = {"id": cid, "label": label, "x": x, "y": y, "group": category}
    degree = dict.fromkeys(nodes, 0)
    seen: set[tuple[str, str, str]] = set()  # symmetric links drawn so far
    for source, target, kind in store.link_triples():
        if source not in nodes or target not in nodes:
            continue
        degree[source] += 1
        degree[target] += 1
        if kind in SYMMETRIC_KINDS:
            key = (source, target, kind) if source < target else (target, source, kind)
            if key in seen:
                continue  # a symmetric link written from both ends is drawn once
            seen.add(key)
        net.edges.append({"from": source, "to": target, "kind": kind})  # styled in the page
    for cid, node in nodes.items():
        node["size"] = round(8 + 4 * math.sqrt(degree[cid]), 1)
        net.nodes.append(node)
    return net


def _fallback(index: int) -> tuple[float, float]:
    """A spiral spot for a concept the layout table lacks (it never should)."""
    angle = index * 2.399963
    radius = 30.0 * math.sqrt(index + 1)
    return round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2)


def _group(colour: str) -> dict[str, Any]:
    border = "#" + "".join(f"{int(colour[i : i + 2], 16) * 7 // 10:02x}" for i in (1, 3, 5))
    return {"color": {"background": colour, "border": border,
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}}}  # fmt: skip


def _vis_options(categories: list[Category], count: int) -> dict[str, Any]:
    groups = {c.id: _group(c.colour) for c in categories}
    for index, colour in enumerate((_UNSEEN, *_MASTERY_COLOURS)):
        groups[f"mastery-{index}"] = _group(colour)
    return {
        "autoResize": True,
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}}},
        "groups": groups,
        "interaction": {"hover": True, "hideEdgesOnDrag": count > 2000,
                        "hideEdgesOnZoom": count > 2000, "keyboard": False, "multiselect": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"face": _FONT, "size": 14, "color": "#222222"}},
        "physics": {"enabled": False},
    }  # fmt: skip


# An inlined script has no file next to it: a devtools fetch of its map would only fail.
_SOURCE_MAP_RE = re.compile(r"\n//# sourceMappingURL=\S*\s*\Z")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _generate(net: Network, data: dict[str, Any], lang: str) -> str:
    """Render our template through pyvis's `generate_html`, with autoescaping switched on."""
    import pyvis
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    folder = resources_dir() / "export"
    vis_dir = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    # markdown-it renders a body in the page when it is shown (vendored from npm; see vendor/).
    markdown_js = (folder / "vendor" / "markdown-it.min.js").read_text(encoding="utf-8")
    markdown_js = _SOURCE_MAP_RE.sub("", markdown_js)
    app_js = (folder / "atlas.js").read_text(encoding="utf-8")
    css = (folder / "atlas.css").read_text(encoding="utf-8")
    if "</script" in (vis_js + markdown_js + app_js).lower() or "</style" in css.lower():
        raise RuntimeError("an inlined script or stylesheet would end its element early")
    # Only these three scripts and this one stylesheet may run or apply; nothing may be fetched.
    scripts = " ".join(_csp_hash(js) for js in (vis_js, markdown_js, app_js))
    csp = (
        f"default-src 'none'; script-src {scripts}; "
        f"style-src {_csp_hash(css)}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    net.set_template_dir(f"{folder}{os.sep}", "template.html")
    # pyvis's own environment escapes nothing; ours escapes every value not marked safe.
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True)
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    env.filters["json_text"] = lambda text: Markup(script_json(json.loads(text)))
    env.globals.update(
        lang=lang, csp=csp, vis_js=Markup(vis_js), markdown_js=Markup(markdown_js),
        app_js=Markup(app_js), css=Markup(css),
        atlas_data=Markup(script_json(data)), atlas_concepts=Markup(_MARKS[0]), atlas_questions=Markup(_MARKS[1]),
    )  # fmt: skip
    net.templateEnv = env
    return str(net.generate_html(name="export.html", notebook=False))
