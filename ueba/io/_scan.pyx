# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=False, cdivision=False
"""Compiled scan of decompressed CloudTrail bytes straight into Arrow string buffers.

The scanner accepts only what it can reproduce exactly as the pure-Python path would: clean
records with known keys, text where text is expected, ISO 8601 ``...Z`` times, valid UTF-8
and JSON, no member that belongs in ``extra``. Anything else makes :meth:`Builder.scan`
return -1 after undoing the file's rows, and the caller reads that file the pure way, which
quarantines and explains. Input is attacker-controlled, so every read of it goes through a
bounds-checked memoryview and every write through a capacity check.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_FromStringAndSize, PyByteArray_Resize
from cpython.bytes cimport PyBytes_FromStringAndSize
from libc.stdint cimport int64_t, uint8_t
from libc.string cimport memcmp, memcpy

ctypedef unsigned long long uint64_t_seen

# Text columns, in the order of ueba.io._table._TEXT_FIELDS, then the two time texts, the
# creation date text and the five free-form members.
DEF N_TEXT = 37
DEF S_EVENT_TIME = 37
DEF S_TIMESTAMP = 38
DEF S_CREATION = 39
DEF S_RAW0 = 40
DEF S_EXTRA0 = 45  # @version, apiVersion, addendum, edgeDeviceDetails, insightDetails
DEF N_EXTRA = 5
DEF N_SLOTS = 50
DEF N_BOOLS = 4
DEF N_FLAGS = 5  # the four bools (0, 1, 2 = null) and whether a creation date is set
DEF MAX_DEPTH = 256

# Slots of the checks made after a record is read.
DEF S_EVENT_SOURCE = 1
DEF S_EVENT_NAME = 2
DEF S_EVENT_TYPE = 8
DEF S_EVENT_ID = 11
DEF S_RECIPIENT = 10  # recipientAccountId, then userIdentity.accountId: the partition's account
DEF S_IDENTITY_ACCOUNT = 22

# Key actions
DEF A_TEXT = 0
DEF A_BOOL = 1
DEF A_RAW = 2
DEF A_NULL_ONLY = 3
DEF A_OBJECT = 4
DEF A_EMPTY_OR_NULL = 5

# Object kinds
DEF O_RECORD = 0
DEF O_TLS = 1
DEF O_IDENTITY = 2
DEF O_CONTEXT = 3
DEF O_ATTRIBUTES = 4
DEF O_ISSUER = 5
DEF O_WEB = 6
DEF O_OBO = 7
DEF N_OBJECTS = 8

# (object kind, JSON key, action, slot or child kind). Members that ``known_extra`` would keep
# are A_NULL_ONLY: when present, the record is left to the pure path, which builds ``extra``.
_FIELDS = (
    (O_RECORD, b"eventVersion", A_TEXT, 0),
    (O_RECORD, b"eventSource", A_TEXT, 1),
    (O_RECORD, b"eventName", A_TEXT, 2),
    (O_RECORD, b"awsRegion", A_TEXT, 3),
    (O_RECORD, b"sourceIPAddress", A_TEXT, 4),
    (O_RECORD, b"userAgent", A_TEXT, 5),
    (O_RECORD, b"errorCode", A_TEXT, 6),
    (O_RECORD, b"errorMessage", A_TEXT, 7),
    (O_RECORD, b"eventType", A_TEXT, 8),
    (O_RECORD, b"eventCategory", A_TEXT, 9),
    (O_RECORD, b"recipientAccountId", A_TEXT, 10),
    (O_RECORD, b"eventID", A_TEXT, 11),
    (O_RECORD, b"requestID", A_TEXT, 12),
    (O_RECORD, b"sharedEventID", A_TEXT, 13),
    (O_RECORD, b"vpcEndpointId", A_TEXT, 14),
    (O_RECORD, b"vpcEndpointAccountId", A_TEXT, 15),
    (O_RECORD, b"eventTime", A_TEXT, S_EVENT_TIME),
    (O_RECORD, b"@timestamp", A_TEXT, S_TIMESTAMP),
    (O_RECORD, b"readOnly", A_BOOL, 0),
    (O_RECORD, b"managementEvent", A_BOOL, 1),
    (O_RECORD, b"sessionCredentialFromConsole", A_BOOL, 2),
    (O_RECORD, b"requestParameters", A_RAW, S_RAW0),
    (O_RECORD, b"responseElements", A_RAW, S_RAW0 + 1),
    (O_RECORD, b"resources", A_RAW, S_RAW0 + 2),
    (O_RECORD, b"additionalEventData", A_RAW, S_RAW0 + 3),
    (O_RECORD, b"serviceEventDetails", A_RAW, S_RAW0 + 4),
    (O_RECORD, b"@version", A_RAW, S_EXTRA0),
    (O_RECORD, b"apiVersion", A_RAW, S_EXTRA0 + 1),
    (O_RECORD, b"addendum", A_RAW, S_EXTRA0 + 2),
    (O_RECORD, b"edgeDeviceDetails", A_RAW, S_EXTRA0 + 3),
    (O_RECORD, b"insightDetails", A_RAW, S_EXTRA0 + 4),
    (O_RECORD, b"tlsDetails", A_OBJECT, O_TLS),
    (O_RECORD, b"userIdentity", A_OBJECT, O_IDENTITY),
    (O_TLS, b"tlsVersion", A_TEXT, 16),
    (O_TLS, b"cipherSuite", A_TEXT, 17),
    (O_TLS, b"clientProvidedHostHeader", A_TEXT, 18),
    (O_IDENTITY, b"type", A_TEXT, 19),
    (O_IDENTITY, b"arn", A_TEXT, 20),
    (O_IDENTITY, b"principalId", A_TEXT, 21),
    (O_IDENTITY, b"accountId", A_TEXT, 22),
    (O_IDENTITY, b"accessKeyId", A_TEXT, 23),
    (O_IDENTITY, b"userName", A_TEXT, 24),
    (O_IDENTITY, b"invokedBy", A_TEXT, 25),
    (O_IDENTITY, b"identityProvider", A_TEXT, 26),
    (O_IDENTITY, b"credentialId", A_TEXT, 27),
    (O_IDENTITY, b"inScopeOf", A_NULL_ONLY, 0),
    (O_IDENTITY, b"sessionContext", A_OBJECT, O_CONTEXT),
    (O_IDENTITY, b"onBehalfOf", A_OBJECT, O_OBO),
    (O_OBO, b"userId", A_TEXT, 28),
    (O_OBO, b"identityStoreArn", A_NULL_ONLY, 0),
    (O_ISSUER, b"type", A_TEXT, 29),
    (O_ISSUER, b"arn", A_TEXT, 30),
    (O_ISSUER, b"principalId", A_TEXT, 31),
    (O_ISSUER, b"userName", A_TEXT, 32),
    (O_ISSUER, b"accountId", A_TEXT, 33),
    (O_CONTEXT, b"sourceIdentity", A_TEXT, 34),
    (O_CONTEXT, b"ec2RoleDelivery", A_TEXT, 35),
    (O_CONTEXT, b"assumedRoot", A_NULL_ONLY, 0),
    (O_CONTEXT, b"attributes", A_OBJECT, O_ATTRIBUTES),
    (O_CONTEXT, b"sessionIssuer", A_OBJECT, O_ISSUER),
    (O_CONTEXT, b"webIdFederationData", A_OBJECT, O_WEB),
    (O_WEB, b"federatedProvider", A_TEXT, 36),
    (O_WEB, b"attributes", A_EMPTY_OR_NULL, 0),
    (O_ATTRIBUTES, b"creationDate", A_TEXT, S_CREATION),
    (O_ATTRIBUTES, b"mfaAuthenticated", A_BOOL, 3),
)

DEF N_COLUMNS = N_TEXT + 6  # text columns, the free-form members, extra (then source_file)
DEF C_EXTRA = N_TEXT + 5

cdef bytes _INSIGHT = b"AwsCloudTrailInsight"
# How ``known_extra`` + msgspec spell the top-level members kept in ``extra``, in its order.
cdef tuple _EXTRA_KEYS = (b'"@version":', b'"apiVersion":', b'"addendum":', b'"edgeDeviceDetails":', b'"insightDetails":')
cdef int _DAYS[13]
_DAYS[:] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

cdef inline bint _space(uint8_t c) noexcept:
    return c == 0x20 or c == 0x0A or c == 0x0D or c == 0x09

# Microseconds in a day, as a C integer: the literal alone is past a C long's guaranteed
# range, so Cython kept it a Python int and divided through Python objects for every row.
cdef int64_t _DAY_US = 86400000000

# Bytes a string scan must look at: the quote, the backslash, controls and non-ASCII.
cdef uint8_t _SPECIAL[256]
for _b in range(256):
    _SPECIAL[_b] = _b == 0x22 or _b == 0x5C or _b < 0x20 or _b >= 0x80

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif
    /* Skip 16 bytes at a time (SSE2, every x86-64), then 8, while none is special for a JSON
       string: a quote, a backslash, a control (< 0x20) or non-ASCII (>= 0x80). SSE2 compares
       bytes as signed, so one "less than 0x20" flags both the controls and non-ASCII (negative)
       bytes; the run stops at the lowest flagged byte. In the 8-byte words each test flags its
       lowest matching byte exactly (a borrow only moves upwards, from a byte that is itself
       flagged). The run stops at the first special byte, or before the last partial word,
       which the caller finishes a byte at a time. Reads stay inside [p, stop). */
    static inline const unsigned char* ueba_skip_plain(const unsigned char* p, const unsigned char* stop) {
    #if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8(0x22), slash = _mm_set1_epi8(0x5C), space = _mm_set1_epi8(0x20);
        while (stop - p >= 16) {
            __m128i w = _mm_loadu_si128((const __m128i*)p);
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)),
                                     _mm_cmplt_epi8(w, space));
            unsigned int bits = (unsigned int)_mm_movemask_epi8(m);
            if (bits)
                return p + __builtin_ctz(bits);
            p += 16;
        }
    #endif
    #if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        while (stop - p >= 8) {
            uint64_t w, q, b, m;
            memcpy(&w, p, 8);
            q = w ^ 0x2222222222222222ULL;
            b = w ^ 0x5C5C5C5C5C5C5C5CULL;
            m = (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - 0x2020202020202020ULL) & ~w) | w) & highs;
            if (m)
                return p + (__builtin_ctzll(m) >> 3);
            p += 8;
        }
    #endif
        return p;
    }
    """
    const uint8_t* _skip_plain "ueba_skip_plain" (const uint8_t* p, const uint8_t* stop) noexcept
    int _lowest_bit "__builtin_ctz" (unsigned int mask) noexcept


