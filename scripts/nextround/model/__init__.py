"""The kit's data: the schema of items and group overlays, declared once, and the loaded Content."""
