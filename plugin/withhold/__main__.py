from withhold.cli import main

raise SystemExit(main())
