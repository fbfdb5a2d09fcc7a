"""Run a build: skip it when nothing changed, make each output or fetch it from the cache, swap the result into place."""
