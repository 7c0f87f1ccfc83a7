"""Disaster recovery, in plain Python: rebuild the raw tables from landing, back up, verify, name a full disk.

``events`` reads what happened to each landed payload (its loads and rejections, from the sidecars and
the quarantine), ``replay`` runs those again through ``ingest.pipeline.run_source``, ``health`` tells a
readable warehouse from a damaged one, ``backup`` snapshots the warehouse and Dagster's instance,
``verify`` re-hashes landing and recordings, ``disk`` turns "no space left on device" into a sentence.
The ``lw`` commands over them are in ``dagster_project/cli/recovery.py``.
"""
