"""The teaching layer: equation tags read from the source, mirror parity, notation, explain, the pages."""
