-- The BoJ's daily overnight call rate as a third party exported it (FM01 STRDCLUCON). The raw table is already
-- typed by its declaration (ingest/sources/boj_call_rate_daily): nothing to re-cast; every row keeps its provenance.
select
    date,
    call_rate_pct,
    'FM01/STRDCLUCON' as series_id,
    provenance,
    source_sha256,
    loaded_at
from {{ source('boj_call_rate_daily', 'boj_call_rate_daily') }}
