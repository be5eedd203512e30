"""MinHash signatures of story bodies, computed in one pass over their shingles.

A body is reduced with ``comparable`` (case, punctuation and Arabic spelling folded)
and cut into 5-word shingles. Each word is hashed once (CRC-32 of its UTF-8 bytes: stable
across processes and machines, since signatures are stored), and each shingle's 64-bit
hash is a mix of its five word hashes, computed for all shingles at once with numpy.

The 128 signature values come from one-permutation hashing: a shingle's top 7 bits pick
its bin, the next 32 bits are its value, and each bin keeps its smallest value. A bin no
shingle fell into copies the value of a non-empty bin chosen by a fixed pseudo-random
sequence of bins ("optimal densification", Shrivastava 2017), so two bodies with the same
shingles get the same signature whatever their length. As with k independent
permutations, the share of equal values estimates the Jaccard similarity of the two
shingle sets (measured: the same bias and spread as datasketch's 128 permutations at 20 to
1,000 shingles), at a cost that grows with the body's length, not with length x 128.

``SCHEME`` names this way of signing; signatures of another scheme are not comparable.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from aggnews.text import RecentValues, comparable, comparable_body

#: Version of the signature scheme (1 was datasketch's MinHash with SHA-1 per shingle).
SCHEME = 2
SHINGLE_WORDS = 5
NUM_PERM = 128
#: Attempts of the densification sequence before an empty bin takes the first full bin.
_ATTEMPTS = 32
_EMPTY = np.uint32(0xFFFFFFFF)
_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)  # no shingle in the bin (a hash of all ones: rare)


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, element-wise on uint64 (wrapping arithmetic): a new array."""
    z = values ^ (values >> _S30)
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


def _constants(seed: int, count: int) -> np.ndarray:
    """``count`` odd 64-bit constants, fixed by ``seed`` (no random generator's stream)."""
    return _mix(np.arange(count, dtype=np.uint64) + np.uint64(seed << 32)) | np.uint64(1)


#: Weights of a band's values (at most 64 rows), then of its number.
_BAND_WEIGHTS = _constants(3, 65)


