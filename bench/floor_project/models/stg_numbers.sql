select n, n % 7 as bucket from {{ source('raw', 'numbers') }}
