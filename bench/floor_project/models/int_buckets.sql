select bucket, count(*) as rows_in_bucket, sum(n) as total from {{ ref('stg_numbers') }} group by bucket
