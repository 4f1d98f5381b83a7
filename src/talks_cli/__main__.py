"""`python -m talks_cli`: the same as the `talks` console script."""

from talks_cli.cli.process import main

if __name__ == "__main__":
    main()
