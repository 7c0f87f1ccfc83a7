"""Liquidity Watch's BI side: the DuckDB sandbox, the Superset dashboard as code and its provisioning.

Plain stdlib + PyYAML, so the same modules run in the project's venv (``lw``, the tests) and in Superset's
(``.venv-bi``, where bi/provision.py puts the repository root on ``sys.path``).
"""
