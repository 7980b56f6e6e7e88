# Included by _scan.pyx. ``_redact``'s rules applied to raw JSON spans in C, exactly.
#
# The pure path keeps a free-form member as it came unless ``needs_redaction`` says it may hold
# a secret; then the member is decoded by msgspec, redacted by ``redact_value`` and re-encoded
# (compact, msgspec's escapes). ``Secrets`` computes ``needs_redaction`` on the span and, when
# it is true, writes what that decode/redact/encode round trip gives, byte for byte. The rules
# themselves (the secret names, the names that are not secret) are handed over by
# ``ueba.io._redact``, not copied. Whatever the C code cannot reproduce exactly with certainty
# (floats, duplicate keys, escaped or non-ASCII keys, a text value that may hold JSON with a
# secret name, a top-level scalar, deep nesting) makes ``redact`` return -1, and the caller
# hands the span to the Python rules instead.

DEF MAX_NAMES = 32
DEF MAX_KEYS = 64
DEF MAX_REDACT_DEPTH = 64
DEF MAX_KEY = 256

cdef bytes _REDACTED = b'"<redacted>"'
cdef bytes _HEX = b"0123456789abcdef"


cdef class Secrets:
    """``needs_redaction`` and ``redact_json`` of ``ueba.io._redact`` on raw JSON spans."""

    cdef list names
    cdef const char* n_ptr[MAX_NAMES]
    cdef Py_ssize_t n_len[MAX_NAMES]
    cdef int n_names
    # names whose first (second) letter is the byte: a two-byte prefilter before memcmp
    cdef unsigned int m0[256]
    cdef unsigned int m1[256]
    # names whose next-to-last (last) letter is the byte: to stop at the first name found
    cdef unsigned int e0[256]
    cdef unsigned int e1[256]
    # the same two tables indexed by the byte as read (lower-cased through the table), and the
    # bytes the compaction treats apart (``\\``, ``_``, ``-``): one look-up each per byte
    cdef unsigned int e0r[256]
    cdef unsigned int e1r[256]
    cdef uint8_t apart[256]
    cdef list not_secret
    cdef bytearray out
    cdef Py_ssize_t size
    cdef Py_ssize_t cap
    cdef char* optr
    cdef const uint8_t[::1] text
    cdef Py_ssize_t end

    def __init__(self, names, not_secret):
        """``names``: :data:`SECRET_NAMES`; ``not_secret``: :data:`NOT_SECRET` (normalised)."""
        cdef int k
        cdef bytes name
        self.names = [str(n).encode("ascii") for n in names]
        if len(self.names) > MAX_NAMES or any(len(n) < 2 for n in self.names):
            raise ValueError("at most 32 secret names of two letters or more")
        if any(n != n.lower() or b"_" in n or b"-" in n for n in self.names):
            raise ValueError("secret names must be normalised (lower case, no _ or -)")
        self.n_names = len(self.names)
        for k in range(256):
            self.m0[k] = 0
            self.m1[k] = 0
            self.e0[k] = 0
            self.e1[k] = 0
        for k in range(self.n_names):
            name = self.names[k]
            self.n_ptr[k] = <const char*>name
            self.n_len[k] = len(name)
            self.m0[name[0]] |= (<unsigned int>1) << k
            self.m1[name[1]] |= (<unsigned int>1) << k
            self.e0[name[len(name) - 2]] |= (<unsigned int>1) << k
            self.e1[name[len(name) - 1]] |= (<unsigned int>1) << k
        for k in range(256):
            self.e0r[k] = self.e0[_lower(k)]
            self.e1r[k] = self.e1[_lower(k)]
            self.apart[k] = k == 0x5C or k == 0x5F or k == 0x2D
        self.not_secret = [str(n).encode("utf-8") for n in not_secret]
        self.out = bytearray(4096)
        self.cap = 4096
        self.optr = PyByteArray_AS_STRING(self.out)
        self.size = 0
        self.text = b""
        self.end = 0

    # -- is there a secret name --------------------------------------------------------------
    cdef bint _names_in(self, const uint8_t* s, Py_ssize_t n) noexcept:
        cdef Py_ssize_t i
        cdef unsigned int mask
        cdef int k
        for i in range(n - 1):
            mask = self.m0[s[i]] & self.m1[s[i + 1]]
            if mask == 0:
                continue
            for k in range(self.n_names):
                if (mask >> k) & 1 and i + self.n_len[k] <= n and memcmp(s + i, self.n_ptr[k], self.n_len[k]) == 0:
                    return True
        return False

    cdef bint _needs_at(self, Py_ssize_t start, Py_ssize_t stop) except -2:
        # needs_redaction: ``\u00`` in the lower-cased bytes, or a secret name in the
        # lower-cased bytes without ``_`` and ``-``; one pass that stops at the first name
        # ending at the byte just read. The compacted text is never built: the end table of the
        # last compacted byte is carried over, and where both end tables agree that a name may
        # end here (about one byte in twenty), that name is compared backwards over the span
        # itself, skipping ``_`` and ``-`` as the compaction does. A pointer run bounded by
        # ``start`` and ``stop`` (checked against the view here) rather than a checked access
        # per byte.
        cdef Py_ssize_t i, j, m
        cdef uint8_t c
        cdef const uint8_t* text
        cdef const uint8_t* name
        cdef unsigned int mask, before = 0  # e0 of the last compacted byte (0: none yet)
        cdef int k
        if stop <= start:
            return False
        if start < 0 or stop > self.text.shape[0]:
            raise IndexError("secret search past the end of the span")
        text = &self.text[0]
        for i in range(start, stop):
            c = text[i]
            if self.apart[c]:
                if c != 0x5C:
                    continue  # ``_`` and ``-`` are not compacted
                if i + 3 < stop and (text[i + 1] | 0x20) == 0x75 and text[i + 2] == 0x30 and text[i + 3] == 0x30:
                    return True
            mask = before & self.e1r[c]
            before = self.e0r[c]
            k = 0
            while mask:
                if mask & 1:
                    # the name's bytes from its end, against the span's compacted bytes from
                    # i back to start
                    name = <const uint8_t*>self.n_ptr[k]
                    m = self.n_len[k]
                    j = i
                    while m > 0 and j >= start:
                        if text[j] == 0x5F or text[j] == 0x2D:
                            j -= 1
                            continue
                        if _lower(text[j]) != name[m - 1]:
                            break
                        m -= 1
                        j -= 1
                    if m == 0:
                        return True
                mask >>= 1
                k += 1
        return False

    def needs(self, const uint8_t[::1] span):
        """``needs_redaction(span)``."""
        self.text = span
        self.end = span.shape[0]
        try:
            return self._needs_at(0, self.end)
        finally:
            self.text = b""

    cdef int _secret_key(self, Py_ssize_t start, Py_ssize_t stop) except -2:
        # is_secret_key for a key of plain ASCII (the caller checked): 1, 0, or -1 (too long).
        cdef uint8_t key[MAX_KEY]
        cdef Py_ssize_t i, n = 0
        cdef uint8_t c
        cdef bytes other
        for i in range(start, stop):
            c = self.text[i]
            if c == 0x5F or c == 0x2D:
                continue
            if n >= MAX_KEY:
                return -1
            key[n] = _lower(c)
            n += 1
        if not self._names_in(key, n):
            return 0
        for other in self.not_secret:
            if len(other) == n and memcmp(<const char*>other, key, n) == 0:
                return 0
        return 1

    # -- output ------------------------------------------------------------------------------
    cdef int _put(self, const char* data, Py_ssize_t n) except -1:
        cdef Py_ssize_t cap = self.cap
        if self.size + n > cap:
            while cap < self.size + n:
                cap *= 2
            PyByteArray_Resize(self.out, cap)
            self.cap = cap
            self.optr = PyByteArray_AS_STRING(self.out)
        memcpy(self.optr + self.size, data, n)
        self.size += n
        return 0

    cdef int _put_span(self, Py_ssize_t start, Py_ssize_t stop) except -1:
        if stop <= start:
            return 0
        if stop > self.text.shape[0]:
            raise IndexError("copy past the end of the span")
        return self._put(<const char*>&self.text[start], stop - start)

    # -- the msgspec round trip --------------------------------------------------------------
    cdef inline Py_ssize_t _ws(self, Py_ssize_t pos) except -2:
        while pos < self.end and _space(self.text[pos]):
            pos += 1
        return pos

    cdef bint _word(self, Py_ssize_t pos, const char* word, Py_ssize_t size) except -2:
        cdef Py_ssize_t k
        if pos + size > self.end:
            return False
        for k in range(size):
            if self.text[pos + k] != <uint8_t>word[k]:
                return False
        return True

    cdef Py_ssize_t _literal(self, Py_ssize_t pos) except -2:
        # true, false or null at ``pos``: copied; -1 when something else is there
        if self._word(pos, b"true", 4):
            self._put(b"true", 4)
            return pos + 4
        if self._word(pos, b"false", 5):
            self._put(b"false", 5)
            return pos + 5
        if self._word(pos, b"null", 4):
            self._put(b"null", 4)
            return pos + 4
        return -1

    cdef Py_ssize_t _value(self, Py_ssize_t pos, int depth) except -2:
        cdef uint8_t c
        cdef Py_ssize_t start
        pos = self._ws(pos)
        if pos >= self.end or depth > MAX_REDACT_DEPTH:
            return -1
        c = self.text[pos]
        if c == 0x7B:
            return self._object(pos, depth + 1)
        if c == 0x5B:
            return self._array(pos, depth + 1)
        if c == 0x22:
            return self._string(pos, True)
        if c == 0x74 or c == 0x66 or c == 0x6E:
            return self._literal(pos)
        # an integer is written back as it was (msgspec keeps any size), except -0 -> 0;
        # a float is re-spelt by msgspec's shortest repr: left to Python
        start = pos
        if c == 0x2D:
            pos += 1
        while pos < self.end and 0x30 <= self.text[pos] <= 0x39:
            pos += 1
        if pos == start or (pos == start + 1 and c == 0x2D):
            return -1
        if pos < self.end and (self.text[pos] == 0x2E or (self.text[pos] | 0x20) == 0x65):
            return -1
        if pos == start + 2 and c == 0x2D and self.text[start + 1] == 0x30:
            self._put(b"0", 1)
        else:
            self._put_span(start, pos)
        return pos

    cdef Py_ssize_t _skip(self, Py_ssize_t pos) except -2:
        # Past the (validated) value at ``pos``: to the ``,`` or ``}`` that ends the member.
        cdef int depth = 0
        cdef uint8_t c
        while pos < self.end:
            c = self.text[pos]
            if c == 0x22:
                pos += 1
                while pos < self.end and self.text[pos] != 0x22:
                    pos += 2 if self.text[pos] == 0x5C else 1
                pos += 1
            elif c == 0x7B or c == 0x5B:
                depth += 1
                pos += 1
            elif c == 0x7D or c == 0x5D:
                if depth == 0:
                    return pos
                depth -= 1
                pos += 1
            elif c == 0x2C and depth == 0:
                return pos
            else:
                pos += 1
        return -1

    cdef Py_ssize_t _object(self, Py_ssize_t pos, int depth) except -2:
        cdef Py_ssize_t k_start[MAX_KEYS]
        cdef Py_ssize_t k_len[MAX_KEYS]
        cdef int n_keys = 0, j, secret
        cdef Py_ssize_t start, stop, size
        cdef uint8_t c
        self._put(b"{", 1)
        pos = self._ws(pos + 1)
        if pos < self.end and self.text[pos] == 0x7D:
            self._put(b"}", 1)
            return pos + 1
        while True:
            if pos >= self.end or self.text[pos] != 0x22:
                return -1
            start = pos + 1
            stop = start
            while stop < self.end:
                c = self.text[stop]
                if c == 0x22:
                    break
                if c == 0x5C or c >= 0x80:
                    return -1  # an escaped or non-ASCII key: Python's lower() and decoding
                stop += 1
            if stop >= self.end:
                return -1
            size = stop - start
            # a repeated key: the decoded dict keeps the first place and the last value
            for j in range(n_keys):
                if k_len[j] == size and (size == 0 or memcmp(&self.text[k_start[j]], &self.text[start], size) == 0):
                    return -1
            if n_keys == MAX_KEYS:
                return -1
            k_start[n_keys] = start
            k_len[n_keys] = size
            if n_keys:
                self._put(b",", 1)
            n_keys += 1
            self._put_span(start - 1, stop + 1)
            self._put(b":", 1)
            pos = self._ws(stop + 1)
            if pos >= self.end or self.text[pos] != 0x3A:
                return -1
            pos = self._ws(pos + 1)
            if pos >= self.end:
                return -1
            secret = self._secret_key(start, stop)
            if secret < 0:
                return -1
            c = self.text[pos]
            if secret and not (self._word(pos, b"true", 4) or self._word(pos, b"false", 5) or self._word(pos, b"null", 4)):
                self._put(<const char*>_REDACTED, len(_REDACTED))
                pos = self._skip(pos)
            else:
                pos = self._value(pos, depth)
            if pos < 0:
                return -1
            pos = self._ws(pos)
            if pos >= self.end:
                return -1
            c = self.text[pos]
            if c == 0x7D:
                self._put(b"}", 1)
                return pos + 1
            if c != 0x2C:
                return -1
            pos = self._ws(pos + 1)

    cdef Py_ssize_t _array(self, Py_ssize_t pos, int depth) except -2:
        cdef bint first = True
        self._put(b"[", 1)
        pos = self._ws(pos + 1)
        if pos < self.end and self.text[pos] == 0x5D:
            self._put(b"]", 1)
            return pos + 1
        while True:
            if not first:
                self._put(b",", 1)
            first = False
            pos = self._value(pos, depth)
            if pos < 0:
                return -1
            pos = self._ws(pos)
            if pos >= self.end:
                return -1
            if self.text[pos] == 0x5D:
                self._put(b"]", 1)
                return pos + 1
            if self.text[pos] != 0x2C:
                return -1
            pos += 1

    cdef int _hex4(self, Py_ssize_t pos) except -2:
        cdef int k, h, cp = 0
        if pos + 4 > self.end:
            return -1
        for k in range(4):
            h = _hex(self.text[pos + k])
            if h < 0:
                return -1
            cp = (cp << 4) | h
        return cp

    cdef int _put_code(self, unsigned int cp) except -1:
        # one code point as msgspec writes it: ", \ and controls escaped, the rest as UTF-8
        cdef char o[6]
        if cp == 0x22:
            return self._put(b'\\"', 2)
        if cp == 0x5C:
            return self._put(b"\\\\", 2)
        if cp < 0x20:
            if cp == 0x08:
                return self._put(b"\\b", 2)
            if cp == 0x09:
                return self._put(b"\\t", 2)
            if cp == 0x0A:
                return self._put(b"\\n", 2)
            if cp == 0x0C:
                return self._put(b"\\f", 2)
            if cp == 0x0D:
                return self._put(b"\\r", 2)
            o[0] = 0x5C
            o[1] = 0x75
            o[2] = 0x30
            o[3] = 0x30
            o[4] = (<const char*>_HEX)[cp >> 4]
            o[5] = (<const char*>_HEX)[cp & 15]
            return self._put(o, 6)
        if cp < 0x80:
            o[0] = <char>cp
            return self._put(o, 1)
        if cp < 0x800:
            o[0] = <char>(0xC0 | (cp >> 6))
            o[1] = <char>(0x80 | (cp & 0x3F))
            return self._put(o, 2)
        if cp < 0x10000:
            o[0] = <char>(0xE0 | (cp >> 12))
            o[1] = <char>(0x80 | ((cp >> 6) & 0x3F))
            o[2] = <char>(0x80 | (cp & 0x3F))
            return self._put(o, 3)
        o[0] = <char>(0xF0 | (cp >> 18))
        o[1] = <char>(0x80 | ((cp >> 12) & 0x3F))
        o[2] = <char>(0x80 | ((cp >> 6) & 0x3F))
        o[3] = <char>(0x80 | (cp & 0x3F))
        return self._put(o, 4)

    cdef Py_ssize_t _string(self, Py_ssize_t pos, bint value) except -2:
        cdef Py_ssize_t start = pos + 1, stop, i, j
        cdef bint escaped = False
        cdef uint8_t c, first
        cdef int cp, lo
        stop = start
        while stop < self.end:
            c = self.text[stop]
            if c == 0x22:
                break
            if c == 0x5C:
                escaped = True
                stop += 2
            else:
                stop += 1
        if stop >= self.end:
            return -1
        if value and stop > start:
            # ``_is_json_text``: a text that, stripped, opens { or [ and may name a secret is
            # decoded and redacted too. Without escapes the span is the text; with them, or
            # with a leading non-ASCII space, Python decides.
            first = self.text[start]
            if first == 0x7B or first == 0x5B or first == 0x20 or first == 0x5C or first >= 0x80:
                if escaped or self._needs_at(start, stop):
                    return -1
        self._put(b'"', 1)
        if not escaped:
            self._put_span(start, stop)
        else:
            i = start
            while i < stop:
                if self.text[i] != 0x5C:
                    j = i
                    while j < stop and self.text[j] != 0x5C:
                        j += 1
                    self._put_span(i, j)
                    i = j
                    continue
                if i + 1 >= stop:
                    return -1
                c = self.text[i + 1]
                if c == 0x75:
                    cp = self._hex4(i + 2)
                    i += 6
                    if cp < 0 or 0xDC00 <= cp <= 0xDFFF:
                        return -1
                    if 0xD800 <= cp <= 0xDBFF:
                        if i + 1 >= stop or self.text[i] != 0x5C or self.text[i + 1] != 0x75:
                            return -1
                        lo = self._hex4(i + 2)
                        if lo < 0xDC00 or lo > 0xDFFF:
                            return -1
                        i += 6
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    self._put_code(cp)
                    continue
                i += 2
                if c == 0x2F:
                    self._put(b"/", 1)
                elif c == 0x22 or c == 0x5C or c == 0x62 or c == 0x66 or c == 0x6E or c == 0x72 or c == 0x74:
                    self._put_span(i - 2, i)
                else:
                    return -1
        self._put(b'"', 1)
        return stop + 1

    cdef Py_ssize_t _redact_at(self, const uint8_t[::1] span) except -2:
        cdef Py_ssize_t pos
        self.text = span
        self.end = span.shape[0]
        self.size = 0
        try:
            pos = self._ws(0)
            if pos >= self.end or (self.text[pos] != 0x7B and self.text[pos] != 0x5B):
                return -1  # a top-level scalar: redact_value's own rules for text
            pos = self._value(pos, 0)
            if pos < 0 or self._ws(pos) != self.end:
                return -1
            return self.size
        finally:
            self.text = b""

    def redact(self, const uint8_t[::1] span):
        """``redact_json(span)`` when ``needs_redaction(span)``, else ``span``; None when only
        the Python rules can say (the caller then calls them)."""
        self.text = span
        self.end = span.shape[0]
        try:
            if not self._needs_at(0, self.end):
                return bytes(span)
        finally:
            self.text = b""
        if self._redact_at(span) < 0:
            return None
        return PyBytes_FromStringAndSize(self.optr, self.size)
