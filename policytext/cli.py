"""The ``policytext`` command line (placeholder until the CLI work lands)."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="policytext")
def main() -> None:
    """policytext: mining Chinese political and policy texts."""


if __name__ == "__main__":
    main()
