select
    as_of::date               as as_of,
    period_label,
    category_code,
    category_path_ja,
    category_path_en,
    level::smallint           as level,
    parent_code,
    is_memo,
    in_total,
    amount_100m_yen::double   as amount_100m_yen,
    amount_jpy::bigint        as amount_jpy,
    missing_marker,
    source_sha256,
    loaded_at
from {{ source('raw_mof_debt', 'mof_debt') }}
