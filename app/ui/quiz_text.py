"""Strings and interval formatting for the quiz and stats views, in English and Korean."""

from __future__ import annotations

from datetime import timedelta

from app.ui.i18n import add_strings, tr

__all__ = ["qtr", "format_interval", "RATINGS"]

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}

_STRINGS: dict[str, tuple[str, str]] = {
    "quiz": ("Quiz", "퀴즈"),
    "type_answer": (
        "Type your answer, or just think it (optional). Ctrl+Enter shows the model answer.",
        "답을 입력하거나 머릿속으로 떠올려 보세요 (선택). Ctrl+Enter를 누르면 모범 답안이 보입니다.",
    ),
    "suggested_grade": (
        "Suggested from the key points: {n}. {grade} (your call)",
        "핵심 포인트로 본 추천 평가: {n}. {grade} (최종 평가는 직접)",
    ),
    "tick_points": (
        "Tick the key points you said; a grade is suggested from them.",
        "말한 핵심 포인트에 체크하면 추천 평가가 나옵니다.",
    ),
    "show_answer_key": ("Show answer (Space)", "답 보기 (Space)"),
    "your_answer": ("Your answer", "내 답"),
    "model_answer": ("Model answer", "모범 답안"),
    "again": ("Again", "다시"),
    "hard": ("Hard", "어려움"),
    "good": ("Good", "알맞음"),
    "easy": ("Easy", "쉬움"),
    "next": ("Next (Enter)", "다음 (Enter)"),
    "right": ("Right.", "정답입니다."),
    "wrong": ("Not quite.", "오답입니다."),
    "answer_was": ("The answer", "정답"),
    "summary": ("Session summary", "학습 요약"),
    "summary_counts": (
        "{right} right, {wrong} to review again",
        "맞힌 문제 {right}개, 다시 볼 문제 {wrong}개",
    ),
    "comes_due": ("Comes due", "다음 복습 시점"),
    "review_these": ("Weakest concepts — read them again", "약한 개념 — 다시 읽어 보세요"),
    "nothing_due": ("Nothing is due. Well done!", "복습할 문제가 없습니다. 잘하셨어요!"),
    "nothing_new": ("You have seen every question.", "모든 문제를 한 번씩 풀었습니다."),
    "progress_read_only": (
        "Your progress file {path} is read-only: you can browse, but answers cannot be saved.",
        "학습 기록 파일 {path}이(가) 읽기 전용입니다. 둘러볼 수는 있지만 답을 저장할 수 없습니다.",
    ),
    "progress_error": ("Progress is unavailable: {error}", "학습 기록을 쓸 수 없습니다: {error}"),
    "progress_corrupt": (
        "Your progress file was damaged. It was moved aside to {moved} (nothing was deleted).",
        "학습 기록 파일이 손상되어 {moved}(으)로 옮겨 두었습니다 (삭제하지 않았습니다).",
    ),
    "restore_offer": (
        "Restore the newest backup, from {when}?",
        "{when}에 만든 가장 최근 백업으로 복원할까요?",
    ),
    "restored": (
        "Progress restored from the backup of {when}.",
        "{when} 백업에서 학습 기록을 복원했습니다.",
    ),
    "no_backups": ("There are no backups yet.", "아직 백업이 없습니다."),
    "choose_backup": ("Choose a backup to restore", "복원할 백업을 고르세요"),
    "stats_title": ("Statistics", "통계"),
    "seen": ("seen", "학습"),
    "mastered": ("mastered", "숙련"),
    "due": ("due", "복습 예정"),
    "forecast": ("Reviews due in the next 14 days", "앞으로 14일 동안의 복습 예정"),
    "today": ("today", "오늘"),
    "reviews_total": ("{n} reviews in total", "총 {n}회 복습"),
}


add_strings(_STRINGS)
qtr = tr


def format_interval(delta: timedelta, lang: str) -> str:
    """A short human interval: 1 min, 10 min, 3 h, 4 d, 2 mo, 1.5 y."""
    seconds = max(0.0, delta.total_seconds())
    ko = lang == "ko"
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return f"{minutes}분" if ko else f"{minutes} min"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"{hours}시간" if ko else f"{hours} h"
    days = seconds / 86400
    if days < 60:
        return f"{round(days)}일" if ko else f"{round(days)} d"
    if days < 365:
        return f"{round(days / 30)}개월" if ko else f"{round(days / 30)} mo"
    return f"{days / 365:.1f}년" if ko else f"{days / 365:.1f} y"
