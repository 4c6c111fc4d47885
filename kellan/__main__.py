"""`python -m kellan` is the same as the `kellan` console script."""

from kellan.cli import main

raise SystemExit(main())
