"""``python -m loaders``: the loaders' command line (``loaders.cli``)."""

import sys

from .cli import main

sys.exit(main())
