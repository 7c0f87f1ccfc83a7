"""Reading stablecoin supply, reserves and Proof-of-Reserve feeds from EVM and TRON chains.

Small modules, one job each: ``tron`` (address forms), ``abi`` (call data and results),
``rpc`` (JSON-RPC over the core fetcher, so every answer is landed and replayable),
``registry`` (the reviewed YAML of contracts and holders), ``snapshot`` (one confirmed-block read).
"""
