-- Net external assets by country and year end as MoF ranks them (reviewed, cited figures), in yen.
select
    country,
    year_end,
    net_external_assets_100m_yen,
    rank,
    citation,
    net_external_assets_100m_yen * 1e8 as net_external_assets_jpy
from {{ ref('stg_mof_net_external_assets') }}
