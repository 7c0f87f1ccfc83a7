"""The reviewed chain registry (``chain.yaml`` beside this file): chains, tokens, reserve holders, PoR feeds.

Why a file and not code: addresses are facts with sources and known conflicts (README.md beside
this file); reviewers change them without touching the reader. Validation runs at load time so a bad
address, an unknown chain or a checksum error stops the snapshot before any call is made.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from ingest.sources.onchain_reads.tron import TronAddressError, base58_to_hex41

T = TypeVar("T")
DEFAULT_PATH = Path(__file__).resolve().parent / "chain.yaml"
_EVM = re.compile(r"^0x[0-9a-fA-F]{40}$")
CHAIN_KINDS = ("evm", "tron")
TOKEN_ROLES = ("stablecoin", "legacy_stablecoin", "collateral")
HOLDER_ROLES = ("psm_reserve", "psm_module", "reserve")


class RegistryError(ValueError):
    """The registry file is wrong: which file, which entry, which field, what was expected."""


@dataclass(frozen=True)
class Chain:
    id: str
    kind: str
    rpc_env: str
    confirmations: int

    @property
    def latest_only(self) -> bool:
        return self.kind == "tron"


@dataclass(frozen=True)
class Token:
    id: str
    chain: str
    symbol: str
    role: str
    address: str
    decimals: int
    read: bool
    source: str
    note: str = ""


@dataclass(frozen=True)
class Holder:
    id: str
    chain: str
    label: str
    role: str
    address: str
    backs: str
    holds: tuple[str, ...]
    read: bool
    source: str
    note: str = ""


@dataclass(frozen=True)
class PorFeed:
    id: str
    chain: str
    label: str
    address: str
    backs: str
    unit: str
    decimals: int
    heartbeat_s: int
    read: bool
    source: str


@dataclass(frozen=True)
class Registry:
    path: Path
    chains: dict[str, Chain]
    tokens: dict[str, Token]
    holders: dict[str, Holder]
    feeds: dict[str, PorFeed] = field(default_factory=dict)

    def reads_on(self, chain: str) -> tuple[list[Token], list[Holder], list[PorFeed]]:
        """What the snapshot calls on one chain (entries with ``read: true``)."""
        return (
            [t for t in self.tokens.values() if t.chain == chain and t.read],
            [h for h in self.holders.values() if h.chain == chain and h.read],
            [f for f in self.feeds.values() if f.chain == chain and f.read],
        )


def registry_path(env: dict[str, str] | None = None) -> Path:
    """``LW_CHAIN_REGISTRY`` lets tests point at their own devnet registry."""
    env = dict(os.environ if env is None else env)
    return Path(env.get("LW_CHAIN_REGISTRY", DEFAULT_PATH))


def load_registry(path: Path | None = None) -> Registry:
    path = path or registry_path()
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the chain registry: {exc}") from exc
    chains = {c.id: c for c in (_chain(path, i, e) for i, e in enumerate(doc.get("chains") or []))}
    tokens = {t.id: t for t in (_token(path, i, e, chains) for i, e in enumerate(doc.get("tokens") or []))}
    holders = {h.id: h for h in (_holder(path, i, e, chains, tokens) for i, e in enumerate(doc.get("holders") or []))}
    feeds = {f.id: f for f in (_feed(path, i, e, chains) for i, e in enumerate(doc.get("por_feeds") or []))}
    ids = [*tokens, *holders, *feeds]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RegistryError(f"{path}: ids used twice: {dup}")
    return Registry(path, chains, tokens, holders, feeds)


def _need(path: Path, where: str, entry: dict, name: str, typ: type[T]) -> T:
    if name not in entry:
        raise RegistryError(f"{path}: {where}: missing field {name!r}")
    value = entry[name]
    if not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
        raise RegistryError(f"{path}: {where}: field {name!r} expected {typ.__name__}, got {value!r}")
    return value


def _check_address(path: Path, where: str, kind: str, address: str) -> str:
    if kind == "tron":
        try:
            base58_to_hex41(address)
        except TronAddressError as exc:
            raise RegistryError(f"{path}: {where}: field 'address': {exc}") from exc
        return address
    if not _EVM.match(address):
        raise RegistryError(f"{path}: {where}: field 'address' expected 0x + 40 hex, got {address!r}")
    return address.lower()


def _chain(path: Path, i: int, e: dict) -> Chain:
    where = f"chains[{i}]"
    kind = _need(path, where, e, "kind", str)
    if kind not in CHAIN_KINDS:
        raise RegistryError(f"{path}: {where}: field 'kind' expected one of {CHAIN_KINDS}, got {kind!r}")
    return Chain(
        str(_need(path, where, e, "id", str)),
        str(kind),
        str(_need(path, where, e, "rpc_env", str)),
        int(_need(path, where, e, "confirmations", int)),
    )


def _chain_of(path: Path, where: str, e: dict, chains: dict[str, Chain]) -> Chain:
    cid = _need(path, where, e, "chain", str)
    if cid not in chains:
        raise RegistryError(f"{path}: {where}: field 'chain' expected one of {sorted(chains)}, got {cid!r}")
    return chains[str(cid)]


def _token(path: Path, i: int, e: dict, chains: dict[str, Chain]) -> Token:
    where = f"tokens[{i}] ({e.get('id', '?')})"
    chain = _chain_of(path, where, e, chains)
    role = str(_need(path, where, e, "role", str))
    if role not in TOKEN_ROLES:
        raise RegistryError(f"{path}: {where}: field 'role' expected one of {TOKEN_ROLES}, got {role!r}")
    decimals = int(_need(path, where, e, "decimals", int))
    if not 0 <= decimals <= 36:
        raise RegistryError(f"{path}: {where}: field 'decimals' expected 0..36, got {decimals}")
    return Token(
        id=str(_need(path, where, e, "id", str)),
        chain=chain.id,
        symbol=str(_need(path, where, e, "symbol", str)),
        role=role,
        address=_check_address(path, where, chain.kind, str(_need(path, where, e, "address", str))),
        decimals=decimals,
        read=bool(_need(path, where, e, "read", bool)),
        source=str(_need(path, where, e, "source", str)),
        note=str(e.get("note", "")),
    )


def _holder(path: Path, i: int, e: dict, chains: dict[str, Chain], tokens: dict[str, Token]) -> Holder:
    where = f"holders[{i}] ({e.get('id', '?')})"
    chain = _chain_of(path, where, e, chains)
    role = str(_need(path, where, e, "role", str))
    if role not in HOLDER_ROLES:
        raise RegistryError(f"{path}: {where}: field 'role' expected one of {HOLDER_ROLES}, got {role!r}")
    holds = _need(path, where, e, "holds", list)
    for t in holds:
        if t not in tokens or tokens[t].chain != chain.id:
            raise RegistryError(f"{path}: {where}: field 'holds' names {t!r}, expected a token id on chain {chain.id}")
    return Holder(
        id=str(_need(path, where, e, "id", str)),
        chain=chain.id,
        label=str(_need(path, where, e, "label", str)),
        role=role,
        address=_check_address(path, where, chain.kind, str(_need(path, where, e, "address", str))),
        backs=str(_need(path, where, e, "backs", str)),
        holds=tuple(holds),
        read=bool(_need(path, where, e, "read", bool)),
        source=str(_need(path, where, e, "source", str)),
        note=str(e.get("note", "")),
    )


def _feed(path: Path, i: int, e: dict, chains: dict[str, Chain]) -> PorFeed:
    where = f"por_feeds[{i}] ({e.get('id', '?')})"
    chain = _chain_of(path, where, e, chains)
    return PorFeed(
        id=str(_need(path, where, e, "id", str)),
        chain=chain.id,
        label=str(_need(path, where, e, "label", str)),
        address=_check_address(path, where, chain.kind, str(_need(path, where, e, "address", str))),
        backs=str(_need(path, where, e, "backs", str)),
        unit=str(_need(path, where, e, "unit", str)),
        decimals=int(_need(path, where, e, "decimals", int)),
        heartbeat_s=int(_need(path, where, e, "heartbeat_s", int)),
        read=bool(_need(path, where, e, "read", bool)),
        source=str(_need(path, where, e, "source", str)),
    )
