from withhold.cli import run

run()
