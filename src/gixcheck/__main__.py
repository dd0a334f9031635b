from gixcheck.cli import program

program()
