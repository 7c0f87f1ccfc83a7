-- The raw table is already typed by its declaration (ingest/sources/mof_debt_service): nothing to re-cast.
select
    fiscal_year,
    stage,
    item,
    shock_pp,
    basis_fiscal_year,
    value,
    amount_jpy,
    unit,
    rounded_to,
    published,
    source,
    source_url,
    evidence,
    source_sha256,
    loaded_at
from {{ source('mof_debt_service', 'mof_debt_service') }}