cdef inline uint8_t _lower(uint8_t c) noexcept:
    return c + 32 if 0x41 <= c <= 0x5A else c

cdef inline int _hex(uint8_t c) noexcept:
    if 0x30 <= c <= 0x39:
        return c - 0x30
    c |= 0x20
    if 0x61 <= c <= 0x66:
        return c - 0x61 + 10
    return -1

cdef int64_t _days_from_civil(int64_t y, int64_t m, int64_t d) noexcept:
    # Howard Hinnant's algorithm: days since 1970-01-01 of a proleptic Gregorian date.
    cdef int64_t era, yoe, doy, doe
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# Rough frequency of letters in English (per mille; anything else 1): the needle probe is the
# three letters of a needle least likely to come up in ordinary text.
_FREQUENCY = dict(zip(b"etaoinshrdlcumwfgypbvkjxqz", (127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40, 28, 28, 24, 24, 22, 20, 20, 19, 15, 10, 8, 2, 2, 1, 1)))


def _probe(needle, pair=False):
    """Offset of the rarest three letters of ``needle`` (three bytes or more); with ``pair``,
    of the rarest two overlapping three-letter windows (offsets o and o + 1: four bytes or
    more), which a search looking at every second offset cannot step over."""
    def weight(offset):
        return _FREQUENCY.get(needle[offset], 1) * _FREQUENCY.get(needle[offset + 1], 1) * _FREQUENCY.get(needle[offset + 2], 1)
    if pair:
        return min(range(len(needle) - 3), key=lambda offset: weight(offset) + weight(offset + 1))
    return min(range(len(needle) - 2), key=weight)


cdef void _mark(unsigned int* table, bytes needle, Py_ssize_t at, int bit) noexcept:
    # Byte ``needle[at]``, in either case when it is a letter.
    cdef uint8_t c = needle[at]
    table[c] |= (<unsigned int>1) << bit
    if 0x61 <= c <= 0x7A:
        table[c - 32] |= (<unsigned int>1) << bit


include "_secrets.pxi"


