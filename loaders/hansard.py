"""``python -m loaders.hansard``: the loaders' ``parse`` and ``ingest`` under their first name.

    python -m loaders.hansard parse FILE [--format text|twfy-xml|wq-json] [--date YYYY-MM-DD]
                                         [--house commons|lords] [--url URL] [--excerpt] [--json]
    python -m loaders.hansard ingest FILES... --out DIR [same options]

The same commands as ``python -m loaders parse|ingest`` (``loaders.cli``), run by the same code;
the registry may also be named as before, by its file: ``--registry DATA_DIR/registry.yaml``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import cli


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(
        argv,
        prog="python -m loaders.hansard",
        commands=("parse", "ingest"),
        registry_option=True,
    )


if __name__ == "__main__":
    sys.exit(main())
