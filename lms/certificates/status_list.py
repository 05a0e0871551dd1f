"""The institute's revocation lists (W3C Bitstring Status List v1.0): one bit per certificate, set
when it is revoked, published as a signed credential every certificate points to.

Positions are drawn at random and lists are long (the specification's 131,072 entries), so the
position says nothing about when a certificate was issued or to whom, and fetching the list
tells the institute nothing about which certificate is being checked.
"""

import base64
import gzip
import secrets

LIST_SIZE = 131_072  # bits: 16 KB before compression, the specification's minimum for herd privacy


def capacity(taken: int) -> int:
    """Positions to draw from: another list is opened once the lists in use are half full, so a
    random draw rarely hits a taken position and no list ever fills."""
    return LIST_SIZE * (taken // (LIST_SIZE // 2) + 1)


def free_positions(count: int, taken_count: int, held) -> list:
    """`count` distinct random positions no certificate holds, in a random order; `held(candidates)`
    returns those of a set of candidates that are taken (one query for a whole batch)."""
    size = capacity(taken_count + count)
    chosen = set()
    while len(chosen) < count:
        candidates = {secrets.randbelow(size) for _ in range(count - len(chosen))} - chosen
        chosen |= candidates - set(held(candidates))
    # Shuffled: a set of small ints iterates nearly sorted, which would follow the serials.
    positions = list(chosen)
    secrets.SystemRandom().shuffle(positions)
    return positions


def free_position(taken_count: int, is_taken) -> int:
    """One random position no certificate holds (`is_taken(position)` says whether one does)."""
    [position] = free_positions(1, taken_count, lambda candidates: {p for p in candidates if is_taken(p)})
    return position


def list_number(position: int) -> int:
    return position // LIST_SIZE + 1


def index_in_list(position: int) -> int:
    return position % LIST_SIZE


def encoded_list(set_indexes) -> str:
    """The encodedList: a multibase base64url (no padding) of the GZIP of the bits, index 0 the
    left-most bit."""
    bits = bytearray(LIST_SIZE // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def is_set(encoded: str, index: int) -> bool:
    """Read one bit back from an encodedList (what a verifier does)."""
    data = encoded.removeprefix("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
