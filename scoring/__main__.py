"""``python -m scoring recommend|batch``: see :mod:`scoring.cli`."""

import os
import sys

from scoring.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (``... | head``): not an error of ours, and no traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
sys.exit(code)
