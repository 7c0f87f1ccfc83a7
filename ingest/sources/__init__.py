"""One module per source: its requests, its parser, its expectations and its raw table."""
