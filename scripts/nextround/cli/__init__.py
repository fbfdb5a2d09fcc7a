"""The `nextround` command: each verb a thin layer over the pipeline's stages."""

from nextround.cli.app import main

__all__ = ["main"]
