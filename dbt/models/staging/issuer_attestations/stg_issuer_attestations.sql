-- The raw table is already typed by its declaration (ingest/sources/issuer_attestations): nothing to re-cast.
select
    issuer,
    token,
    scope,
    as_of,
    tokens_outstanding,
    reserves_usd,
    liabilities_usd,
    precision_usd,
    report,
    auditor,
    source,
    source_sha256,
    loaded_at
from {{ source('issuer_attestations', 'issuer_attestations') }}
