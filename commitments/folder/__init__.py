"""The data folder: its layout, YAML read with lines, checks returning problems, atomic writes."""
