"""`python -m kellan.bench` is `kellan bench`."""

from kellan.bench import main

raise SystemExit(main())
