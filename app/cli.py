"""The command line: the GUI with no arguments, and validate/build/search/path/stats/export."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.core.content import ContentError, ensure_content
from app.core.obsidian import FORMATS
from app.core.pack import load_pack
from app.core.paths import ENV_DATA_DIR, bundled_pack_dir, user_paths
from app.core.progress_file import ProgressError
from app.core.search_index import ensure_search_index
from app.core.store import ContentStore, StoreError

__all__ = ["main", "make_parser"]


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 1."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backend-atlas",
        description="Backend Atlas: browse, quiz and export the concepts backend interviews ask about. "
        "With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help=f"keep all user files (content cache, progress, settings) in DIR (also ${ENV_DATA_DIR})",
    )  # fmt: skip
    parser.add_argument("--pack", metavar="PACK_DIR", help="start the app on this content folder")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a content pack and list every problem")
    validate.add_argument(
        "pack_dir", nargs="?", metavar="PACK_DIR", help="default: the bundled pack"
    )
    validate.add_argument(
        "--lang", choices=("en", "ko"), default="en", help="language of the messages (default: en)"
    )

    build = commands.add_parser("build", help="build the content database from a pack")
    build.add_argument("pack_dir", nargs="?", metavar="PACK_DIR", help="default: the bundled pack")
    build.add_argument("--db", metavar="PATH", help="where to write it (default: the user cache)")

    search = commands.add_parser("search", help="find concepts by title, alias or text")
    search.add_argument("query", metavar="QUERY")
    search.add_argument(
        "--pack", dest="sub_pack", metavar="PACK_DIR", help="default: the bundled pack"
    )
    search.add_argument("--limit", type=int, default=20)
    search.add_argument(
        "--lang", choices=("en", "ko"),
        help="language of the titles printed (default: Korean for a Korean query, else English)",
    )  # fmt: skip

    path = commands.add_parser(
        "path", help="the prerequisites of a concept, in the order to learn them"
    )
    path.add_argument("concept", metavar="CONCEPT")
    path.add_argument(
        "--pack", dest="sub_pack", metavar="PACK_DIR", help="default: the bundled pack"
    )
    path.add_argument("--lang", choices=("en", "ko"), default="en")

    stats = commands.add_parser("stats", help="size of the graph per category, and your progress")
    stats.add_argument(
        "--pack", dest="sub_pack", metavar="PACK_DIR", help="default: the bundled pack"
    )
    stats.add_argument("--json", action="store_true", help="machine-readable output")

    export = commands.add_parser("export", help="write the graph as one self-contained HTML page")
    export.add_argument("pack_dir", nargs="?", metavar="PACK_DIR", help="default: the bundled pack")
    export.add_argument("-o", "--output", required=True, metavar="FILE.html")
    export.add_argument("--local", metavar="CONCEPT", help="only this concept's neighbourhood")
    export.add_argument("--depth", type=int, default=1, choices=(1, 2, 3))
    export.add_argument("--lang", choices=("en", "ko"), default="en")
    export.add_argument(
        "--no-progress", action="store_true", help="leave your mastery out of the page"
    )
    anki = commands.add_parser(
        "export-anki", help="write every question as an Anki package (.apkg), one note each"
    )
    anki.add_argument("pack_dir", nargs="?", metavar="PACK_DIR", help="default: the bundled pack")
    anki.add_argument("-o", "--output", required=True, metavar="FILE.apkg")
    anki.add_argument(
        "--lang", choices=("ko", "en", "both"), default="both",
        help="the languages on each card (default: both, Korean first)",
    )  # fmt: skip
    for command in (validate, build, search, path, stats, export, anki):
        command.add_argument(
            "--format", choices=FORMATS, default="auto",
            help="how to read PACK_DIR: a pack (categories.yaml), an Obsidian vault, or "
            "auto: a vault when it has .obsidian/ and no categories.yaml",
        )  # fmt: skip
    return parser


#: Qt's own command-line options (QApplication, QGuiApplication), taking a value or not.
_QT_VALUE_OPTIONS = frozenset({
    "style", "stylesheet", "platform", "platformpluginpath", "platformtheme", "plugin",
    "qwindowgeometry", "qwindowtitle", "qwindowicon", "session", "display", "geometry", "title",
    "name", "visual",
})  # fmt: skip
_QT_FLAG_OPTIONS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): standard Qt options such as `-style fusion`, `-platform offscreen` or
    `--style=fusion` go to the QApplication; everything else is ours."""
    ours: list[str] = []
    qt: list[str] = []
    rest = iter(argv)
    for arg in rest:
        if arg == "--":
            ours += [arg, *rest]
            break
        name, has_value, _value = arg.lstrip("-").partition("=")
        if arg.startswith("-") and name in _QT_VALUE_OPTIONS | _QT_FLAG_OPTIONS:
            qt.append(arg)
            if name in _QT_VALUE_OPTIONS and not has_value:
                qt.append(next(rest, ""))
            continue
        ours.append(arg)
    return ours, qt


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    ours, qt_options = split_qt_options(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(ours)
    if qt_options and args.command is not None:
        parser.error(f"{qt_options[0]} is a Qt option: it only applies when starting the app")
    args.qt_options = qt_options
    if args.data_dir:
        os.environ[ENV_DATA_DIR] = str(Path(args.data_dir).expanduser().resolve())
    try:
        if args.command is None:
            return _run_gui(args)
        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(f"backend-atlas: {exc}", file=sys.stderr)
        return 1
    except ContentError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        print(f"backend-atlas: {exc}", file=sys.stderr)
        return 1
    except (StoreError, ProgressError) as exc:
        print(f"backend-atlas: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"backend-atlas: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run_gui(args: argparse.Namespace) -> int:
    from app.ui.application import run

    return run(data_dir=os.environ.get(ENV_DATA_DIR), pack_dir=args.pack, qt_args=args.qt_options)


def _pack_dir(value: str | None) -> Path:
    path = Path(value) if value else bundled_pack_dir()
    if not path.is_dir():
        raise UserError(f"{path}: no such folder (a content pack is a folder with categories.yaml)")
    return path


def _open_store(value: str | None, fmt: str = "auto") -> ContentStore:
    pack = _pack_dir(value)
    db = user_paths().ensure().content_db(pack)
    ensure_content(
        pack, db, fmt=fmt
    )  # search scans the bodies until `build` or the app indexes them
    return ContentStore(db)


def _validate(args: argparse.Namespace) -> int:
    pack = _pack_dir(args.pack_dir)
    result = load_pack(pack, args.pack_dir or str(pack), args.format)
    for finding in result.findings:
        print(finding.located(args.lang))
    print(
        f"{result.files} concept files: {len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    )
    return 0 if result.ok else 1


def _build(args: argparse.Namespace) -> int:
    pack = _pack_dir(args.pack_dir)
    db = Path(args.db) if args.db else user_paths().ensure().content_db(pack)
    status = ensure_content(pack, db, force=True, fmt=args.format)
    ensure_search_index(status.db_path)
    for finding in status.findings:
        print(finding)
    with ContentStore(status.db_path) as store:
        print(f"built {status.db_path}: {store.count('concepts')} concepts, "
              f"{store.count('links')} links, {store.count('questions')} questions")  # fmt: skip
    return 0


def _unknown_concept(store: ContentStore, concept_id: str) -> UserError:
    ids = [s.id for s in store.summaries()]
    close = difflib.get_close_matches(concept_id, ids, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else " (try: backend-atlas search WORD)"
    return UserError(f"unknown concept '{concept_id}'{hint}")


def _search(args: argparse.Namespace) -> int:
    from app.core.search import search

    lang = args.lang or ("ko" if _HANGUL.search(args.query) else "en")
    with _open_store(args.sub_pack, args.format) as store:
        titles = {s.id: s.title.get(lang) for s in store.summaries()}
        hits = search(store, args.query, limit=max(1, args.limit))
    if not hits:
        raise UserError(
            f"no concept matches {args.query!r} in its titles, other names or text; "
            "try a shorter word or the other language's name"
        )
    for hit in hits:
        print(f"{hit.concept_id}\t{titles[hit.concept_id]}\t({hit.field})")
    return 0


#: Hangul syllables and jamo: a query with any of them is asked in Korean.
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _path(args: argparse.Namespace) -> int:
    from app.core.graph import build_graph, learning_path

    with _open_store(args.sub_pack, args.format) as store:
        summaries = store.summaries()
        graph = build_graph(summaries, store.links())
        if args.concept not in graph:
            raise _unknown_concept(store, args.concept)
        titles = {s.id: s.title.get(args.lang) for s in summaries}
        steps = learning_path(graph, args.concept)
        if not steps:
            print(f"{titles[args.concept]} has no prerequisites.")
        for number, concept_id in enumerate(steps, 1):
            print(f"{number:>3}. {titles[concept_id]}  [{concept_id}]")
        if steps:
            print(f"  → {titles[args.concept]}  [{args.concept}]")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from app.core.stats import content_stats, format_stats

    with _open_store(args.sub_pack, args.format) as store:
        data = content_stats(store, user_paths())
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else format_stats(data))
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.core.export import ExportOptions, export_html

    with _open_store(args.pack_dir, args.format) as store:
        if args.local and store.concept(args.local) is None:
            raise _unknown_concept(store, args.local)
        options = ExportOptions(lang=args.lang, local=args.local, depth=args.depth,
                                progress_db=None if args.no_progress else user_paths().progress_db)  # fmt: skip
        written = export_html(store, Path(args.output), options)
    print(f"wrote {written}")
    return 0


def _export_anki(args: argparse.Namespace) -> int:
    from app.core.anki import AnkiError, export_anki  # genanki: only when asked

    target = Path(args.output)
    if not target.parent.is_dir():
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    pack = _pack_dir(args.pack_dir)
    with _open_store(args.pack_dir, args.format) as store:
        try:
            done = export_anki(store, target, args.lang, pack_dir=pack.resolve())
        except AnkiError as exc:
            raise UserError(str(exc)) from None
    print(f"wrote {done.path}: {done.notes} notes ({done.recall} recall, "
          f"{done.choice} multiple choice) in the deck '{done.deck}'")  # fmt: skip
    return 0


_COMMANDS = {
    "validate": _validate,
    "build": _build,
    "search": _search,
    "path": _path,
    "stats": _stats,
    "export": _export,
    "export-anki": _export_anki,
}
