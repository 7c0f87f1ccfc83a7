-- The raw table is already typed by its declaration (ingest/sources/mof_debt): nothing to re-cast.
select
    as_of,
    period_label,
    category_code,
    category_path_ja,
    category_path_en,
    level,
    parent_code,
    is_memo,
    in_total,
    amount_100m_yen,
    amount_jpy,
    missing_marker,
    source_sha256,
    loaded_at
from {{ source('mof_debt', 'mof_debt') }}
