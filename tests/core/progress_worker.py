"""A separate process that answers questions, for the concurrency and crash tests.

    python -m tests.core.progress_worker <db> <prefix> <count>   # count < 0: until killed

Prints "ready" once the store is open, then each question id after its commit returned.
"""

from __future__ import annotations

import itertools
import sys

from app.core.progress import ProgressStore


def main(db: str, prefix: str, count: int) -> None:
    store = ProgressStore(db)
    print("ready", flush=True)
    numbers = itertools.count() if count < 0 else range(count)
    for n in numbers:
        question_id = f"{prefix}-{n}"
        store.record(question_id, f"concept-{n % 7}", 1 + n % 4, duration_ms=n)
        print(question_id, flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
