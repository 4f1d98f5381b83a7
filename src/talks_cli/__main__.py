from talks_cli.main import main

main()
