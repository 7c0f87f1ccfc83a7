-- Cross-border portfolio flows by month (MoF, International Transactions in Securities, 100 million
-- yen; net = acquisitions − dispositions, + = net buying): residents' net purchases of foreign
-- long-term debt securities (foreign bonds) and of foreign equity; non-residents' net purchases of
-- Japanese long-term debt securities (mostly JGBs, but all Japanese long-term debt, not only JGBs) and
-- of Japanese equity; each with its sum over the last 12 months (null until 12 months are present).
with wide as (
    select
        month,
        max(value_100m_yen) filter (where direction = 'outward' and instrument = 'long_term_debt')
            as residents_net_foreign_bonds_100m_yen,
        max(value_100m_yen) filter (where direction = 'outward' and instrument = 'equity')
            as residents_net_foreign_equity_100m_yen,
        max(value_100m_yen) filter (where direction = 'inward' and instrument = 'long_term_debt')
            as nonresidents_net_japanese_long_term_debt_100m_yen,
        max(value_100m_yen) filter (where direction = 'inward' and instrument = 'equity')
            as nonresidents_net_japanese_equity_100m_yen
    from {{ ref('stg_mof_securities') }}
    where measure = 'net'
    group by month
)

select
    month,
    residents_net_foreign_bonds_100m_yen,
    residents_net_foreign_equity_100m_yen,
    nonresidents_net_japanese_long_term_debt_100m_yen,
    nonresidents_net_japanese_equity_100m_yen,
    case when count(residents_net_foreign_bonds_100m_yen) over w = 12
            then sum(residents_net_foreign_bonds_100m_yen) over w
    end as residents_net_foreign_bonds_12m_100m_yen,
    case when count(nonresidents_net_japanese_long_term_debt_100m_yen) over w = 12
            then sum(nonresidents_net_japanese_long_term_debt_100m_yen) over w
    end as nonresidents_net_japanese_long_term_debt_12m_100m_yen
from wide
window w as (order by month range between interval 11 month preceding and current row)
