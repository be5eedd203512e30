"""Bloom filters of 64-bit keys, one per closed segment of a key table, kept bit-sliced.

Every segment's filter has the same size and probes, so the filters are kept transposed:
row ``p`` holds bit ``p`` of every segment's filter, one bit per segment. Checking a key
reads its ``PROBES`` rows (one 64-bit word each per 64 segments) whatever the number of
segments, and their AND says which segments may hold the key. Stored, the rows are cut in
byte columns of 8 segments (segment ``s`` in column ``s // 8``, bit ``s % 8``), so that
closing a segment rewrites one column only. The keys (LSH band keys, hashes of story ids
and fingerprints) are uniformly mixed 64-bit values already, so the probes are
multiply-shift hashes of the key. A filter's size (``bits``, a power of two) is its
table's: see ``aggnews.state.lsh``.
"""

from __future__ import annotations

import numpy as np

#: Bits of one segment's filter in the near-duplicate index: about 25.6 bits per band key
#: of a full segment (16,384 stories x 20 bands), so a key passes another segment's filter
#: with probability about 3e-5 (a story's 20 keys meet 0.04 false segments at a million
#: stories, each costing a probe of that segment's rows). 1 MiB of memory per segment: 64
#: bytes a story.
BITS = 1 << 23
PROBES = 8
#: Odd multipliers, one per probe (fixed: stored filters depend on them).
_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
    ],
    dtype=np.uint64,
)
_PROBE_MULTIPLIERS = _MULTIPLIERS[:, np.newaxis]
_INT_MULTIPLIERS = _MULTIPLIERS.tolist()
_MASK = (1 << 64) - 1
#: Lookups of this many keys or fewer (the seen-store's) probe key by key, in Python.
_FEW_KEYS = 4


def _shift(bits: int) -> np.uint64:
    """How far a probe's 64-bit product is shifted: its top log2(bits) bits are the row."""
    if bits < 2 or bits & (bits - 1):
        raise ValueError(f"a filter's bits must be a power of two, not {bits}")
    return np.uint64(65 - bits.bit_length())


def positions(keys: np.ndarray, bits: int = BITS) -> np.ndarray:
    """The filter rows of each key's probes, flat (key after key, PROBES each)."""
    values = keys.astype(np.int64).view(np.uint64)
    return ((values[:, np.newaxis] * _MULTIPLIERS) >> _shift(bits)).astype(np.intp).ravel()


def add_to_column(stored: bytes | None, bit: int, keys: np.ndarray, bits: int = BITS) -> bytes:
    """A stored byte column with the filter of one more segment (``keys``) at ``bit``."""
    column = np.zeros(bits, dtype=np.uint8) if stored is None else np.frombuffer(stored, np.uint8)
    column = column.copy()
    if len(keys):
        column[positions(keys, bits)] |= np.uint8(1 << bit)  # the same bit: repeats are harmless
    return column.tobytes()


class SegmentFilters:
    """The filters of the closed segments: which segments may hold a key."""

    def __init__(self, bits: int = BITS) -> None:
        self.bits = bits
        self._shift = _shift(bits)
        self.segments = 0  # segments 0 .. segments - 1
        self._words = np.zeros((bits, 0), dtype=np.uint64)
        self._view = memoryview(self._words.reshape(-1))

    def __len__(self) -> int:
        return self.segments

    def load(self, columns: list[bytes], segments: int) -> None:
        """Take the stored byte columns of ``segments`` segments."""
        if len(columns) != (segments + 7) // 8 or any(len(c) != self.bits for c in columns):
            raise ValueError(f"{len(columns)} filter columns for {segments} segments")
        words = (len(columns) + 7) // 8
        matrix = np.zeros((self.bits, words * 8), dtype=np.uint8)
        for index, stored in enumerate(columns):
            matrix[:, index] = np.frombuffer(stored, dtype=np.uint8)
        self._words = matrix.view("<u8")  # byte j of a word: column j (little-endian)
        # The same words as Python ints, row after row (a copy only on a big-endian machine).
        self._view = memoryview(self._words.astype(np.uint64, copy=False).reshape(-1))
        self.segments = segments

    def candidates(self, keys: list[int]) -> list[tuple[int, int]]:
        """(segment, key) pairs whose filter passes: every segment holding the key, and
        about 0.003 % of the others."""
        if not self.segments:
            return []
        if len(keys) <= _FEW_KEYS:
            return self._one_by_one(keys)
        values = np.array(keys, dtype=np.int64).view(np.uint64)
        # Probe after probe, all the keys at once: rows (PROBES x keys x words), whose AND
        # over the probes holds a key's passing segments as bits.
        rows = self._words.take((_PROBE_MULTIPLIERS * values) >> self._shift, axis=0)
        passed = np.bitwise_and.reduce(rows, axis=0)
        key_indexes, words = passed.nonzero()
        found: list[tuple[int, int]] = []
        for key_index, word in zip(key_indexes.tolist(), words.tolist(), strict=True):
            _segments(found, keys[key_index], word, int(passed[key_index, word]))
        return found

    def _one_by_one(self, keys: list[int]) -> list[tuple[int, int]]:
        """``candidates`` in Python: a numpy call costs more than a key's probes, which
        mostly stop by the fourth (at 32 bits a key, about 0.2 of 64 segments pass four)."""
        view, words, shift = self._view, self._words.shape[1], int(self._shift)
        found: list[tuple[int, int]] = []
        for key in keys:
            value = key & _MASK
            for word in range(words):
                passed = _MASK
                for multiplier in _INT_MULTIPLIERS:
                    passed &= view[(((value * multiplier) & _MASK) >> shift) * words + word]
                    if not passed:
                        break
                _segments(found, key, word, passed)
        return found


def _segments(found: list[tuple[int, int]], key: int, word: int, passed: int) -> None:
    """Add (segment, key) for each bit set in ``passed``, the 64-bit word ``word`` of a row."""
    while passed:
        low = passed & -passed
        found.append((word * 64 + low.bit_length() - 1, key))
        passed ^= low
