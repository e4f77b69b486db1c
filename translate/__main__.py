"""python -m translate: the same as the translate-compare command."""

from .cli import main

main()
