"""The reviewed chain registry (``chain.yaml`` beside this file): chains, tokens, reserve holders, PoR feeds.

Why a file and not code: addresses are facts with sources and known conflicts (README.md beside
this file); reviewers change them without touching the reader. Validation runs at load time so a bad
address, an unknown chain or a checksum error stops the snapshot before any call is made: each
entry's fields and types are its pydantic model's (``ingest/config.py``), what spans entries (the
chain an entry names, its address for that chain's kind, the tokens a holder holds, ids used once)
is checked here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

import yaml
from pydantic import Field, ValidationError

from ingest.config import Problem, Reviewed, field_path, first_problem, read_yaml
from ingest.sources.onchain_reads.tron import TronAddressError, base58_to_hex41

DEFAULT_PATH = Path(__file__).resolve().parent / "chain.yaml"
_EVM = re.compile(r"^0x[0-9a-fA-F]{40}$")
ChainKind = Literal["evm", "tron"]
TokenRole = Literal["stablecoin", "legacy_stablecoin", "collateral"]
HolderRole = Literal["psm_reserve", "psm_module", "reserve"]
CHAIN_KINDS, TOKEN_ROLES, HOLDER_ROLES = get_args(ChainKind), get_args(TokenRole), get_args(HolderRole)


class RegistryError(ValueError):
    """The registry file is wrong: which file, which entry, which field, what was expected."""


class Chain(Reviewed):
    id: str
    kind: ChainKind
    rpc_env: str
    confirmations: int

    @property
    def latest_only(self) -> bool:
        return self.kind == "tron"


class Token(Reviewed):
    id: str
    chain: str
    symbol: str
    role: TokenRole
    address: str
    decimals: Annotated[int, Field(ge=0, le=36)]
    read: bool
    source: str
    note: str = ""


class Holder(Reviewed):
    id: str
    chain: str
    label: str
    role: HolderRole
    address: str
    backs: str
    holds: Annotated[tuple[str, ...], Field(strict=False)]  # a YAML list
    read: bool
    source: str
    note: str = ""


class PorFeed(Reviewed):
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


class _RegistryFile(Reviewed):
    """The file's shape; a section may be absent or empty."""

    chains: list[Chain] | None = None
    tokens: list[Token] | None = None
    holders: list[Holder] | None = None
    por_feeds: list[PorFeed] | None = None


E = TypeVar("E", Token, Holder, PorFeed)


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
    """Read and check the registry: types by its model, then what spans entries (chains named, addresses, ids)."""
    path = path or registry_path()
    try:
        doc = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the chain registry: {exc}") from exc
    try:
        file = _RegistryFile.model_validate(doc)
    except ValidationError as exc:
        raise RegistryError(_describe(path, doc, first_problem(exc))) from None
    chains = {c.id: c for c in file.chains or []}
    tokens = {t.id: t for t in (_placed(path, f"tokens[{i}]", t, chains) for i, t in enumerate(file.tokens or []))}
    holders = {h.id: h for h in (_holder(path, i, h, chains, tokens) for i, h in enumerate(file.holders or []))}
    feeds = {f.id: f for f in (_placed(path, f"por_feeds[{i}]", f, chains) for i, f in enumerate(file.por_feeds or []))}
    ids = [*tokens, *holders, *feeds]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RegistryError(f"{path}: ids used twice: {dup}")
    return Registry(path, chains, tokens, holders, feeds)


def _describe(path: Path, doc: Any, problem: Problem) -> str:
    """``<file>: tokens[3] (usdt-eth): field 'decimals': <what is wrong>, got <value>``."""
    loc = problem.loc
    if len(loc) < 3 or not isinstance(loc[1], int):
        return f"{path}: field {problem.field!r}: {problem.detail}"
    section = doc.get(loc[0]) if isinstance(doc, dict) else None
    entry = section[loc[1]] if isinstance(section, list) and loc[1] < len(section) else None
    name = entry.get("id", "?") if isinstance(entry, dict) else "?"
    return f"{path}: {loc[0]}[{loc[1]}] ({name}): field {field_path(loc[2:])!r}: {problem.detail}"


def _chain_of(path: Path, where: str, entry: Token | Holder | PorFeed, chains: dict[str, Chain]) -> Chain:
    if entry.chain not in chains:
        raise RegistryError(f"{path}: {where}: field 'chain' expected one of {sorted(chains)}, got {entry.chain!r}")
    return chains[entry.chain]


def _placed(path: Path, where: str, entry: E, chains: dict[str, Chain]) -> E:
    """``entry`` on a chain the registry names, its address checked (and lower-cased on EVM chains)."""
    where = f"{where} ({entry.id})"
    kind = _chain_of(path, where, entry, chains).kind
    return entry.model_copy(update={"address": _check_address(path, where, kind, entry.address)})


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


def _holder(path: Path, i: int, entry: Holder, chains: dict[str, Chain], tokens: dict[str, Token]) -> Holder:
    where = f"holders[{i}]"
    chain = _chain_of(path, f"{where} ({entry.id})", entry, chains)
    for t in entry.holds:
        if t not in tokens or tokens[t].chain != chain.id:
            raise RegistryError(
                f"{path}: {where} ({entry.id}): field 'holds' names {t!r}, expected a token id on chain {chain.id}"
            )
    return _placed(path, where, entry, chains)
