"""Bank of Japan: the Time-Series Data Search API client, its parser, and the policy-decision table.

The BoJ publishes no series holding its policy-rate target, so this package has two sources:
observed series from the API (``boj_rates``) and a reviewed table of Monetary Policy Meeting
decisions (``boj_policy_decisions``). See DATA_SOURCES.md §3 for the API's published behaviour.
"""