def shingles(body: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word ``size``-grams of the normalised body (the whole text when it is shorter).

    The readable definition of what ``shingle_hashes`` hashes.
    """
    words = comparable(body).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


#: Signatures (default scheme) of the last bodies, as extraction workers computed them.
_SIGNATURES = RecentValues(256)


def remember_signature(body: str, signature: np.ndarray) -> None:
    """Take ``signature`` as the default scheme's signature of ``body`` (computed in an
    extraction worker, so the crawl process does not sign it again)."""
    _SIGNATURES.put(body, signature)


#: LSH band keys of the last signatures, as extraction workers computed them.
_BAND_KEYS = RecentValues(256)


def remember_band_keys(signature: np.ndarray, bands: int, rows: int, keys: list[int]) -> None:
    """Take ``keys`` as ``band_keys(signature, bands, rows)`` (computed in a worker)."""
    _BAND_KEYS.put((bands, rows, signature.tobytes()), keys)


class Signer:
    """MinHash signatures (``num_perm`` uint32 values) by one-permutation hashing."""

    def __init__(self, num_perm: int = NUM_PERM, size: int = SHINGLE_WORDS) -> None:
        bits = num_perm.bit_length() - 1
        if num_perm < 2 or num_perm != 1 << bits or bits > 32:
            raise ValueError(f"num_perm must be a power of two up to 2**32, not {num_perm}")
        self.num_perm, self.size = num_perm, size
        self._bin_shift = np.uint64(64 - bits)
        self._value_shift = np.uint64(32 - bits)
        self._bins = np.arange(num_perm, dtype=np.uint64)
        self._starts = self._bins << self._bin_shift
        self._weights = _constants(1, size)
        table = _mix(np.arange(num_perm * _ATTEMPTS, dtype=np.uint64) + np.uint64(2 << 32))
        self._sequence = (table % np.uint64(num_perm)).astype(np.intp).reshape(num_perm, -1)
        self._sequences = self._sequence.tolist()

    def shingle_hashes(self, text: str) -> np.ndarray:
        """One 64-bit hash per ``size``-word shingle of a ``comparable`` text (one for a
        shorter text, none for an empty one)."""
        words = text.encode("utf-8").split(b" ") if text else []
        n, size = len(words), self.size
        if not n:
            return np.empty(0, dtype=np.uint64)
        hashes = np.fromiter(map(zlib.crc32, words), np.uint64, n)
        if n <= size:
            return _mix(np.array([(hashes * self._weights[:n]).sum()], dtype=np.uint64))
        count = n - size + 1
        mixed = hashes[:count] * self._weights[0]
        for offset in range(1, size):
            mixed += hashes[offset : offset + count] * self._weights[offset]
        return _mix(mixed)

    def sign(self, body: str) -> np.ndarray:
        """The body's signature: ``num_perm`` uint32 values (one an extraction worker
        computed with the default scheme is taken as it is)."""
        default = self.num_perm == NUM_PERM and self.size == SHINGLE_WORDS
        signature = _SIGNATURES.get(body) if default else None
        if signature is None:
            signature = self.sign_hashes(self.shingle_hashes(comparable_body(body)))
        return signature

    def sign_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """The signature of a set of 64-bit shingle hashes (repeats do not matter)."""
        if not len(hashes):
            return np.full(self.num_perm, _EMPTY, np.uint32)
        smallest = np.full(self.num_perm, _NONE, dtype=np.uint64)
        np.minimum.at(smallest, (hashes >> self._bin_shift).astype(np.intp), hashes)
        signature = (smallest >> self._value_shift).astype(np.uint32)  # keeps the low 32 bits
        empty = np.flatnonzero(smallest == _NONE)  # each takes the first full bin of its sequence
        if not len(empty):
            return signature
        if 2 * len(empty) <= self.num_perm:
            source: np.ndarray | list[int] = self._first_full(empty.tolist())
        else:
            source = self._first_full_at_once(smallest != _NONE, empty)
        signature[empty] = signature[source]
        return signature

    def _first_full(self, empty: list[int]) -> list[int]:
        """The first full bin of each empty bin's sequence, bin by bin: with at most half
        the bins empty, two attempts or so each: cheaper than the dozen numpy calls of
        ``_first_full_at_once``."""
        vacant = set(empty)
        sources = []
        for bin_ in empty:
            for candidate in self._sequences[bin_]:
                if candidate not in vacant:
                    sources.append(candidate)
                    break
            else:  # no full bin in _ATTEMPTS: the first full bin
                sources.append(next(b for b in range(self.num_perm) if b not in vacant))
        return sources

    def _first_full_at_once(self, full: np.ndarray, empty: np.ndarray) -> np.ndarray:
        """``_first_full`` for every empty bin at once (most bins empty: short bodies)."""
        sequence = self._sequence[empty]
        found = full[sequence]
        rows = np.arange(len(empty))
        attempt = found.argmax(axis=1)
        source = sequence[rows, attempt]
        source[~found[rows, attempt]] = np.flatnonzero(full)[0]
        return source


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[int]:
    """One signed 64-bit key per LSH band of a signature (the band's number is mixed in)."""
    known = _BAND_KEYS.get((bands, rows, signature.tobytes())) if _BAND_KEYS.values else None
    if known is not None:
        return list(known)
    values = signature[: bands * rows].astype(np.uint64).reshape(bands, rows)
    mixed = values @ _BAND_WEIGHTS[:rows]  # as band_key_array, with fewer numpy calls
    mixed += _band_numbers(bands)
    return _mix(mixed).view(np.int64).tolist()


def band_key_array(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``band_keys`` of each row of a 2-D array of signatures, as int64 (n x bands)."""
    values = signatures[:, : bands * rows].astype(np.uint64).reshape(-1, bands, rows)
    mixed = values @ _BAND_WEIGHTS[:rows]  # wraps modulo 2**64, as the element-wise operators
    mixed += _band_numbers(bands)
    return _mix(mixed).view(np.int64)


@lru_cache(maxsize=8)
def _band_numbers(bands: int) -> np.ndarray:
    """What each band's number adds to its key (read-only: shared by every call)."""
    numbers = np.arange(bands, dtype=np.uint64) * _BAND_WEIGHTS[-1]
    numbers.flags.writeable = False
    return numbers
