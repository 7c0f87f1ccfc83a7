#!/bin/sh
# The dbt that dagster-dbt runs (DbtCliResource's public `dbt_executable`, defs/resources.py).
# Before every dbt invocation, dagster-dbt runs `dbt --version` only to read the installed dbt-core
# version; dbt answers it by importing itself (~2 s on 2 cores) and asking pypi.org for the newest
# release (a network call, even in an offline build). dagster_project/dbt_project.py puts the
# installed version (from the package's metadata) in LW_DBT_VERSION and the real dbt in
# LW_DBT_EXECUTABLE: `--version` alone is answered here in dbt's own format, anything else is dbt.
if [ "$#" -eq 1 ] && [ "$1" = "--version" ] && [ -n "${LW_DBT_VERSION:-}" ]; then
    printf 'Core:\n  - installed: %s\n' "$LW_DBT_VERSION"
    exit 0
fi
exec "${LW_DBT_EXECUTABLE:?LW_DBT_EXECUTABLE (set by dagster_project/dbt_project.py) names the real dbt}" "$@"
