"""A separate process that runs a mock interview, for the kill -9 test.

    python -m tests.core.interview_worker <progress db> <content db> <count>

Prints "ready <interview id>" once the interview is stored, then each question id after
its graded answer was committed; then waits to be killed (never finishes the interview).
"""

from __future__ import annotations

import random
import sys
import time

from app.core.graph import build_graph
from app.core.interview import picker_for
from app.core.progress import InterviewAnswer, ProgressStore
from app.core.store import ContentStore


def main(progress_db: str, content_db: str, count: int) -> None:
    store = ContentStore(content_db)
    graph = build_graph(store.summaries(), store.links())
    progress = ProgressStore(progress_db)
    picker = picker_for(store, graph, progress, random.Random(3))
    interview = progress.start_interview(count, 180)
    print(f"ready {interview}", flush=True)
    item = picker.first()
    for position in range(count):
        if item is None:
            break
        rating = 1 + position % 4
        answer = InterviewAnswer(position, item.question_id, item.concept_id, rating, 1, 2, 12.5)
        progress.record_interview_answer(interview, answer)
        print(item.question_id, flush=True)
        item = picker.next(rating)
    time.sleep(600)  # killed here: the interview is never finished


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
