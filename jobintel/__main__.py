"""``python -m jobintel`` runs the CLI."""

from jobintel.cli import main

main()
