"""``python -m envelint``: the same as the ``envelint`` command."""

from envelint.cli import main

if __name__ == "__main__":
    main()
