"""Export the graph as one self-contained, offline, script-safe HTML page made with pyvis.

pyvis renders the page: its `Network` carries the vis-network options and renders our
template through `generate_html`, with the vis-network 9.1.2 it bundles. The nodes, edges,
concepts and questions go in as JSON that SQLite builds (see store.py): pyvis's `add_node`
and `from_nx` scan a list per node, and even a plain list of 10,000 node dicts cost more
than all the rest of a 0.13 s export.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.atomic import replacing
from app.core.export_data import load_mastery, script_json, script_safe
from app.core.graph import RELATIONS, build_graph, neighbourhood
from app.core.model import LANGS, SYMMETRIC_KINDS, Category
from app.core.paths import resources_dir
from app.core.store import ContentStore, StoreError

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["ExportOptions", "EDGE_STYLES", "export_html", "render_page", "study_key"]


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
    # Not flushed to disk (37 MB at 10k concepts): it can be exported again at any time.
    with replacing(target, durable=False, mode=0o644) as temp, open(temp, "wb") as out:
        out.writelines(parts)
    return target.resolve()


def render_page(store: ContentStore, options: ExportOptions) -> bytes:
    """The whole page as UTF-8: same content and options, same bytes."""
    return b"".join(_page_parts(store, options))


# Where the JSON that SQLite builds goes in the rendered template: a NUL, the block's name,
# a NUL. It is joined in as bytes, so the 37 MB of a 10,000-concept page are never decoded,
# re-encoded or copied through Jinja. No text from the pack can hold a NUL: JSON escapes it.
_BLOCKS = ("vis-nodes", "vis-edges")


def _page_parts(store: ContentStore, options: ExportOptions) -> Iterator[bytes]:
    """The page in pieces, each given as soon as it is ready, so writing overlaps building.

    The options are checked here and now, before anything is written.
    """
    if options.lang not in LANGS:
        raise ValueError(f"unknown language {options.lang!r} (use one of {', '.join(LANGS)})")
    if options.local is None:
        return _pieces(store, options, None, {})
    keep, outside = _neighbourhood(store, options.local, max(1, options.depth))
    return _pieces(store, options, sorted(keep), outside)


def _pieces(
    store: ContentStore,
    options: ExportOptions,
    ids: list[str] | None,
    outside: dict[str, list[str]],
) -> Iterator[bytes]:
    """`ids`: the concepts to export (None: all); `outside`: titles of those left out."""
    # The page is JSON that SQLite builds with the GIL released, so two threads build it at
    # once: at 10,000 concepts the concepts (~90 ms) on a connection of their own, and here
    # the rest of the page (~55 ms), then the questions (~25 ms).
    with ThreadPoolExecutor(max_workers=1) as pool:
        concepts = pool.submit(_read_own, store, lambda own: own.concepts_json(ids))
        head, middle, tail = _page_around_data(store, options, ids, outside)
        questions = script_safe(store.questions_json(ids))
        yield head
        yield concepts.result()
        yield middle
        yield questions
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
    ids: list[str] | None,
    outside: dict[str, list[str]],
) -> list[bytes]:
    """The page as UTF-8 pieces around the concepts' and the questions' blocks (three)."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython (0.25 s)

    # The nodes and edges, like the concepts, are JSON SQLite builds with the GIL released
    # (~25 ms at 10,000 concepts, where Python dicts and json.dumps took ~75 ms holding it).
    blocks = {
        "vis-nodes": script_safe(store.nodes_json(options.lang, ids)),
        "vis-edges": script_safe(store.edges_json(ids)),
    }
    categories = store.categories_of(ids)
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
        "studyKey": study_key(store.root),
    }
    net = Network(directed=True, notebook=False, cdn_resources="in_line")
    net.options = _vis_options(categories, len(ids) if ids is not None else store.count("concepts"))
    page = _generate(net, data, options.lang)
    # The page's text between its marks: [text, name, text, name, ...] (only marks hold NUL).
    pieces = page.split("\x00")
    names = pieces[1::2]
    if names != [*_BLOCKS, "atlas-concepts", "atlas-questions"]:
        raise RuntimeError(f"the page template holds {names}, not each data block once in order")
    out = [pieces[0].encode("utf-8")]
    for name, text in zip(names, pieces[2::2], strict=True):
        if name in blocks:
            out[-1] += blocks[name] + text.encode("utf-8")
        else:
            out.append(text.encode("utf-8"))
    return out


