"""Run a build: skip it when nothing changed, make or fetch each output, swap the result into place."""
