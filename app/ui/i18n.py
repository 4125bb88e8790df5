"""UI strings in English and Korean; content text comes from the pack, not from here."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

__all__ = ["tr", "add_strings", "system_language", "use_qt_translations", "LANG_NAMES"]

LANG_NAMES = {"ko": "한국어", "en": "English"}

_STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, Korean)
    "app": ("Backend Atlas", "Backend Atlas"),
    "file": ("&File", "파일(&F)"),
    "view": ("&View", "보기(&V)"),
    "study": ("&Study", "학습(&S)"),
    "help": ("&Help", "도움말(&H)"),
    "open_pack": ("Open content folder…", "콘텐츠 폴더 열기…"),
    "open_bundled": ("Open the bundled graph", "기본 그래프 열기"),
    "export_html": ("Export as HTML…", "HTML로 내보내기…"),
    "export_anki": ("Export for Anki…", "Anki용으로 내보내기…"),
    "quit": ("Quit", "종료"),
    "fit": ("Fit to view", "전체 보기"),
    "zoom_in": ("Zoom in", "확대"),
    "zoom_out": ("Zoom out", "축소"),
    "zoom_reset": ("Actual size", "원래 크기"),
    "local_graph": ("Local graph", "로컬 그래프"),
    "depth": ("Depth", "깊이"),
    "categories": ("Categories", "카테고리"),
    "show_all": ("Show all", "모두 보기"),
    "mastery_overlay": ("Show mastery", "숙련도 표시"),
    "search_placeholder": ("Search concepts (Ctrl+F or /)", "개념 검색 (Ctrl+F 또는 /)"),
    "no_results": ("No concept matches “{q}”", "“{q}”와 일치하는 개념이 없습니다"),
    "language": ("Language", "언어"),
    "back": ("Back", "뒤로"),
    "forward": ("Forward", "앞으로"),
    "quiz_me": ("Quiz me", "퀴즈 풀기"),
    "quiz_neighbours": ("Quiz me on this and its neighbours", "주변 개념까지 퀴즈"),
    "review_due": ("Review due ({n})", "복습하기 ({n})"),
    "learn_new": ("Learn new", "새로 학습"),
    "stats": ("Statistics", "통계"),
    "restore_backup": ("Restore progress from backup…", "백업에서 학습 기록 복원…"),
    "about": ("About Backend Atlas", "Backend Atlas 정보"),
    "legend": ("Legend", "범례"),
    "show_legend": ("Show legend", "범례 표시"),
    "select_hint": (
        "Click a concept in the graph, or search for one (Ctrl+F).",
        "그래프에서 개념을 클릭하거나 검색하세요 (Ctrl+F).",
    ),
    "category": ("Category", "카테고리"),
    "aliases": ("Also called", "다른 이름"),
    "learn_path": ("Learn first", "먼저 배울 순서"),
    "links": ("Linked concepts", "연결된 개념"),
    "questions": ("Interview questions", "면접 질문"),
    "show_answer": ("Show answer", "답 보기"),
    "misconceptions": ("Common misconceptions", "흔한 오해"),
    "sources": ("Sources", "출처"),
    "mastery": ("Mastery", "숙련도"),
    "mastery_new": ("not studied yet", "아직 학습 전"),
    "loading": ("Building the graph…", "그래프를 준비하는 중…"),
    "loaded": ("{n} concepts, {m} links", "개념 {n}개, 연결 {m}개"),
    "pack_errors": ("The content folder has errors", "콘텐츠 폴더에 오류가 있습니다"),
    "pack_errors_detail": (
        "{path} was not opened: fix these problems and open it again. The current graph stays.",
        "{path}을(를) 열지 않았습니다. 아래 문제를 고친 뒤 다시 여세요. 현재 그래프는 그대로 유지됩니다.",
    ),
    "cache_unwritable": (
        "Could not write the content cache {path} ({error}). Make its folder writable or free "
        "some disk space, then open the pack again. The current graph stays.",
        "콘텐츠 캐시 {path}에 쓸 수 없습니다 ({error}). 폴더 쓰기 권한이나 남은 디스크 공간을 "
        "확인한 뒤 다시 여세요. 현재 그래프는 그대로 유지됩니다.",
    ),
    "link_refused": (
        "Refused to open {url}: only http(s) links open.",
        "{url} 링크는 열지 않았습니다: http(s) 링크만 열 수 있습니다.",
    ),
    "no_korean_font": (
        "No installed font covers Hangul; Korean text may show as boxes (install fonts-noto-cjk).",
        "한글 글꼴이 설치되어 있지 않아 한국어가 네모로 보일 수 있습니다 (fonts-noto-cjk 설치).",
    ),
    "export_done": ("Exported to {path}", "{path}(으)로 내보냈습니다"),
    "export_failed": ("Export failed", "내보내기 실패"),
    "anki_done": (
        "Exported {n} Anki notes to {path}",
        "Anki 노트 {n}개를 {path}(으)로 내보냈습니다",
    ),
    "error": ("Error", "오류"),
    "unexpected_error": (
        "Something went wrong. Your progress is saved. Details were written to {log}.",
        "문제가 발생했습니다. 학습 기록은 저장되어 있습니다. 자세한 내용은 {log}에 기록했습니다.",
    ),
    "mock_interview": ("Mock interview…", "모의 면접…"),
    "interview": ("Mock interview", "모의 면접"),
    "interview_intro": (
        "An interviewer asks, listens and follows up on what you said. Type each answer; "
        "Ctrl+Enter shows the model answer and its key points, 1–4 grade it, Esc ends with "
        "the report.",
        "면접관처럼 질문하고, 답을 듣고, 말한 내용을 따라 꼬리 질문을 합니다. 답을 입력하고 "
        "Ctrl+Enter로 모범 답안과 핵심 포인트를 보고, 1–4로 평가하세요. Esc를 누르면 결과를 봅니다.",
    ),
    "interview_questions": ("Questions", "질문 수"),
    "interview_minutes": ("Minutes per question", "질문당 시간(분)"),
    "interview_start": ("Start (Enter)", "시작 (Enter)"),
    "interview_reveal": ("Show answer (Ctrl+Enter)", "답 보기 (Ctrl+Enter)"),
    "interview_typed": (
        "Answer as you would aloud. Ctrl+Enter shows the model answer.",
        "말하듯이 답을 입력하세요. Ctrl+Enter를 누르면 모범 답안이 보입니다.",
    ),
    "interview_counter": ("Question {n} of {m}", "질문 {n} / {m}"),
    "interview_time_up": ("Time is up.", "시간이 끝났습니다."),
    "interview_report": ("Interview report", "면접 결과"),
    "interview_report_counts": (
        "{n} questions, {good} answered well; {points} of {total} key points covered.",
        "질문 {n}개 중 {good}개를 잘 답했습니다. 핵심 포인트 {total}개 중 {points}개를 말했습니다.",
    ),
    "interview_col_concept": ("Concept", "개념"),
    "interview_col_points": ("Key points", "핵심 포인트"),
    "interview_col_time": ("Time", "시간"),
    "interview_col_grade": ("Grade", "평가"),
    "interview_weak": (
        "Weak concepts — marked on the graph:",
        "약한 개념 — 그래프에 표시했습니다:",
    ),
    "interview_none": ("No question was answered.", "답한 질문이 없습니다."),
    "interview_nothing": (
        "There are no recall questions to ask.",
        "물어볼 서술형 질문이 없습니다.",
    ),
    "kind_prerequisite-of": ("prerequisite of", "선행 개념"),
    "kind_part-of": ("part of", "일부"),
    "kind_example-of": ("example of", "예시"),
    "kind_used-for": ("used for", "용도"),
    "kind_contrasts-with": ("contrasts with", "비교"),
    "kind_related-to": ("related to", "관련"),
    "theme": ("&Theme", "테마(&T)"),
    "theme_system": ("System", "시스템 설정"),
    "theme_light": ("Light", "밝게"),
    "theme_dark": ("Dark", "어둡게"),
}


def add_strings(strings: dict[str, tuple[str, str]]) -> None:
    """Register more (English, Korean) strings, e.g. a dialog's own; keys must be new."""
    clash = set(strings) & set(_STRINGS)
    if clash:
        raise ValueError(f"UI string keys defined twice: {sorted(clash)}")
    _STRINGS.update(strings)


def tr(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang` ("en" or "ko"), formatted with `values`."""
    en, ko = _STRINGS[key]
    text = ko if lang == "ko" else en
    return text.format(**values) if values else text


def system_language() -> str:
    """Korean if the system locale is Korean, else English."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


_qt_translator: QTranslator | None = None


def use_qt_translations(lang: str) -> bool:
    """Make Qt's own strings (dialog buttons, file dialogs, context menus) speak `lang`.

    Loads Qt's qtbase catalogue from the Qt installation (PySide6-Essentials ships
    qtbase_ko.qm); English needs none. Returns whether a catalogue is now installed.
    """
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _qt_translator is not None:
        QCoreApplication.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "en":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{lang}", folder):
        return False
    QCoreApplication.installTranslator(translator)
    _qt_translator = translator
    return True
