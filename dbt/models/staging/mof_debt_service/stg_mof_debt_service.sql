select
    fiscal_year::smallint       as fiscal_year,
    stage,
    item,
    shock_pp::double            as shock_pp,
    basis_fiscal_year::smallint as basis_fiscal_year,
    value::double               as value,
    amount_jpy::bigint          as amount_jpy,
    unit,
    rounded_to::double          as rounded_to,
    published,
    source,
    source_url,
    evidence,
    source_sha256,
    loaded_at
from {{ source('raw_mof_debt_service', 'mof_debt_service') }}
