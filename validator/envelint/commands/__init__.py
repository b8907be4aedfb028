"""The command line: one module per command, each only parsing options and calling the
pipeline."""
