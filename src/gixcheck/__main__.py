from gixcheck.cli import main

main()
