# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=False
"""One whole gzip member inflated in one call by libdeflate (vendored in ``_libdeflate``, MIT).

A five-minute CloudTrail delivery is a few kilobytes of gzip: isal spends more building its
Huffman tables for such a member than decoding it, libdeflate about half as much (and decodes
large members about a fifth faster). ``libdeflate_gzip_decompress_ex`` reports how many input
bytes the first member took: a file is taken here only when that member is all of it and its
output is exactly the size its trailer announces, so a second member or bytes after the member
are never dropped: the caller reads anything refused (None) the streaming way, which keeps or
explains every byte. The member's CRC-32 and size (ISIZE) are checked by libdeflate.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF
from libc.errno cimport EINTR, errno
from libc.stddef cimport size_t
from libc.string cimport strlen
from posix.stat cimport S_ISREG, fstat, struct_stat
from posix.unistd cimport close, read


cdef extern from "Python.h":
    bytes PyUnicode_EncodeFSDefault(object text)  # ``os.fsencode`` of a str
    # The bytes object a file is read into, as a pointer: resized in place once read.
    PyObject *_bytes_of_size "PyBytes_FromStringAndSize"(const char *v, Py_ssize_t n) except NULL
    int _PyBytes_Resize(PyObject **bytes, Py_ssize_t size) except -1


cdef extern from "<fcntl.h>" nogil:
    int O_RDONLY
    int O_NONBLOCK
    int O_CLOEXEC
    int c_open "open"(const char *path, int flags)


cdef extern from "libdeflate.h" nogil:
    cdef struct libdeflate_decompressor:
        pass

    cdef enum libdeflate_result:
        LIBDEFLATE_SUCCESS
        LIBDEFLATE_BAD_DATA
        LIBDEFLATE_SHORT_OUTPUT
        LIBDEFLATE_INSUFFICIENT_SPACE

    libdeflate_decompressor *libdeflate_alloc_decompressor()
    void libdeflate_free_decompressor(libdeflate_decompressor *decompressor)
    unsigned int libdeflate_crc32(unsigned int crc, const void *buffer, size_t len)
    libdeflate_result libdeflate_gzip_decompress_ex(
        libdeflate_decompressor *decompressor,
        const void *data,
        size_t in_nbytes,
        void *out,
        size_t out_nbytes_avail,
        size_t *actual_in_nbytes_ret,
        size_t *actual_out_nbytes_ret,
    )


# The smallest gzip member: a 10-byte header, an empty deflate block, the 8-byte trailer.
DEF SMALLEST_MEMBER = 20
# What ``ueba.io._load`` asks of a file before its one-call inflate: the magic and a trailer.
DEF SMALLEST_HEADER = 10
# The header's flags (RFC 1952): FHCRC says a CRC-16 of the header follows it, which
# libdeflate skips without checking and isal checks; it is checked here (``_header_crc_ok``)
# so that both refuse the same files. CloudTrail never sets it.
DEF FHCRC = 2
DEF FEXTRA = 4
DEF FNAME = 8
DEF FCOMMENT = 16


def gzip_member(const unsigned char[::1] data, Py_ssize_t size):
    """``data`` inflated when it is exactly one whole gzip member of ``size`` bytes; else None.

    ``size`` is what the caller allows (the trailer's ISIZE, checked against the cap): the
    output is allocated once at that size and libdeflate stops there. None for anything else:
    bytes that are not gzip, a damaged or truncated member, a wrong CRC-32 or ISIZE, output
    past ``size`` or short of it, a second member or any byte after the first, a header whose
    own CRC (FHCRC) is wrong. A decompressor is allocated for the call (:class:`Members`
    keeps one for many calls).
    """
    cdef libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor()
    if decompressor == NULL:
        raise MemoryError("libdeflate could not allocate its decompressor")
    try:
        return _member(decompressor, data, size)
    finally:
        libdeflate_free_decompressor(decompressor)


cdef class Members:
    """:func:`gzip_member` with one decompressor kept for every call, not one per file.

    ``libdeflate_alloc_decompressor`` zeroes its 11.5 KB struct (about 12,000 instructions, an
    eighth of a five-minute file's inflate): an ingest worker keeps one of these and passes it
    down with each file. ``libdeflate.h`` lets one decompressor serve calls one after another
    (never from two threads at once): each builds its member's own tables (only the fixed
    Huffman codes' tables are kept once built), so a member inflates to the same bytes, or the
    same refusal, either way.
    A call made while another is inside libdeflate with the same object (two threads: the
    call runs without the GIL) gets a decompressor of its own.
    """

    cdef libdeflate_decompressor *_decompressor
    cdef bint _busy

    def __cinit__(self):
        self._decompressor = libdeflate_alloc_decompressor()
        if self._decompressor == NULL:
            raise MemoryError("libdeflate could not allocate its decompressor")
        self._busy = False

    def __dealloc__(self):
        if self._decompressor != NULL:
            libdeflate_free_decompressor(self._decompressor)

    def read_whole(self, str path, Py_ssize_t limit, Py_ssize_t cap):
        """A whole local regular file under ``limit`` bytes, read and (when it is one whole
        gzip member whose trailer's size is within ``cap``) inflated in this one call.

        ``(stored, inflated)``: the file's bytes, and their member's bytes, or None when they
        are not exactly one whole gzip member within ``cap`` (as :func:`gzip_member` refuses).
        None for anything not read here, exactly where ``SourceFile.read_small`` gives None:
        a path that cannot be opened, anything but a regular file, a file of ``limit`` bytes
        or more, one that grew while read, any error; and a call made while another is inside
        this object (another thread). The file is opened without blocking (a FIFO put in its
        place cannot hang the run), read with one ``read`` of its size + 1 straight into the
        bytes object returned, and closed, without the GIL: what ``os.open``, ``os.fstat``,
        ``os.read`` and ``os.close`` did from Python, without their objects and frames.
        """
        cdef bytes name = PyUnicode_EncodeFSDefault(path)
        cdef const char *cpath = name
        cdef int fd
        cdef bint failed = False
        cdef Py_ssize_t got = -1
        cdef size_t want
        cdef struct_stat info
        cdef PyObject *raw = NULL
        cdef unsigned char *buffer
        cdef unsigned int announced
        if self._busy or limit <= 0 or <size_t>len(name) != strlen(cpath):
            return None  # a NUL in the path: ``os.open`` explains it (ValueError) as before
        self._busy = True
        try:
            with nogil:
                fd = c_open(cpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                while fd < 0 and errno == EINTR:
                    fd = c_open(cpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if fd < 0:
                return None
            try:
                with nogil:
                    failed = fstat(fd, &info) != 0 or not S_ISREG(info.st_mode)
                if failed or info.st_size < 0 or info.st_size >= limit:
                    return None
                want = <size_t>info.st_size + 1
                # A new reference held by hand: ``_PyBytes_Resize`` may move it.
                raw = _bytes_of_size(NULL, <Py_ssize_t>want)
                buffer = <unsigned char *>PyBytes_AS_STRING(<object>raw)
                with nogil:
                    got = read(fd, buffer, want)
                    while got < 0 and errno == EINTR:
                        got = read(fd, buffer, want)
                if got < 0 or got > info.st_size:
                    Py_DECREF(<object>raw)
                    return None
                _PyBytes_Resize(&raw, got)  # shrinks in place; on failure frees and raises
                stored = <object>raw  # a reference of its own
                Py_DECREF(stored)
                raw = NULL
            finally:
                close(fd)
            buffer = <unsigned char *>PyBytes_AS_STRING(stored)
            if got < SMALLEST_HEADER or buffer[0] != 0x1F or buffer[1] != 0x8B:
                return stored, None
            announced = (
                buffer[got - 4]
                | (buffer[got - 3] << 8)
                | (buffer[got - 2] << 16)
                | (<unsigned int>buffer[got - 1] << 24)
            )
            if announced > <size_t>cap:
                return stored, None
            return stored, _inflate(self._decompressor, buffer, got, announced)
        finally:
            self._busy = False

    def __call__(self, const unsigned char[::1] data, Py_ssize_t size):
        """As :func:`gzip_member`."""
        if self._busy:
            return gzip_member(data, size)
        self._busy = True
        try:
            return _member(self._decompressor, data, size)
        finally:
            self._busy = False


cdef object _member(
    libdeflate_decompressor *decompressor, const unsigned char[::1] data, Py_ssize_t size
):
    """:func:`gzip_member` with the caller's decompressor."""
    cdef Py_ssize_t length = data.shape[0]
    if size < 0 or length < SMALLEST_MEMBER:
        return None
    return _inflate(decompressor, &data[0], length, size)


cdef object _inflate(
    libdeflate_decompressor *decompressor,
    const unsigned char *start,
    Py_ssize_t length,
    Py_ssize_t size,
):
    """:func:`gzip_member` on ``length`` bytes at ``start`` (the caller's, held alive)."""
    cdef size_t used = 0
    cdef size_t made = 0
    cdef libdeflate_result result
    cdef char *target
    if size < 0 or length < SMALLEST_MEMBER:
        return None
    if start[3] & FHCRC and not _header_crc_ok(start, length):
        return None
    out = PyBytes_FromStringAndSize(NULL, size)
    target = PyBytes_AS_STRING(out)
    with nogil:
        result = libdeflate_gzip_decompress_ex(
            decompressor, start, <size_t>length, target, <size_t>size, &used, &made
        )
    if result != LIBDEFLATE_SUCCESS or used != <size_t>length or made != <size_t>size:
        return None
    return out


cdef bint _header_crc_ok(const unsigned char *data, Py_ssize_t length):
    """Whether the header's CRC-16 (the low half of the CRC-32 of the bytes before it) is
    right; False too when the header does not end within ``data`` (libdeflate refuses that)."""
    cdef unsigned char flags = data[3]
    cdef Py_ssize_t at = 10
    if flags & FEXTRA:
        if at + 2 > length:
            return False
        at += 2 + (data[at] | (data[at + 1] << 8))
    if flags & FNAME:
        while at < length and data[at] != 0:
            at += 1
        at += 1
    if flags & FCOMMENT:
        while at < length and data[at] != 0:
            at += 1
        at += 1
    if at + 2 > length:
        return False
    cdef unsigned int crc = libdeflate_crc32(0, &data[0], <size_t>at) & 0xFFFF
    return crc == <unsigned int>(data[at] | (data[at + 1] << 8))