cdef class Builder:
    """Columns of EVENTS grown across many files, handed to Arrow by :meth:`take`."""

    cdef const uint8_t[::1] buf
    cdef Py_ssize_t end
    cdef list datas, offsets, valids
    cdef int64_t sizes[N_COLUMNS + 1]
    cdef int64_t caps[N_COLUMNS + 1]
    cdef int64_t nulls[N_COLUMNS + 1]
    cdef bytearray bools
    cdef bytearray times
    cdef public int64_t rows
    cdef int64_t row_cap
    # sizes of the last batch handed over: the next one starts there instead of doubling up
    cdef int64_t hint[N_COLUMNS + 1]
    cdef int64_t row_hint
    # the record being read
    cdef Py_ssize_t s_start[N_SLOTS]
    cdef Py_ssize_t s_end[N_SLOTS]
    cdef uint8_t s_kind[N_SLOTS]
    cdef uint8_t b_val[N_BOOLS]
    cdef object redact
    cdef Secrets secrets
    cdef list needles
    cdef bytes source
    # key table
    cdef list keys
    cdef const char* f_name[80]
    cdef const char* n_ptr[16]
    cdef Py_ssize_t n_len[16]
    cdef int n_needles
    # needles whose three-letter probe (at n_off in the needle: bit j; with a step of 2, also
    # the window one byte on: bit 16 + j) has this byte first, second, third, either case: a
    # needle is compared only where all three masks agree
    cdef unsigned int g0[256]
    cdef unsigned int g1[256]
    cdef unsigned int g2[256]
    cdef Py_ssize_t n_off[16]
    cdef Py_ssize_t n_step  # 2 when every needle has four bytes or more, else 1
    cdef int f_obj[80]
    cdef int f_action[80]
    cdef int f_slot[80]
    # the field that came after field f (or first in object kind k, at 80 + k) last time:
    # CloudTrail writes its keys in one order, so this guess nearly always holds
    cdef int follow[80 + N_OBJECTS]
    cdef Py_ssize_t f_len[80]
    cdef int n_fields
    cdef int o_first[N_OBJECTS]
    cdef int o_stop[N_OBJECTS]
    cdef char* dptr[N_COLUMNS + 1]
    cdef int64_t* optr[N_COLUMNS + 1]
    cdef uint8_t* vptr[N_COLUMNS + 1]

    def __init__(self, redact, needles, Secrets secrets=None):
        """A free-form member holding one of the lower-case ``needles`` is redacted: by
        ``secrets`` (the same rules in C) when given and able to, else by ``redact(span) ->
        bytes``, whose result is stored."""
        cdef int f
        self.redact = redact
        self.secrets = secrets
        self.needles = [bytes(n).lower() for n in needles if len(n)][:16]
        if any(len(n) < 3 for n in self.needles):
            raise ValueError("needles are three bytes or more")
        self.n_needles = len(self.needles)
        # Every second offset is enough when each needle has two overlapping probe windows:
        # an occurrence covers offsets o and o + 1 of the text, one of them even.
        self.n_step = 2 if all(len(n) >= 4 for n in self.needles) else 1
        for f in range(256):
            self.g0[f] = 0
            self.g1[f] = 0
            self.g2[f] = 0
        for f, needle in enumerate(self.needles):
            self.n_ptr[f] = <const char*><bytes>needle
            self.n_len[f] = len(needle)
            self.n_off[f] = _probe(needle, self.n_step == 2)
            _mark(self.g0, needle, self.n_off[f], f)
            _mark(self.g1, needle, self.n_off[f] + 1, f)
            _mark(self.g2, needle, self.n_off[f] + 2, f)
            if self.n_step == 2:
                _mark(self.g0, needle, self.n_off[f] + 1, 16 + f)
                _mark(self.g1, needle, self.n_off[f] + 2, 16 + f)
                _mark(self.g2, needle, self.n_off[f] + 3, 16 + f)
        for f in range(N_COLUMNS + 1):
            self.hint[f] = 4096
        self.row_hint = 1024
        self.keys = []
        self.n_fields = 0
        for f in range(N_OBJECTS):
            self.o_first[f] = 0
            self.o_stop[f] = 0
        for f in range(80 + N_OBJECTS):
            self.follow[f] = -1
        for obj, key, action, slot in sorted(_FIELDS, key=lambda field: field[0]):
            if self.o_stop[obj] == 0:
                self.o_first[obj] = self.n_fields
            self.o_stop[obj] = self.n_fields + 1
            self.keys.append(key)
            self.f_name[self.n_fields] = <const char*><bytes>self.keys[self.n_fields]
            self.f_obj[self.n_fields] = obj
            self.f_action[self.n_fields] = action
            self.f_slot[self.n_fields] = slot
            self.f_len[self.n_fields] = len(key)
            self.n_fields += 1
        self._reset()

    def _reset(self):
        # The builder's own buffers, made once and reused by every batch (``_rewind``), left
        # uninitialised: every byte up to a column's size, and every row's offset, validity
        # and flags, is written before it is copied out.
        cdef int c
        self.rows = 0
        self.row_cap = self.row_hint
        self.datas = []
        self.offsets = []
        self.valids = []
        for c in range(N_COLUMNS + 1):  # the last column is source_file
            self.datas.append(PyByteArray_FromStringAndSize(NULL, self.hint[c]))
            self.offsets.append(PyByteArray_FromStringAndSize(NULL, 8 * (self.row_cap + 1)))
            self.valids.append(PyByteArray_FromStringAndSize(NULL, self.row_cap))
            self.sizes[c] = 0
            self.caps[c] = self.hint[c]
            self.nulls[c] = 0
            (<int64_t*>PyByteArray_AS_STRING(self.offsets[c]))[0] = 0
            self._pointers(c)
        self.bools = PyByteArray_FromStringAndSize(NULL, N_FLAGS * self.row_cap)
        self.times = PyByteArray_FromStringAndSize(NULL, 16 * self.row_cap)

    # -- output ----------------------------------------------------------------------------
    cdef int _pointers(self, int c) except -1:
        # Raw pointers into column ``c``'s bytearrays, refreshed whenever one is resized.
        self.dptr[c] = PyByteArray_AS_STRING(self.datas[c])
        self.optr[c] = <int64_t*>PyByteArray_AS_STRING(self.offsets[c])
        self.vptr[c] = <uint8_t*>PyByteArray_AS_STRING(self.valids[c])
        return 0

    cdef int _grow_rows(self) except -1:
        cdef int c
        cdef int64_t cap = self.row_cap * 2
        for c in range(N_COLUMNS + 1):
            PyByteArray_Resize(self.offsets[c], 8 * (cap + 1))
            PyByteArray_Resize(self.valids[c], cap)
            self._pointers(c)
        PyByteArray_Resize(self.bools, N_FLAGS * cap)
        PyByteArray_Resize(self.times, 16 * cap)
        self.row_cap = cap
        return 0

    cdef char* _reserve(self, int c, Py_ssize_t extra) except NULL:
        cdef int64_t need = self.sizes[c] + extra
        cdef int64_t cap = self.caps[c]
        if need > cap:
            while cap < need:
                cap *= 2
            PyByteArray_Resize(self.datas[c], cap)
            self.caps[c] = cap
            self._pointers(c)
        return self.dptr[c] + self.sizes[c]

    cdef inline int _close(self, int c, bint valid) except -1:
        # Ends row ``self.rows`` of column ``c`` (the caller grew rows first).
        if self.rows >= self.row_cap:
            raise AssertionError("row capacity")
        self.optr[c][self.rows + 1] = self.sizes[c]
        self.vptr[c][self.rows] = valid
        if not valid:
            self.nulls[c] += 1
        return 0

    cdef int _append(self, int c, const uint8_t* data, Py_ssize_t size) except -1:
        cdef char* out = self._reserve(c, size)
        memcpy(out, data, size)
        self.sizes[c] += size
        return 0

    cdef int _append_unescaped(self, int c, Py_ssize_t start, Py_ssize_t stop) except -1:
        # The string was validated by _string: escapes are well formed, surrogates paired.
        cdef char* out = self._reserve(c, stop - start)  # unescaping never lengthens
        cdef uint8_t* o = <uint8_t*>out
        cdef Py_ssize_t i = start, n = 0
        cdef uint8_t ch
        cdef unsigned int cp, lo
        while i < stop:
            ch = self.buf[i]
            if ch != 0x5C:
                o[n] = ch
                n += 1
                i += 1
                continue
            ch = self.buf[i + 1]
            i += 2
            if ch == 0x75:  # u
                cp = (_hex(self.buf[i]) << 12) | (_hex(self.buf[i + 1]) << 8) | (_hex(self.buf[i + 2]) << 4) | _hex(self.buf[i + 3])
                i += 4
                if 0xD800 <= cp <= 0xDBFF:
                    lo = (_hex(self.buf[i + 2]) << 12) | (_hex(self.buf[i + 3]) << 8) | (_hex(self.buf[i + 4]) << 4) | _hex(self.buf[i + 5])
                    i += 6
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                if cp < 0x80:
                    o[n] = cp
                    n += 1
                elif cp < 0x800:
                    o[n] = 0xC0 | (cp >> 6)
                    o[n + 1] = 0x80 | (cp & 0x3F)
                    n += 2
                elif cp < 0x10000:
                    o[n] = 0xE0 | (cp >> 12)
                    o[n + 1] = 0x80 | ((cp >> 6) & 0x3F)
                    o[n + 2] = 0x80 | (cp & 0x3F)
                    n += 3
                else:
                    o[n] = 0xF0 | (cp >> 18)
                    o[n + 1] = 0x80 | ((cp >> 12) & 0x3F)
                    o[n + 2] = 0x80 | ((cp >> 6) & 0x3F)
                    o[n + 3] = 0x80 | (cp & 0x3F)
                    n += 4
            else:
                if ch == 0x62:
                    ch = 0x08
                elif ch == 0x66:
                    ch = 0x0C
                elif ch == 0x6E:
                    ch = 0x0A
                elif ch == 0x72:
                    ch = 0x0D
                elif ch == 0x74:
                    ch = 0x09
                o[n] = ch  # \" \\ \/ stand for themselves
                n += 1
        if n > stop - start:
            raise AssertionError("unescaped text grew")
        self.sizes[c] += n
        return 0

    # -- input -----------------------------------------------------------------------------
    cdef inline Py_ssize_t _ws(self, Py_ssize_t pos) except -2:
        while pos < self.end and _space(self.buf[pos]):
            pos += 1
        return pos

    cdef inline Py_ssize_t _plain_run(self, Py_ssize_t pos, Py_ssize_t end) except -2:
        # The hottest loop: a pointer bounded by ``end`` (never past the view: checked here)
        # instead of an indexed, re-checked view access per byte.
        cdef const uint8_t* base
        cdef const uint8_t* p
        cdef const uint8_t* stop
        if pos >= end:
            return pos
        if end > self.buf.shape[0]:
            raise IndexError("scan past the end of the input")
        base = &self.buf[0]
        p = _skip_plain(base + pos, base + end)
        while p < base + end and not _SPECIAL[p[0]]:
            p += 1
        return p - base

    cdef Py_ssize_t _string(self, Py_ssize_t pos, bint* escaped) except -2:
        """Position after the string opening at ``pos``; -1 unless valid JSON and UTF-8."""
        cdef Py_ssize_t end = self.end
        cdef uint8_t c, c1, c2, c3
        cdef int h, k
        cdef unsigned int cp
        escaped[0] = False
        pos += 1
        while True:
            pos = self._plain_run(pos, end)
            if pos >= end:
                return -1
            c = self.buf[pos]
            if c == 0x22:
                return pos + 1
            if c < 0x20:
                return -1
            if c == 0x5C:
                escaped[0] = True
                if pos + 1 >= end:
                    return -1
                c = self.buf[pos + 1]
                if c == 0x75:
                    if pos + 6 > end:
                        return -1
                    cp = 0
                    for k in range(4):
                        h = _hex(self.buf[pos + 2 + k])
                        if h < 0:
                            return -1
                        cp = (cp << 4) | h
                    pos += 6
                    if 0xDC00 <= cp <= 0xDFFF:
                        return -1  # a low surrogate alone
                    if 0xD800 <= cp <= 0xDBFF:
                        if pos + 6 > end or self.buf[pos] != 0x5C or self.buf[pos + 1] != 0x75:
                            return -1
                        cp = 0
                        for k in range(4):
                            h = _hex(self.buf[pos + 2 + k])
                            if h < 0:
                                return -1
                            cp = (cp << 4) | h
                        if not (0xDC00 <= cp <= 0xDFFF):
                            return -1
                        pos += 6
                elif c == 0x22 or c == 0x5C or c == 0x2F or c == 0x62 or c == 0x66 or c == 0x6E or c == 0x72 or c == 0x74:
                    pos += 2
                else:
                    return -1
                continue
            if c < 0x80:
                pos += 1
                continue
            # UTF-8, strictly (RFC 3629): no overlongs, no surrogates, nothing past U+10FFFF.
            if 0xC2 <= c <= 0xDF:
                if pos + 1 >= end or (self.buf[pos + 1] & 0xC0) != 0x80:
                    return -1
                pos += 2
            elif 0xE0 <= c <= 0xEF:
                if pos + 2 >= end:
                    return -1
                c1 = self.buf[pos + 1]
                c2 = self.buf[pos + 2]
                if (c1 & 0xC0) != 0x80 or (c2 & 0xC0) != 0x80:
                    return -1
                if (c == 0xE0 and c1 < 0xA0) or (c == 0xED and c1 > 0x9F):
                    return -1
                pos += 3
            elif 0xF0 <= c <= 0xF4:
                if pos + 3 >= end:
                    return -1
                c1 = self.buf[pos + 1]
                c2 = self.buf[pos + 2]
                c3 = self.buf[pos + 3]
                if (c1 & 0xC0) != 0x80 or (c2 & 0xC0) != 0x80 or (c3 & 0xC0) != 0x80:
                    return -1
                if (c == 0xF0 and c1 < 0x90) or (c == 0xF4 and c1 > 0x8F):
                    return -1
                pos += 4
            else:
                return -1

    cdef Py_ssize_t _number(self, Py_ssize_t pos) except -2:
        cdef Py_ssize_t end = self.end, start
        if pos < end and self.buf[pos] == 0x2D:
            pos += 1
        if pos >= end:
            return -1
        if self.buf[pos] == 0x30:
            pos += 1
        elif 0x31 <= self.buf[pos] <= 0x39:
            while pos < end and 0x30 <= self.buf[pos] <= 0x39:
                pos += 1
        else:
            return -1
        if pos < end and self.buf[pos] == 0x2E:
            pos += 1
            start = pos
            while pos < end and 0x30 <= self.buf[pos] <= 0x39:
                pos += 1
            if pos == start:
                return -1
        if pos < end and (self.buf[pos] | 0x20) == 0x65:
            pos += 1
            if pos < end and (self.buf[pos] == 0x2B or self.buf[pos] == 0x2D):
                pos += 1
            start = pos
            while pos < end and 0x30 <= self.buf[pos] <= 0x39:
                pos += 1
            if pos == start:
                return -1
        return pos

    cdef inline bint _literal(self, Py_ssize_t pos, const char* word, Py_ssize_t size) noexcept:
        cdef Py_ssize_t k
        if pos + size > self.end:
            return False
        for k in range(size):
            if self.buf[pos + k] != <uint8_t>word[k]:
                return False
        return True

    cdef Py_ssize_t _scalar(self, Py_ssize_t pos) except -2:
        cdef bint escaped
        cdef uint8_t c = self.buf[pos]
        if c == 0x22:
            return self._string(pos, &escaped)
        if c == 0x74:
            return pos + 4 if self._literal(pos, b"true", 4) else -1
        if c == 0x66:
            return pos + 5 if self._literal(pos, b"false", 5) else -1
        if c == 0x6E:
            return pos + 4 if self._literal(pos, b"null", 4) else -1
        return self._number(pos)

    cdef Py_ssize_t _skip_value(self, Py_ssize_t pos, int depth) except -2:
        """Position after the JSON value at ``pos`` (validated, iteratively); -1 if invalid."""
        cdef uint8_t stack[MAX_DEPTH]
        cdef int top = 0
        cdef uint8_t c
        cdef bint escaped, closed
        while True:
            # a value starts here
            pos = self._ws(pos)
            if pos >= self.end:
                return -1
            c = self.buf[pos]
            closed = False
            if c == 0x7B or c == 0x5B:
                if depth + top >= MAX_DEPTH:
                    return -1
                pos = self._ws(pos + 1)
                if pos >= self.end:
                    return -1
                if (c == 0x7B and self.buf[pos] == 0x7D) or (c == 0x5B and self.buf[pos] == 0x5D):
                    pos += 1
                    closed = True
                else:
                    stack[top] = c
                    top += 1
                    if c == 0x7B:
                        pos = self._key_colon(pos)
                        if pos < 0:
                            return -1
                    continue
            else:
                pos = self._scalar(pos)
                if pos < 0:
                    return -1
            # after a value: close containers or move to the next element
            while True:
                if top == 0:
                    return pos
                pos = self._ws(pos)
                if pos >= self.end:
                    return -1
                c = self.buf[pos]
                if c == 0x2C:
                    pos += 1
                    if stack[top - 1] == 0x7B:
                        pos = self._key_colon(self._ws(pos))
                        if pos < 0:
                            return -1
                    break
                if (c == 0x7D and stack[top - 1] == 0x7B) or (c == 0x5D and stack[top - 1] == 0x5B):
                    top -= 1
                    pos += 1
                    continue
                return -1

    cdef Py_ssize_t _key_colon(self, Py_ssize_t pos) except -2:
        cdef bint escaped
        if pos >= self.end or self.buf[pos] != 0x22:
            return -1
        pos = self._string(pos, &escaped)
        if pos < 0:
            return -1
        pos = self._ws(pos)
        if pos >= self.end or self.buf[pos] != 0x3A:
            return -1
        return pos + 1

    cdef int _lookup(self, int obj, Py_ssize_t start, Py_ssize_t size) except -2:
        cdef int f
        cdef const uint8_t* key
        cdef uint8_t first
        if size == 0:
            return -1
        first = self.buf[start]
        for f in range(self.o_first[obj], self.o_stop[obj]):
            if self.f_len[f] == size:
                key = <const uint8_t*>self.f_name[f]
                if key[0] == first and memcmp(&self.buf[start], key, size) == 0:
                    return f
        return -1

    cdef Py_ssize_t _object(self, Py_ssize_t pos, int obj, int depth) except -2:
        """Read the typed object at ``pos`` into the record's slots; -1 if it cannot be."""
        cdef uint64_t_seen seen = 0
        cdef Py_ssize_t key_start, key_end, value
        cdef int after = 80 + obj
        cdef bint escaped
        cdef int f, action, slot
        cdef uint8_t c
        pos = self._ws(pos + 1)
        if pos >= self.end:
            return -1
        if self.buf[pos] == 0x7D:
            return pos + 1
        while True:
            if pos >= self.end or self.buf[pos] != 0x22:
                return -1
            key_start = pos + 1
            pos = self._string(pos, &escaped)
            if pos < 0 or escaped:
                return -1
            key_end = pos - 1
            f = self.follow[after]
            if f < 0 or self.f_len[f] != key_end - key_start or memcmp(&self.buf[key_start], self.f_name[f], self.f_len[f]) != 0:
                f = self._lookup(obj, key_start, key_end - key_start)
                if f >= 0:
                    self.follow[after] = f
            after = f
            if f < 0:
                return -1  # an unknown key: the pure path keeps it in ``extra``
            if seen & (<uint64_t_seen>1 << (f & 63)):
                return -1  # a repeated key: left to the pure path's rules
            seen |= <uint64_t_seen>1 << (f & 63)
            pos = self._ws(pos)
            if pos >= self.end or self.buf[pos] != 0x3A:
                return -1
            pos = self._ws(pos + 1)
            if pos >= self.end:
                return -1
            c = self.buf[pos]
            action = self.f_action[f]
            slot = self.f_slot[f]
            if c == 0x6E:  # null: the member is absent, whatever its kind
                if not self._literal(pos, b"null", 4):
                    return -1
                pos += 4
                if action == A_TEXT or action == A_RAW:
                    self.s_kind[slot] = 0
                elif action == A_BOOL:
                    self.b_val[slot] = 2
            elif action == A_TEXT:
                if c != 0x22:
                    return -1  # a number or bool where text belongs: the pure path's rules
                value = self._string(pos, &escaped)
                if value < 0:
                    return -1
                self.s_start[slot] = pos + 1
                self.s_end[slot] = value - 1
                self.s_kind[slot] = 2 if escaped else 1
                pos = value
            elif action == A_BOOL:
                if c == 0x74 and self._literal(pos, b"true", 4):
                    self.b_val[slot] = 1
                    pos += 4
                elif c == 0x66 and self._literal(pos, b"false", 5):
                    self.b_val[slot] = 0
                    pos += 5
                elif c == 0x22:
                    value = self._string(pos, &escaped)
                    if value < 0 or escaped:
                        return -1
                    if self._literal(pos, b'"true"', 6) or self._literal(pos, b'"True"', 6):
                        self.b_val[slot] = 1 if value == pos + 6 else 2
                    elif self._literal(pos, b'"false"', 7) or self._literal(pos, b'"False"', 7):
                        self.b_val[slot] = 0 if value == pos + 7 else 2
                    else:
                        self.b_val[slot] = 2
                    pos = value
                else:
                    return -1
            elif action == A_RAW:
                value = self._skip_value(pos, depth + 1)
                if value < 0:
                    return -1
                self.s_start[slot] = pos
                self.s_end[slot] = value
                self.s_kind[slot] = 3
                pos = value
            elif action == A_OBJECT:
                if c != 0x7B:
                    return -1
                pos = self._object(pos, slot, depth + 1)
                if pos < 0:
                    return -1
            elif action == A_EMPTY_OR_NULL:
                if not self._literal(pos, b"{}", 2):
                    return -1
                pos += 2
            else:  # A_NULL_ONLY and not null
                return -1
            pos = self._ws(pos)
            if pos >= self.end:
                return -1
            c = self.buf[pos]
            if c == 0x7D:
                return pos + 1
            if c != 0x2C:
                return -1
            pos = self._ws(pos + 1)

    # -- times -----------------------------------------------------------------------------
    cdef inline int _digits(self, Py_ssize_t pos, int count) except -2:
        cdef int value = 0, k
        cdef uint8_t c
        for k in range(count):
            c = self.buf[pos + k]
            if c < 0x30 or c > 0x39:
                return -1
            value = value * 10 + (c - 0x30)
        return value

    cdef bint _time(self, int slot, int64_t* micros) except -2:
        """``YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z`` as microseconds since the epoch; False otherwise.

        Only this spelling is read here: it is what CloudTrail writes and what Arrow's cast
        reads the same way. Every other spelling goes to the pure path's cast and formats."""
        cdef Py_ssize_t p = self.s_start[slot], size = self.s_end[slot] - self.s_start[slot]
        cdef int y, mo, d, h, mi, s, digits, frac, dim
        if self.s_kind[slot] != 1 or size < 20 or size > 27:
            return False
        y = self._digits(p, 4)
        mo = self._digits(p + 5, 2)
        d = self._digits(p + 8, 2)
        h = self._digits(p + 11, 2)
        mi = self._digits(p + 14, 2)
        s = self._digits(p + 17, 2)
        if y < 1 or mo < 1 or mo > 12 or d < 1 or h < 0 or h > 23 or mi < 0 or mi > 59 or s < 0 or s > 59:
            return False
        if self.buf[p + 4] != 0x2D or self.buf[p + 7] != 0x2D or self.buf[p + 10] != 0x54:
            return False
        if self.buf[p + 13] != 0x3A or self.buf[p + 16] != 0x3A or self.buf[p + size - 1] != 0x5A:
            return False
        dim = _DAYS[mo]
        if mo == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            dim = 29
        if d > dim:
            return False
        frac = 0
        if size > 20:
            if self.buf[p + 19] != 0x2E or size == 21:
                return False
            digits = <int>size - 21
            frac = self._digits(p + 20, digits)
            if frac < 0:
                return False
            while digits < 6:
                frac *= 10
                digits += 1
        micros[0] = ((_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000000) + frac
        return True

    # -- records ---------------------------------------------------------------------------
    cdef bint _has_needle(self, Py_ssize_t start, Py_ssize_t stop) except -2:
        if stop > self.buf.shape[0] or start < 0:
            raise IndexError("needle search past the end of the input")
        if stop <= start:
            return False
        return self._needle_in(&self.buf[start], stop - start)

    def has_needle(self, const uint8_t[::1] span):
        """Whether the lower-cased ``span`` holds a needle (the prefilter, for tests)."""
        return span.shape[0] > 0 and self._needle_in(&span[0], span.shape[0])

    cdef bint _needle_in(self, const uint8_t* text, Py_ssize_t size) noexcept:
        # One pass: three table look-ups per window find the rare three-letter probe of some
        # needle; only there is that needle compared whole. The first letters of the needles
        # (p, s, t, m) start a comparison at one byte in nine of this corpus; the probes
        # (``pas``, ``tok``, ``riv``, ...) at one in a thousand. With a step of 2, each needle
        # has two probe windows a byte apart (bits j and 16 + j), and the windows at even
        # offsets meet one of them: half the look-ups.
        cdef Py_ssize_t i = 0, k, start, length
        cdef Py_ssize_t step = self.n_step
        cdef unsigned int mask
        cdef int j, bit
        cdef const uint8_t* n
        while i < size - 2:
            mask = self.g0[text[i]] & self.g1[text[i + 1]] & self.g2[text[i + 2]]
            i += step
            if mask == 0:
                continue
            while mask:
                bit = _lowest_bit(mask)
                mask &= mask - 1
                j = bit & 15
                start = i - step - self.n_off[j] - (bit >> 4)
                length = self.n_len[j]
                if start < 0 or start + length > size:
                    continue
                n = <const uint8_t*>self.n_ptr[j]
                k = 0
                while k < length and _lower(text[start + k]) == n[k]:
                    k += 1
                if k == length:
                    return True
        return False

    cdef Py_ssize_t _record(self, Py_ssize_t pos) except -2:
        """Read one record at ``pos`` and append it as a row; -1 (nothing appended) if it
        must go the pure way."""
        cdef int c, slot
        cdef int64_t t_event, t_created = 0
        cdef bint has_created
        cdef Py_ssize_t size
        cdef uint8_t* bools
        cdef int64_t* times
        if pos >= self.end or self.buf[pos] != 0x7B:
            return -1
        for c in range(N_SLOTS):
            self.s_kind[c] = 0
        for c in range(N_BOOLS):
            self.b_val[c] = 2
        pos = self._object(pos, O_RECORD, 1)
        if pos < 0:
            return -1
        if self.s_kind[S_EVENT_ID] == 0:
            return -1  # no eventID: the pure path derives one (or quarantines the record)
        if self.s_kind[S_EVENT_TYPE] == 2:
            return -1
        if self.s_kind[S_EVENT_TYPE] == 1:
            size = self.s_end[S_EVENT_TYPE] - self.s_start[S_EVENT_TYPE]
            if size == len(_INSIGHT) and memcmp(&self.buf[self.s_start[S_EVENT_TYPE]], <char*>_INSIGHT, size) == 0:
                return -1  # Insights events are counted and skipped by the pure path
        slot = S_EVENT_TIME if self.s_kind[S_EVENT_TIME] != 0 else S_TIMESTAMP
        if not self._time(slot, &t_event):
            return -1
        has_created = self.s_kind[S_CREATION] != 0
        if has_created and not self._time(S_CREATION, &t_created):
            return -1
        # The record is accepted: append it.
        if self.rows + 1 > self.row_cap:
            self._grow_rows()
        for c in range(N_TEXT):
            if self.s_kind[c] == 1:
                self._append(c, &self.buf[self.s_start[c]], self.s_end[c] - self.s_start[c])
            elif self.s_kind[c] == 2:
                self._append_unescaped(c, self.s_start[c], self.s_end[c])
            self._close(c, self.s_kind[c] != 0)
        for c in range(5):
            slot = S_RAW0 + c
            if self.s_kind[slot] == 3:
                if self.n_needles and self._has_needle(self.s_start[slot], self.s_end[slot]):
                    self._redact_member(N_TEXT + c, self.buf[self.s_start[slot]:self.s_end[slot]])
                else:
                    self._append(N_TEXT + c, &self.buf[self.s_start[slot]], self.s_end[slot] - self.s_start[slot])
            self._close(N_TEXT + c, self.s_kind[slot] == 3)
        self._extra()
        self._append(N_COLUMNS, <const uint8_t*><char*>self.source, len(self.source))
        self._close(N_COLUMNS, True)
        bools = <uint8_t*>PyByteArray_AS_STRING(self.bools)
        for c in range(N_BOOLS):
            bools[self.rows * N_FLAGS + c] = self.b_val[c]
        bools[self.rows * N_FLAGS + N_BOOLS] = has_created
        times = <int64_t*>PyByteArray_AS_STRING(self.times)
        times[self.rows * 2] = t_event
        times[self.rows * 2 + 1] = t_created
        self.rows += 1
        return pos

    cdef int _redact_member(self, int c, const uint8_t[::1] span) except -1:
        # redact_member(span), in C when the compiled rules can say, else in Python
        cdef bytes cleaned
        cdef Py_ssize_t size = span.shape[0]
        if size == 0:
            return 0
        if self.secrets is not None:
            self.secrets.text = span
            self.secrets.end = size
            try:
                if not self.secrets._needs_at(0, size):
                    return self._append(c, &span[0], size)
            finally:
                self.secrets.text = b""
            if self.secrets._redact_at(span) >= 0:
                return self._append(c, <const uint8_t*>self.secrets.optr, self.secrets.size)
        cleaned = self.redact(PyBytes_FromStringAndSize(<const char*>&span[0], size))
        return self._append(c, <const uint8_t*><char*>cleaned, len(cleaned))

    cdef int _extra(self) except -1:
        # ``known_extra`` as msgspec encodes it: {"key":raw,...} in a fixed order, no spaces.
        cdef int k, slot
        cdef bint first = True
        cdef int64_t start = self.sizes[C_EXTRA]
        cdef bytes key, text
        for k in range(N_EXTRA):
            slot = S_EXTRA0 + k
            if self.s_kind[slot] != 3:
                continue
            self._append(C_EXTRA, <const uint8_t*>(b"{" if first else b","), 1)
            first = False
            key = <bytes>_EXTRA_KEYS[k]
            self._append(C_EXTRA, <const uint8_t*><char*>key, len(key))
            self._append(C_EXTRA, &self.buf[self.s_start[slot]], self.s_end[slot] - self.s_start[slot])
        if first:
            self._close(C_EXTRA, False)
            return 0
        self._append(C_EXTRA, <const uint8_t*>b"}", 1)
        # extra is rare: always through the rules (no prefilter), as the pure path does
        text = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(self.datas[C_EXTRA]) + start, self.sizes[C_EXTRA] - start)
        self.sizes[C_EXTRA] = start
        self._redact_member(C_EXTRA, text)
        self._close(C_EXTRA, True)
        return 0

    def scan(self, data, source_file):
        """Append the records of one decompressed document; their count, or -1 (and nothing
        appended) when the document must be read by the pure path."""
        cdef int64_t saved_sizes[N_COLUMNS + 1]
        cdef int64_t saved_nulls[N_COLUMNS + 1]
        cdef int64_t saved_rows = self.rows
        cdef int c
        cdef Py_ssize_t got
        for c in range(N_COLUMNS + 1):
            saved_sizes[c] = self.sizes[c]
            saved_nulls[c] = self.nulls[c]
        self.source = bytes(source_file)
        self.buf = data
        try:
            got = self._document()
        except BaseException:
            got = -2
        self.buf = b""
        if got < 0:
            for c in range(N_COLUMNS + 1):
                self.sizes[c] = saved_sizes[c]
                self.nulls[c] = saved_nulls[c]
            self.rows = saved_rows
            if got == -2:
                raise
            return -1
        return self.rows - saved_rows

    cdef Py_ssize_t _document(self) except -2:
        cdef Py_ssize_t n = self.buf.shape[0], pos, key_end, line_end, k
        cdef bint escaped
        self.end = n
        pos = self._ws(0)
        if pos >= n:
            return -1  # empty: the pure path says so
        if self.buf[pos] == 0x5B:
            pos = self._array(pos)
            return -1 if pos < 0 or self._ws(pos) != n else 0
        if self.buf[pos] != 0x7B:
            return -1
        k = self._ws(pos + 1)
        if self._literal(k, b'"Records"', 9):
            k = self._ws(k + 9)
            if k >= n or self.buf[k] != 0x3A:
                return -1
            k = self._ws(k + 1)
            if k >= n or self.buf[k] != 0x5B:
                return -1
            k = self._array(k)
            if k < 0:
                return -1
            k = self._ws(k)
            if k >= n or self.buf[k] != 0x7D:
                return -1
            return -1 if self._ws(k + 1) != n else 0
        # One record per line (NDJSON, or a single record on one line).
        while pos < n:
            line_end = pos
            while line_end < n and self.buf[line_end] != 0x0A:
                line_end += 1
            k = self._ws_line(pos, line_end)
            if k < line_end:
                self.end = line_end
                k = self._record(k)
                if k < 0 or self._ws(k) != line_end:
                    self.end = n
                    return -1
                self.end = n
            pos = line_end + 1
        return 0

    cdef Py_ssize_t _ws_line(self, Py_ssize_t pos, Py_ssize_t stop) except -2:
        while pos < stop and _space(self.buf[pos]):
            pos += 1
        return pos

    cdef Py_ssize_t _array(self, Py_ssize_t pos) except -2:
        """Records of the array at ``pos``; position after it, or -1."""
        pos = self._ws(pos + 1)
        if pos >= self.end:
            return -1
        if self.buf[pos] == 0x5D:
            return pos + 1
        while True:
            pos = self._record(pos)
            if pos < 0:
                return -1
            pos = self._ws(pos)
            if pos >= self.end:
                return -1
            if self.buf[pos] == 0x5D:
                return pos + 1
            if self.buf[pos] != 0x2C:
                return -1
            pos = self._ws(pos + 1)

    # -- hand-over -------------------------------------------------------------------------
    def split_keys(self):
        """Runs of rows sharing a partition key, in row order: ``(starts, codes, keys)``.

        A run starts at row ``starts[i]`` and has key ``keys[codes[i]]``, a pair of the UTC
        day of ``event_time`` (days since 1970-01-01) and the account (``recipientAccountId``,
        else ``userIdentity.accountId``, as bytes, or None). Rows are compared with the row
        before them in C; only a run's first row makes Python objects (a file holds one
        day and account, bar midnight)."""
        cdef int64_t rows = self.rows, r, day, prev_day = 0
        cdef int64_t* times = <int64_t*>PyByteArray_AS_STRING(self.times)
        cdef int c, prev_c = -2
        cdef int64_t a_start, a_len, p_start = 0, p_len = 0
        cdef list starts = [], codes = [], keys = []
        cdef dict seen = {}
        if len(self.times) < 16 * rows:
            raise AssertionError("times shorter than the rows")
        for r in range(rows):
            day = times[2 * r] // _DAY_US
            c = S_RECIPIENT if self.vptr[S_RECIPIENT][r] else (S_IDENTITY_ACCOUNT if self.vptr[S_IDENTITY_ACCOUNT][r] else -1)
            a_start = self.optr[c][r] if c >= 0 else 0
            a_len = self.optr[c][r + 1] - a_start if c >= 0 else 0
            if r and day == prev_day and (c < 0) == (prev_c < 0) and a_len == p_len:
                if c < 0 or memcmp(self.dptr[c] + a_start, self.dptr[prev_c] + p_start, a_len) == 0:
                    continue
            key = (day, None if c < 0 else PyBytes_FromStringAndSize(self.dptr[c] + a_start, a_len))
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(keys)
                keys.append(key)
            starts.append(r)
            codes.append(code)
            prev_day, prev_c, p_start, p_len = day, c, a_start, a_len
        return starts, codes, keys

    def take_groups(self, starts, groups, int n_groups):
        """The rows gathered by group, each in row order, as a list of :meth:`take` tuples
        (then empty). Run ``i`` (from :meth:`split_keys`) goes to group ``groups[i]``."""
        cdef Py_ssize_t n_runs = len(starts), i
        cdef int64_t rows = self.rows, a, b, n, k, r, base, size
        cdef int g, c
        cdef int64_t* run_start
        cdef int64_t* run_end
        cdef int64_t* nexts
        cdef int64_t* heads
        cdef int64_t* tails
        cdef int64_t* counts
        cdef bytearray scratch = PyByteArray_FromStringAndSize(NULL, 8 * (3 * n_runs + 3 * n_groups + 3))
        cdef int64_t* in_off
        cdef int64_t* out_off
        cdef uint8_t* out_valid
        cdef char* out_data
        cdef int64_t nulls
        if len(groups) != n_runs or n_groups < 1 or (n_runs and starts[0] != 0):
            raise ValueError("one group per run, the first run at row 0")
        run_start = <int64_t*>PyByteArray_AS_STRING(scratch)
        run_end = run_start + n_runs + 1
        nexts = run_end + n_runs + 1
        heads = nexts + n_runs + 1
        tails = heads + n_groups
        counts = tails + n_groups
        for g in range(n_groups):
            heads[g] = -1
            counts[g] = 0
        for i in range(n_runs):
            a = starts[i]
            b = starts[i + 1] if i + 1 < n_runs else rows
            g = groups[i]
            if not (0 <= a < b <= rows) or not (0 <= g < n_groups):
                raise ValueError("runs must be increasing and cover the rows; groups in range")
            run_start[i] = a
            run_end[i] = b
            nexts[i] = -1
            if heads[g] < 0:
                heads[g] = i
            else:
                nexts[tails[g]] = i
            tails[g] = i
            counts[g] += b - a
        out = []
        for g in range(n_groups):
            n = counts[g]
            columns = []
            for c in range(N_COLUMNS + 1):
                in_off = self.optr[c]
                size = 0
                i = heads[g]
                while i >= 0:
                    size += in_off[run_end[i]] - in_off[run_start[i]]
                    i = nexts[i]
                data = PyByteArray_FromStringAndSize(NULL, size)
                offsets = PyByteArray_FromStringAndSize(NULL, 8 * (n + 1))
                valid = PyByteArray_FromStringAndSize(NULL, n)
                out_data = PyByteArray_AS_STRING(data)
                out_off = <int64_t*>PyByteArray_AS_STRING(offsets)
                out_valid = <uint8_t*>PyByteArray_AS_STRING(valid)
                out_off[0] = 0
                base = 0
                k = 0
                nulls = 0
                i = heads[g]
                while i >= 0:
                    a = run_start[i]
                    b = run_end[i]
                    memcpy(out_data + base, self.dptr[c] + in_off[a], in_off[b] - in_off[a])
                    memcpy(out_valid + k, self.vptr[c] + a, b - a)
                    for r in range(a, b):
                        out_off[k + 1] = in_off[r + 1] - in_off[a] + base
                        nulls += self.vptr[c][r] == 0
                        k += 1
                    base += in_off[b] - in_off[a]
                    i = nexts[i]
                if k != n or base != size:
                    raise AssertionError("gathered rows do not add up")
                columns.append((offsets, data, valid, nulls))
            bools = PyByteArray_FromStringAndSize(NULL, N_FLAGS * n)
            times = PyByteArray_FromStringAndSize(NULL, 16 * n)
            k = 0
            i = heads[g]
            while i >= 0:
                a = run_start[i]
                b = run_end[i]
                memcpy(PyByteArray_AS_STRING(bools) + N_FLAGS * k, PyByteArray_AS_STRING(self.bools) + N_FLAGS * a, N_FLAGS * (b - a))
                memcpy(PyByteArray_AS_STRING(times) + 16 * k, PyByteArray_AS_STRING(self.times) + 16 * a, 16 * (b - a))
                k += b - a
                i = nexts[i]
            out.append((n, columns[:N_COLUMNS], bools, times, columns[N_COLUMNS]))
        self._rewind(rows)
        return out

    def take(self):
        """The columns so far as (rows, text columns, bools, times, source_file), then empty.

        Each text column is ``(offsets, data, valid bytes, null count)`` over bytearrays that
        Arrow can wrap without a copy: exact-sized copies of the builder's own buffers, which
        the next batch reuses (see :meth:`_rewind`)."""
        cdef int c
        cdef int64_t rows = self.rows
        columns = []
        for c in range(N_COLUMNS + 1):
            columns.append((
                PyByteArray_FromStringAndSize(<char*>self.optr[c], 8 * (rows + 1)),
                PyByteArray_FromStringAndSize(self.dptr[c], self.sizes[c]),
                PyByteArray_FromStringAndSize(<char*>self.vptr[c], rows),
                self.nulls[c],
            ))
        bools = PyByteArray_FromStringAndSize(PyByteArray_AS_STRING(self.bools), N_FLAGS * rows)
        times = PyByteArray_FromStringAndSize(PyByteArray_AS_STRING(self.times), 16 * rows)
        out = (rows, columns[:N_COLUMNS], bools, times, columns[N_COLUMNS])
        self._rewind(rows)
        return out

    cdef int _rewind(self, int64_t rows) except -1:
        # Empty again, on the same buffers. Handing a batch's buffers to Arrow and making
        # fresh ones for the next (as before) left staged pieces holding their buffers'
        # doubled capacity (up to 1.4x their bytes), and a new set of large blocks with every
        # batch, whose lifetimes interleaved on the heap. A buffer grown past four times what
        # this batch needed (one large file) is shrunk back, so one file never pins its size.
        cdef int c
        cdef int64_t want
        if rows:
            for c in range(N_COLUMNS + 1):
                self.hint[c] = max(4096, self.sizes[c] + self.sizes[c] // 8)
            self.row_hint = max(1024, rows + rows // 8)
        for c in range(N_COLUMNS + 1):
            if self.caps[c] > 4 * self.hint[c]:
                PyByteArray_Resize(self.datas[c], self.hint[c])
                self.caps[c] = self.hint[c]
        if self.row_cap > 4 * self.row_hint:
            want = self.row_hint
            for c in range(N_COLUMNS + 1):
                PyByteArray_Resize(self.offsets[c], 8 * (want + 1))
                PyByteArray_Resize(self.valids[c], want)
            PyByteArray_Resize(self.bools, N_FLAGS * want)
            PyByteArray_Resize(self.times, 16 * want)
            self.row_cap = want
        self.rows = 0
        for c in range(N_COLUMNS + 1):
            self.sizes[c] = 0
            self.nulls[c] = 0
            self._pointers(c)
            self.optr[c][0] = 0
        return 0



def hash_texts(const int64_t[::1] offsets, const uint8_t[::1] data, uint64_t_seen[::1] out):
    """A 64-bit hash of each text ``data[offsets[i]:offsets[i + 1]]`` into ``out[i]``.

    For the commit's dedupe: equal texts hash equal, so a run whose event IDs hash to distinct
    values holds no repeated ID (a collision only sends it to the exact check). Not a
    cryptographic hash: IDs crafted to collide cost time, never a lost or doubled event.
    """
    cdef Py_ssize_t i, n = out.shape[0]
    cdef int64_t a, b, p
    cdef uint64_t_seen h, w
    if offsets.shape[0] < n + 1:
        raise ValueError("hash_texts: fewer offsets than rows")
    for i in range(n):
        a = offsets[i]
        b = offsets[i + 1]
        if a < 0 or b < a or b > data.shape[0]:
            raise ValueError("hash_texts: offsets out of range")
        h = 0x9E3779B97F4A7C15ULL ^ <uint64_t_seen>(b - a)
        p = a
        while p + 8 <= b:
            w = 0
            memcpy(&w, &data[p], 8)
            h = (h ^ w) * 0xFF51AFD7ED558CCDULL
            h ^= h >> 32
            p += 8
        w = 0
        if p < b:
            memcpy(&w, &data[p], b - p)  # the last bytes, zero-padded (the length is in h)
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL
        h ^= h >> 29
        h *= 0xFF51AFD7ED558CCDULL
        h ^= h >> 32
        out[i] = h
