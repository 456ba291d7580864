"""``python -m ray_workloads.pipeline``: see :mod:`ray_workloads.pipeline.cli`."""

import sys

from ray_workloads.pipeline.cli import main, parse_args

__all__ = ["main", "parse_args"]

if __name__ == "__main__":
    sys.exit(main())
