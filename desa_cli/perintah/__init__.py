"""The commands of `desa`, one module per heading of `desa --help`; `desa_cli.cli` wires them."""
