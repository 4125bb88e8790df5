"""`python -m app`: the same entry point as the `backend-atlas` command."""

import sys

from app.cli import main

if __name__ == "__main__":  # a worker process that imports this module must not start the app
    sys.exit(main())
