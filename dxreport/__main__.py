from dxreport.cli import main

raise SystemExit(main())
