"""TRON addresses: base58check ``T…`` strings ↔ 21-byte hex with the 0x41 prefix.

TRON's JSON-RPC speaks Ethereum's 20-byte hex, explorers and issuers publish base58check; a
wrong character in a published address must fail loudly (bad checksum), never read another
contract.
"""

from __future__ import annotations

import re

import base58

TRON_PREFIX = 0x41
_HEX = re.compile(r"^(0x)?([0-9a-fA-F]+)$")


class TronAddressError(ValueError):
    """A TRON address that is not what it claims to be (checksum, length, prefix)."""


def base58_to_hex41(address: str) -> str:
    """``T…`` → ``41…`` (42 hex chars, lower case); raises on a bad checksum or prefix."""
    try:
        raw = base58.b58decode_check(address.strip())
    except ValueError as exc:
        raise TronAddressError(f"TRON address {address!r}: {exc} (expected base58check 'T…')") from exc
    if len(raw) != 21 or raw[0] != TRON_PREFIX:
        raise TronAddressError(
            f"TRON address {address!r}: decodes to {len(raw)} bytes starting {raw[:1].hex()}; "
            "expected 21 bytes starting 41"
        )
    return raw.hex()


def hex_to_base58(address: str) -> str:
    """``41…`` / ``0x41…`` (21 bytes) or a 20-byte EVM-style hex → ``T…``."""
    m = _HEX.match(address.strip())
    if not m:
        raise TronAddressError(f"TRON hex address {address!r}: not hex")
    raw = bytes.fromhex(m.group(2))
    if len(raw) == 20:
        raw = bytes([TRON_PREFIX]) + raw
    if len(raw) != 21 or raw[0] != TRON_PREFIX:
        raise TronAddressError(
            f"TRON hex address {address!r}: expected 20 bytes or 21 bytes starting 41, got {len(raw)} bytes"
        )
    return base58.b58encode_check(raw).decode()


def to_evm_hex(address: str) -> str:
    """The 20-byte ``0x…`` form TRON's ``/jsonrpc`` expects in ``to`` (its docs: drop the 41)."""
    return "0x" + base58_to_hex41(address)[2:]
