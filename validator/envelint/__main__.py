"""``python -m envelint``: the same as the ``envelint`` command."""

from envelint.commands.main import main

if __name__ == "__main__":
    main()