def study_key(root: str) -> str:
    """The `localStorage` key of a pack's Study progress in the page.

    Every page opened from disk shares one storage, so each pack keeps its own key: named
    by the pack's folder, told apart by its path. Re-exports of the same pack, and local
    exports of part of it, share the key, and so the learner's progress.
    """
    digest = hashlib.sha256(root.encode("utf-8")).hexdigest()[:12]
    return f"backend-atlas:study:{Path(root).name}:{digest}"


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
        # The page draws the names itself, as a map (atlas-labels.js): vis-network's are
        # hidden (a 0 px font is never drawn), while each node keeps its title as `label`.
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"face": _FONT, "size": 0, "color": "#222222"}},
        "physics": {"enabled": False},
    }  # fmt: skip


# An inlined script has no file next to it: a devtools fetch of its map would only fail.
_SOURCE_MAP_RE = re.compile(r"\n//# sourceMappingURL=\S*\s*\Z")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _vendored(path: Path) -> str:
    """A vendored script as inlined: without the source map an inlined script cannot have."""
    return _SOURCE_MAP_RE.sub("", path.read_text(encoding="utf-8"))


def _generate(net: Network, data: dict[str, Any], lang: str) -> str:
    """Render our template through pyvis's `generate_html`, with autoescaping switched on."""
    import pyvis
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    folder = resources_dir() / "export"
    vis_dir = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    # The page's scripts in the order they run: vis-network; markdown-it, which renders a
    # body when it is shown, and ts-fsrs, which schedules the Study mode (both vendored from
    # npm, see vendor/README.md); the map's names, the Study mode, and the page that uses them.
    scripts = {
        "vis_js": (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"),
        "markdown_js": _vendored(folder / "vendor" / "markdown-it.min.js"),
        "fsrs_js": _vendored(folder / "vendor" / "ts-fsrs.umd.js"),
        "labels_js": (folder / "atlas-labels.js").read_text(encoding="utf-8"),
        "study_js": (folder / "atlas-study.js").read_text(encoding="utf-8"),
        "app_js": (folder / "atlas.js").read_text(encoding="utf-8"),
    }
    css = (folder / "atlas.css").read_text(encoding="utf-8")
    if "</script" in "".join(scripts.values()).lower() or "</style" in css.lower():
        raise RuntimeError("an inlined script or stylesheet would end its element early")
    # Only these scripts and this one stylesheet may run or apply; nothing may be fetched.
    hashes = " ".join(_csp_hash(js) for js in scripts.values())
    csp = (
        f"default-src 'none'; script-src {hashes}; "
        f"style-src {_csp_hash(css)}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    net.set_template_dir(f"{folder}{os.sep}", "template.html")
    # pyvis's own environment escapes nothing; ours escapes every value not marked safe.
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True)
    env.filters["json_text"] = lambda text: Markup(script_json(json.loads(text)))
    env.globals.update(
        lang=lang, csp=csp, css=Markup(css), **{k: Markup(v) for k, v in scripts.items()},
        atlas_data=Markup(script_json(data)),
        **{name.replace("-", "_"): Markup(f"\x00{name}\x00")
           for name in (*_BLOCKS, "atlas-concepts", "atlas-questions")},
    )  # fmt: skip
    net.templateEnv = env
    return str(net.generate_html(name="export.html", notebook=False))
