from coopwatch.cli import main

main()
