"""The warehouse: ``connect`` opens it, ``load`` writes raw tables, ``publish`` makes the serving copy."""
