from talks_cli.cli.process import main

main()
