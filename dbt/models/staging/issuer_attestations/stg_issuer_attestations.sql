select
    issuer,
    token,
    scope,
    as_of::timestamptz          as as_of,
    tokens_outstanding::double  as tokens_outstanding,
    reserves_usd::double        as reserves_usd,
    liabilities_usd::double     as liabilities_usd,
    precision_usd::double       as precision_usd,
    report,
    auditor,
    source,
    source_sha256,
    loaded_at
from {{ source('raw_attestations', 'issuer_attestations') }}
