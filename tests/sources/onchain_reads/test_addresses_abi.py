"""TRON address conversion, registry validation and ABI encode/decode (no node needed)."""

from __future__ import annotations

import re
from pathlib import Path

import eth_abi
import pytest
import yaml

from ingest.sources.onchain_reads.abi import VIEWS, AbiDecodeError, decode_result, encode_call
from ingest.sources.onchain_reads.chains import RegistryError, load_registry
from ingest.sources.onchain_reads.tron import TronAddressError, base58_to_hex41, hex_to_base58, to_evm_hex

# USDT on TRON: the base58 form (tronscan) and the hex form TRON JSON-RPC clients use
# (pakchu/rllm USDT_CONTRACT 0xa614f8…; QuickNode's TRON eth_call example 0x41a614f8…).
USDT_T = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
USDT_41 = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"


def test_known_pair_both_ways() -> None:
    assert base58_to_hex41(USDT_T) == USDT_41
    assert hex_to_base58("0x" + USDT_41) == USDT_T
    assert hex_to_base58("0x" + USDT_41[2:]) == USDT_T  # 20-byte EVM form
    assert to_evm_hex(USDT_T) == "0x" + USDT_41[2:]


@pytest.mark.parametrize(
    "address",
    [
        "TXDk8mbtRbXeYuMNS83CfKPaYYT8XWv9Hz",
        "TCrEVahRbhDFB6uRXEWUg7wkptXvg47GKs",
        "TSUYvQ5tdd3DijCD1uGunGLpftHuSZ12sQ",
        "TBXW4hS5KYjjbJXDpnrPf4zhkLwrpUjbyz",
    ],
)
def test_published_addresses_round_trip(address: str) -> None:
    assert hex_to_base58(base58_to_hex41(address)) == address


def test_bad_checksum_is_rejected() -> None:
    broken = USDT_T[:-1] + ("u" if USDT_T[-1] != "u" else "v")
    with pytest.raises(TronAddressError, match="Invalid checksum"):
        base58_to_hex41(broken)


def test_wrong_prefix_is_rejected() -> None:
    with pytest.raises(TronAddressError, match="expected 20 bytes or 21 bytes starting 41"):
        hex_to_base58("0x42" + USDT_41[2:])


def test_registry_rejects_a_bad_address(tmp_path: Path) -> None:
    text = (Path(__file__).parents[3] / "ingest/sources/onchain_reads/chain.yaml").read_text()
    (tmp_path / "bad.yaml").write_text(
        text.replace("TSUYvQ5tdd3DijCD1uGunGLpftHuSZ12sQ", "TSUYvQ5tdd3DijCD1uGunGLpftHuSZ12sR")
    )
    with pytest.raises(RegistryError, match=r"holders\[0\] \(tron-psm-usdt-join\): field 'address'.*checksum"):
        load_registry(tmp_path / "bad.yaml")


def test_registry_records_both_usdd_addresses_and_reads_one() -> None:
    reg = load_registry()
    usdd = {t.address: t.read for t in reg.tokens.values() if t.chain == "tron" and t.symbol == "USDD"}
    assert usdd == {"TXDk8mbtRbXeYuMNS83CfKPaYYT8XWv9Hz": True, "TCrEVahRbhDFB6uRXEWUg7wkptXvg47GKs": False}
    assert reg.holders["tron-psm-usdt-join"].read and not reg.holders["tron-psm-usdt-module"].read


def test_encode_balance_of() -> None:
    assert encode_call("balanceOf", "0x" + USDT_41[2:]) == "0x70a08231" + "0" * 24 + USDT_41[2:]


def test_decode_latest_round_data() -> None:
    words = eth_abi.encode(["uint80", "int256", "uint256", "uint256", "uint80"], [7, -5, 1, 2, 7]).hex()
    assert decode_result("latestRoundData", "0x" + words) == {
        "roundId": 7,
        "answer": -5,
        "startedAt": 1,
        "updatedAt": 2,
        "answeredInRound": 7,
    }


def test_empty_result_is_an_error() -> None:
    with pytest.raises(AbiDecodeError, match="empty result"):
        decode_result("totalSupply", "0x")


def test_selectors_match_solc(artifacts: dict) -> None:
    token = artifacts["TestToken"]["methods"]
    feed = artifacts["TestReserveFeed"]["methods"]
    assert VIEWS["totalSupply"].selector == token["totalSupply()"]
    assert VIEWS["decimals"].selector == token["decimals()"]
    assert VIEWS["balanceOf"].selector == token["balanceOf(address)"]
    assert VIEWS["latestRoundData"].selector == feed["latestRoundData()"]
    assert VIEWS["description"].selector == feed["description()"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("tokens", 3, "decimals", True), r"tokens\[3\] \(tron-usdt\): field 'decimals': Input should be a valid int"),
        (("tokens", 1, "role", "coin"), r"tokens\[1\] \(tron-usdd-docs\): field 'role': Input should be 'stablecoin'"),
        (("tokens", 0, "notes", "typo"), r"tokens\[0\] \(tron-usdd\): field 'notes': Extra inputs are not permitted"),
        (("chains", 0, "kind", "sol"), r"chains\[0\] \(tron\): field 'kind': Input should be 'evm' or 'tron'"),
        (("holders", 0, "holds", ["nope"]), r"holders\[0\] \(tron-psm-usdt-join\): field 'holds' names 'nope'"),
    ],
    ids=["bool-for-int", "unknown-role", "unknown-field", "unknown-kind", "holds-unknown-token"],
)
def test_registry_errors_name_the_file_the_entry_and_the_field(
    tmp_path: Path, edit: tuple[str, int, str, object], message: str
) -> None:
    section, index, name, value = edit
    doc = yaml.safe_load((Path(__file__).parents[3] / "ingest/sources/onchain_reads/chain.yaml").read_text())
    doc[section][index][name] = value
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(RegistryError, match=re.escape(str(tmp_path / "bad.yaml")) + ": " + message):
        load_registry(tmp_path / "bad.yaml")
