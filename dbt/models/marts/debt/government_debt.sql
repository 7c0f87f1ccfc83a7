-- Central government debt outstanding, one row per quarter end and category (MoF suii.xls).
-- Cells MoF printed as 'ー' (none outstanding) are not rows.
select
    as_of,
    category_code,
    category_path_en,
    category_path_ja,
    level,
    parent_code,
    is_memo,
    in_total,
    amount_100m_yen,
    amount_jpy
from {{ ref('stg_mof_debt') }}
where amount_jpy is not null
