"""``python -m coalition``: the command line, as the ``coalition`` script."""

import sys

from .cli import main

sys.exit(main())
