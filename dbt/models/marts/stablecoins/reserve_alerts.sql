-- Every breach, with the observed value and the threshold it broke (thresholds are dbt vars).
select
    'ratio_below_100'                                 as alert,
    token,
    'all_chains'                                      as scope,
    ts,
    collateral_ratio                                  as observed,
    1.0                                               as threshold,
    'on-chain reserves / on-chain supply below 100 %' as detail
from {{ ref('stablecoin_backing') }}
where collateral_ratio < 1.0

union all

select
    'psm_depth_below_share'                             as alert,
    token,
    'all_chains'                                        as scope,
    ts,
    psm_depth_usd / onchain_supply                      as observed,
    {{ var('psm_min_share_of_supply') }}                as threshold,
    'PSM collateral below the required share of supply' as detail
from {{ ref('stablecoin_backing') }}
where psm_depth_usd is not null and onchain_supply > 0
    and psm_depth_usd < {{ var('psm_min_share_of_supply') }} * onchain_supply

union all

select
    'attestation_delta'                                                                              as alert,
    token,
    scope,
    as_of                                                                                            as ts,
    supply_delta_pct                                                                                 as observed,
    {{ var('attestation_tolerance_pct') }}                                                           as threshold,
    issuer || ' attested ' || attested_supply::varchar || ' vs on-chain ' || onchain_supply::varchar as detail
from {{ ref('attestation_reconciliation') }}
where status = 'mismatch'

union all

select
    'attestation_delta'                    as alert,
    token,
    scope,
    as_of                                  as ts,
    defillama_delta_pct                    as observed,
    {{ var('attestation_tolerance_pct') }} as threshold,
    issuer || ' attested ' || attested_supply::varchar || ' vs DefiLlama ' || defillama_supply::varchar
    || ' on ' || defillama_date::varchar
        as detail
from {{ ref('attestation_reconciliation') }}
where defillama_status = 'mismatch'

union all

select
    'stale_feed'                                       as alert,
    backs_token                                        as token,
    chain                                              as scope,
    ts,
    age_s::double                                      as observed,
    heartbeat_s::double                                as threshold,
    feed_id || ' last updated ' || updated_at::varchar as detail
from {{ ref('por_feeds') }}
where is_stale
