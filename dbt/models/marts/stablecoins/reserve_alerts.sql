-- Every breach, with the observed value and the threshold it broke (thresholds are dbt vars).
select 'ratio_below_100' as alert, token, 'all_chains' as scope, ts,
       collateral_ratio as observed, 1.0 as threshold,
       'on-chain reserves / on-chain supply below 100 %' as detail
from {{ ref('stablecoin_backing') }}
where collateral_ratio < 1.0

union all

select 'psm_depth_below_share', token, 'all_chains', ts,
       psm_depth_usd / onchain_supply, {{ var('psm_min_share_of_supply') }},
       'PSM collateral below the required share of supply'
from {{ ref('stablecoin_backing') }}
where psm_depth_usd is not null and onchain_supply > 0
  and psm_depth_usd < {{ var('psm_min_share_of_supply') }} * onchain_supply

union all

select 'attestation_delta', token, scope, as_of,
       supply_delta_pct, {{ var('attestation_tolerance_pct') }},
       issuer || ' attested ' || attested_supply::varchar || ' vs on-chain ' || onchain_supply::varchar
from {{ ref('attestation_reconciliation') }}
where status = 'mismatch'

union all

select 'attestation_delta', token, scope, as_of,
       defillama_delta_pct, {{ var('attestation_tolerance_pct') }},
       issuer || ' attested ' || attested_supply::varchar || ' vs DefiLlama ' || defillama_supply::varchar
           || ' on ' || defillama_date::varchar
from {{ ref('attestation_reconciliation') }}
where defillama_status = 'mismatch'

union all

select 'stale_feed', backs_token, chain, ts,
       age_s::double, heartbeat_s::double,
       feed_id || ' last updated ' || updated_at::varchar
from {{ ref('por_feeds') }}
where is_stale
