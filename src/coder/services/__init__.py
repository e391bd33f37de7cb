"""Services: the use cases that the CLI and the TUI call."""
