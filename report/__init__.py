"""The analyst report: static HTML charts from the marts (plain Python; Dagster wires it as an asset)."""
