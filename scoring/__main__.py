"""``python -m scoring recommend|batch``: see :mod:`scoring.cli`."""

import sys

from scoring.cli import main

sys.exit(main())
