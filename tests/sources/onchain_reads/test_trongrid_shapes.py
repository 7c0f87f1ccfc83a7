"""The TRON address and ABI helpers against real TronGrid answers (fixtures/trongrid/PROVENANCE.md).

TronGrid's native API writes addresses both ways in one answer (base58 ``T…`` where ``visible``,
21-byte ``41…`` hex inside the transaction bytes, 20-byte ``0x…`` in event results): the helpers
must agree with every form TronGrid itself used.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.sources.onchain_reads.abi import decode_result
from ingest.sources.onchain_reads.chains import load_registry
from ingest.sources.onchain_reads.tron import base58_to_hex41, hex_to_base58, to_evm_hex

FIXTURES = Path(__file__).parent / "fixtures" / "trongrid"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_trigger_constant_contract_addresses_match_its_own_transaction_bytes() -> None:
    doc = load("triggerconstantcontract_usdt_deprecated.json")
    call = doc["transaction"]["raw_data"]["contract"][0]["parameter"]["value"]
    raw_hex = doc["transaction"]["raw_data_hex"]
    # the base58 addresses TronGrid shows are, byte for byte, the 21-byte addresses it signed
    assert base58_to_hex41(call["contract_address"]) in raw_hex
    assert base58_to_hex41(call["owner_address"]) in raw_hex
    assert hex_to_base58(base58_to_hex41(call["contract_address"])) == call["contract_address"]
    # the contract is the registry's USDT on TRON, and the JSON-RPC form drops only the 41
    usdt = load_registry().tokens["tron-usdt"].address
    assert call["contract_address"] == usdt
    assert to_evm_hex(usdt) == "0x" + base58_to_hex41(usdt)[2:]


def test_constant_result_is_the_abi_word_the_decoder_reads() -> None:
    doc = load("triggerconstantcontract_usdt_deprecated.json")
    assert doc["result"] == {"result": True}
    (word,) = doc["constant_result"]
    assert decode_result("totalSupply", "0x" + word) == {"value": 0}  # deprecated() → false, one uint256-sized word


def test_event_addresses_convert_both_ways() -> None:
    events = load("v1_contract_events_usdt_transfer.json")["data"]
    assert {e["contract_address"] for e in events} == {load_registry().tokens["tron-usdt"].address}
    for e in events:
        for side in ("from", "to"):
            evm = e["result"][side]
            t_address = hex_to_base58(evm)
            assert t_address.startswith("T")
            assert to_evm_hex(t_address) == evm
