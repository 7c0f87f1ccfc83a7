"""ABI call data and result decoding (eth-abi) for the handful of views we read.

Selectors are the published 4-byte ids (ERC-20 and Chainlink's AggregatorV3Interface); the tests
check them against solc's own ``methodIdentifiers`` so a typo cannot survive.
"""

from __future__ import annotations

from dataclasses import dataclass

import eth_abi


@dataclass(frozen=True)
class View:
    """A read-only function: its selector, argument types and named outputs."""

    name: str
    selector: str
    inputs: tuple[str, ...]
    outputs: tuple[tuple[str, str], ...]  # (name, abi type)


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("totalSupply", "18160ddd", (), (("value", "uint256"),)),
        View("decimals", "313ce567", (), (("value", "uint8"),)),
        View("balanceOf", "70a08231", ("address",), (("value", "uint256"),)),
        View("description", "7284e416", (), (("value", "string"),)),
        View(
            "latestRoundData",
            "feaf968c",
            (),
            (
                ("roundId", "uint80"),
                ("answer", "int256"),
                ("startedAt", "uint256"),
                ("updatedAt", "uint256"),
                ("answeredInRound", "uint80"),
            ),
        ),
    )
}


class AbiDecodeError(ValueError):
    """A call result that does not decode as the view's outputs."""


def encode_call(view: str, *args: object) -> str:
    """``0x`` + selector + ABI-encoded arguments (addresses as 20-byte ``0x`` hex)."""
    v = VIEWS[view]
    if len(args) != len(v.inputs):
        raise ValueError(f"{view}: expected {len(v.inputs)} arguments, got {len(args)}")
    return "0x" + v.selector + eth_abi.encode(list(v.inputs), list(args)).hex()


def decode_result(view: str, result_hex: str) -> dict[str, int | str]:
    """Decode an ``eth_call`` result into the view's named outputs."""
    v = VIEWS[view]
    data = result_hex[2:] if result_hex.startswith("0x") else result_hex
    if not data:
        raise AbiDecodeError(f"{view}: empty result '0x' (no contract at the address, or the call reverted)")
    try:
        values = eth_abi.decode([t for _, t in v.outputs], bytes.fromhex(data))
    except Exception as exc:  # eth-abi raises several types for short/odd data
        raise AbiDecodeError(
            f"{view}: result {result_hex[:80]!r} does not decode as {[t for _, t in v.outputs]}: {exc}"
        ) from exc
    return {name: value for (name, _), value in zip(v.outputs, values, strict=True)}
