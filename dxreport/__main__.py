from dxreport.cli.main import main

# Guarded: validation's worker processes (spawn start method, always used on Windows) import
# the main module again and must not run the command a second time.
if __name__ == "__main__":
    raise SystemExit(main())
