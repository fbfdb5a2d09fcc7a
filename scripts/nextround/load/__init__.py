"""Load: read the YAML files and validate them against the schema into a Content."""
