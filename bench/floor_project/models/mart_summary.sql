select count(*) as buckets, sum(rows_in_bucket) as numbers, sum(total) as total from {{ ref('int_buckets') }}
