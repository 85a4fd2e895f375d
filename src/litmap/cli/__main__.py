"""``python -m litmap.cli``: the ``litmap`` command, as running the old ``cli.py`` as a script did."""

from litmap.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
