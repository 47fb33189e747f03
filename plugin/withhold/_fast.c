/* withhold._fast: hot paths over normalised text, in C; native.py says which is used.
 *
 * - skeleton(): the skeleton of normalised text (text/skeleton.py). skeleton.py holds the
 *   definition; this is the same function over the ASCII tokens, which are nearly all of every
 *   site's text, without a Python object per token. Tokens that are not ASCII are handed back to
 *   skeleton.py (its memo and its transliteration), so the scripts live in one place.
 * - date_shapes(): where a written date may start in stretches of a normalised text, and its
 *   tokens: protected/dates.py's _SHAPE regex, read token by token (dates.date_shapes_python).
 * - a_numbers(): A-numbers of a list written in normalised text, however their digits are grouped
 *   (protected/matcher.py's find_a_numbers_python, which reads each run of digits in Python).
 * - birth_slots(): the family parts beside each date a partial name may pair with, looked up in
 *   the births table (protected/partial.py's birth_slots_python): a lookup a family part and date,
 *   nearly all of them finding nothing, with no Python object but the bytes hashed.
 * - listed_words(): where the words that may start a listed given or family part stand in a text,
 *   each word looked up in two memos of masks (protected/partwords.py's listed_words_python).
 * - sheet_rows(), in _sheet.c: a sheet's rows as the precise walk writes them (extract/xlsxrows.py's
 *   rows_python), or False where it leaves the sheet to it.
 *
 * tests/fast_test.py holds each to its Python twin, byte for byte (hypothesis).
 *
 * fold() here is skeleton.fold() on an ASCII token, step by step in the same order: the digraphs
 * replaced one after another, left to right and without overlap as str.replace does; y and j to
 * i; ou to u; runs of i to one; ie before a character to e; io between two consonants to e; then
 * the FOLDED mark. A step runs only if the token holds the letters it needs (a mask of them).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* In _sheet.c, the other source of this module. */
PyObject *sheet_rows(PyObject *self, PyObject *args);
extern const char sheet_rows_doc[];

#define FOLD_FROM 4
#define FOLDED '\''

typedef struct {
    const char *written;
    const char *folded;
} Digraph;

/* skeleton._DIGRAPHS, in its order. */
static const Digraph DIGRAPHS[] = {
    {"shch", "s"}, {"sch", "s"}, {"sh", "s"}, {"sc", "s"}, {"zh", "z"}, {"kh", "h"}, {"ch", "c"}, {"dj", "d"},
    {"ts", "c"}, {"tz", "c"}, {"th", "t"}, {"ph", "f"}, {"gh", "g"}, {"ck", "k"}, {"x", "ks"},
};
#define N_DIGRAPHS (sizeof(DIGRAPHS) / sizeof(DIGRAPHS[0]))

static unsigned int digraph_needs[N_DIGRAPHS];

static inline unsigned int
bit(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? 1u << (c - 'a') : 0u;
}

static unsigned int
letters_of(const char *s, Py_ssize_t n)
{
    unsigned int mask = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        mask |= bit((unsigned char)s[i]);
    return mask;
}

/* Where written first stands in src[0:n], or -1. */
static Py_ssize_t
find(const char *src, Py_ssize_t n, const char *written, Py_ssize_t wl)
{
    for (Py_ssize_t i = 0; i + wl <= n; i++)
        if (src[i] == written[0] && memcmp(src + i, written, (size_t)wl) == 0)
            return i;
    return -1;
}

/* str.replace(written, folded) of src[0:n], which holds written at `at` first, into dst; returns the new length. */
static Py_ssize_t
replace(const char *src, Py_ssize_t n, Py_ssize_t at, const char *written, Py_ssize_t wl, const char *folded,
        char *dst)
{
    Py_ssize_t fl = (Py_ssize_t)strlen(folded), i = at, o = at;
    memcpy(dst, src, (size_t)at);
    while (i < n) {
        if (i + wl <= n && src[i] == written[0] && memcmp(src + i, written, (size_t)wl) == 0) {
            memcpy(dst + o, folded, (size_t)fl);
            o += fl;
            i += wl;
        }
        else {
            dst[o++] = src[i++];
        }
    }
    return o;
}

/* [b-df-hk-np-tv-z]: skeleton._IO's consonants. */
static inline int
consonant(unsigned char c)
{
    return c >= 'b' && c <= 'z' && c != 'e' && c != 'i' && c != 'j' && c != 'o' && c != 'u';
}

/* s[0:n] into dst with each "i" and `second` before another character, left to right without overlap,
 * made "e"; only between two consonants if between. Returns the new length. */
static Py_ssize_t
i_pair_to_e(const char *s, Py_ssize_t n, char second, int between, char *dst)
{
    Py_ssize_t o = 0;
    for (Py_ssize_t i = 0; i < n;) {
        if (s[i] == 'i' && i + 2 < n && s[i + 1] == second
            && (!between || (i > 0 && consonant((unsigned char)s[i - 1]) && consonant((unsigned char)s[i + 2])))) {
            dst[o++] = 'e';
            i += 2;
        }
        else {
            dst[o++] = s[i++];
        }
    }
    return o;
}

/* Write skeleton.fold() of the ASCII token s[0:n] to out (room for 2 * n + 1); return its length.
 * work: room for 2 * n + 1 more. The token moves between out and work, read from cur. */
static Py_ssize_t
fold(const char *s, Py_ssize_t n, char *out, char *work)
{
    unsigned int mask = 0;
    if (n < FOLD_FROM)
        goto as_is;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            mask |= 1u << (c - 'a');
        else if (!(c >= 'A' && c <= 'Z'))
            goto as_is;
    }
    const char *cur = s;
    char *next = out, *spare = work;
#define SWAP() do { cur = next; next = spare; spare = (char *)cur; } while (0)
    for (size_t d = 0; d < N_DIGRAPHS; d++) {
        if ((mask & digraph_needs[d]) != digraph_needs[d])
            continue;
        Py_ssize_t wl = (Py_ssize_t)strlen(DIGRAPHS[d].written), at = find(cur, n, DIGRAPHS[d].written, wl);
        if (at < 0)
            continue;
        n = replace(cur, n, at, DIGRAPHS[d].written, wl, DIGRAPHS[d].folded, next);
        SWAP();
        mask = letters_of(cur, n);
    }
    if (mask & (bit('y') | bit('j'))) {  /* y and j to i */
        for (Py_ssize_t i = 0; i < n; i++)
            next[i] = (cur[i] == 'y' || cur[i] == 'j') ? 'i' : cur[i];
        SWAP();
        mask = letters_of(cur, n);
    }
    if ((mask & (bit('o') | bit('u'))) == (bit('o') | bit('u'))) {
        Py_ssize_t at = find(cur, n, "ou", 2);
        if (at >= 0) {
            n = replace(cur, n, at, "ou", 2, "u", next);
            SWAP();
        }
    }
    if (mask & bit('i')) {
        Py_ssize_t at = find(cur, n, "ii", 2);
        if (at >= 0) {  /* i{2,} to i */
            Py_ssize_t o = 0;
            for (Py_ssize_t i = 0; i < n; i++)
                if (!(cur[i] == 'i' && i > 0 && cur[i - 1] == 'i'))
                    next[o++] = cur[i];
            n = o;
            SWAP();
        }
        if (mask & bit('e') && find(cur, n, "ie", 2) >= 0) {  /* ie(?=.) to e */
            n = i_pair_to_e(cur, n, 'e', 0, next);
            SWAP();
        }
        if (mask & bit('o') && find(cur, n, "io", 2) >= 0) {  /* (?<=C)io(?=C) to e, C read before this step */
            n = i_pair_to_e(cur, n, 'o', 1, next);
            SWAP();
        }
    }
#undef SWAP
    if (cur != out)
        memmove(out, cur, (size_t)n);
    out[n++] = FOLDED;
    return n;
as_is:
    memmove(out, s, (size_t)n);
    return n;
}

/* skeleton() of an ASCII text: every token folded here, into one buffer. */
static PyObject *
skeleton_ascii(PyObject *norm)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm), cap = 2 * n + 2, o = 0;
    const char *data = (const char *)PyUnicode_DATA(norm);
    char *buffer = PyMem_Malloc((size_t)cap), *work = PyMem_Malloc((size_t)cap);
    PyObject *result = NULL;
    if (buffer == NULL || work == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t start = 0; start <= n;) {
        const char *space = memchr(data + start, ' ', (size_t)(n - start));
        Py_ssize_t end = space ? space - data : n;
        o += fold(data + start, end - start, buffer + o, work);
        if (end < n)
            buffer[o++] = ' ';
        start = end + 1;
    }
    result = PyUnicode_New(o, 127);
    if (result != NULL)
        memcpy(PyUnicode_DATA(result), buffer, (size_t)o);
done:
    PyMem_Free(buffer);
    PyMem_Free(work);
    return result;
}

/* A growable buffer of code points. */
typedef struct {
    Py_UCS4 *data;
    Py_ssize_t len, cap;
} Buffer;

static int
reserve(Buffer *b, Py_ssize_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap * 2 > b->len + more ? b->cap * 2 : b->len + more + 64;
    Py_UCS4 *data = PyMem_Realloc(b->data, (size_t)cap * sizeof(Py_UCS4));
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

PyDoc_STRVAR(skeleton_doc,
"skeleton(norm, memo, remember) -> str\n\n"
"Return skeleton.skeleton(norm): ASCII tokens folded here, every other token memo.get(t) or remember(t).");

static PyObject *
skeleton(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *norm, *memo, *remember;
    if (!PyArg_ParseTuple(args, "UO!O:skeleton", &norm, &PyDict_Type, &memo, &remember))
        return NULL;
    if (PyUnicode_IS_ASCII(norm))
        return skeleton_ascii(norm);
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm);
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    /* Scratch for one token: its fold is at most twice its length, plus the mark. */
    Py_ssize_t scratch_cap = 0;
    char *token = NULL, *out = NULL, *work = NULL;
    Buffer b = {NULL, 0, 0};
    PyObject *result = NULL;
    if (reserve(&b, n + n / 8 + 16) < 0)
        goto done;
    Py_ssize_t start = 0;
    while (start <= n) {
        Py_ssize_t end = start, ascii = 1;
        while (end < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, end);
            if (c == ' ')
                break;
            if (c >= 128)
                ascii = 0;
            end++;
        }
        Py_ssize_t len = end - start;
        if (ascii) {
            if (2 * len + 2 > scratch_cap) {
                scratch_cap = 2 * len + 64;
                PyMem_Free(token); PyMem_Free(out); PyMem_Free(work);
                token = PyMem_Malloc((size_t)scratch_cap);
                out = PyMem_Malloc((size_t)scratch_cap);
                work = PyMem_Malloc((size_t)scratch_cap);
                if (token == NULL || out == NULL || work == NULL) {
                    PyErr_NoMemory();
                    goto done;
                }
            }
            for (Py_ssize_t i = 0; i < len; i++)
                token[i] = (char)PyUnicode_READ(kind, data, start + i);
            Py_ssize_t m = fold(token, len, out, work);
            if (reserve(&b, m + 1) < 0)
                goto done;
            for (Py_ssize_t i = 0; i < m; i++)
                b.data[b.len++] = (unsigned char)out[i];
        }
        else {
            PyObject *t = PyUnicode_Substring(norm, start, end);
            if (t == NULL)
                goto done;
            PyObject *folded = PyDict_GetItemWithError(memo, t);  /* borrowed */
            if (folded != NULL && PyUnicode_Check(folded) && PyUnicode_GET_LENGTH(folded) > 0) {
                Py_INCREF(folded);
            }
            else if (PyErr_Occurred()) {
                Py_DECREF(t);
                goto done;
            }
            else {
                folded = PyObject_CallOneArg(remember, t);
                if (folded != NULL && !PyUnicode_Check(folded)) {
                    PyErr_SetString(PyExc_TypeError, "remember() must return str");
                    Py_CLEAR(folded);
                }
            }
            Py_DECREF(t);
            if (folded == NULL)
                goto done;
            Py_ssize_t m = PyUnicode_GET_LENGTH(folded);
            if (reserve(&b, m + 1) < 0) {
                Py_DECREF(folded);
                goto done;
            }
            int fkind = PyUnicode_KIND(folded);
            const void *fdata = PyUnicode_DATA(folded);
            for (Py_ssize_t i = 0; i < m; i++)
                b.data[b.len++] = PyUnicode_READ(fkind, fdata, i);
            Py_DECREF(folded);
        }
        if (end < n)
            b.data[b.len++] = ' ';
        start = end + 1;
    }
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, b.data, b.len);
done:
    PyMem_Free(b.data);
    PyMem_Free(token);
    PyMem_Free(out);
    PyMem_Free(work);
    return result;
}

PyDoc_STRVAR(fold_doc, "fold(token) -> str\n\nReturn skeleton.fold(token) of an ASCII token.");

static PyObject *
fold_token(PyObject *Py_UNUSED(self), PyObject *arg)
{
    if (!PyUnicode_Check(arg) || !PyUnicode_IS_ASCII(arg)) {
        PyErr_SetString(PyExc_TypeError, "fold() takes an ASCII str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    char *out = PyMem_Malloc((size_t)(2 * n + 2)), *work = PyMem_Malloc((size_t)(2 * n + 2));
    PyObject *result = NULL;
    if (out == NULL || work == NULL)
        PyErr_NoMemory();
    else
        result = PyUnicode_DecodeASCII(out, fold((const char *)PyUnicode_DATA(arg), n, out, work), NULL);
    PyMem_Free(out);
    PyMem_Free(work);
    return result;
}

/* The end of the run of decimal digits (re's \\d) from p, not past bound. */
static inline int
decimal(Py_UCS4 c)
{
    return c < 128 ? c >= '0' && c <= '9' : Py_UNICODE_ISDECIMAL(c);
}

static inline Py_ssize_t
digits_end(int kind, const void *data, Py_ssize_t p, Py_ssize_t bound)
{
    while (p < bound && decimal(PyUnicode_READ(kind, data, p)))
        p++;
    return p;
}

/* A token of lo..hi decimal digits at p, followed by a space (space=1) or ending at bound or a space
 * (space=0): where the next token starts (or the token's end, space=0), else -1. */
static inline Py_ssize_t
number_at(int kind, const void *data, Py_ssize_t p, Py_ssize_t bound, Py_ssize_t lo, Py_ssize_t hi, int space)
{
    Py_ssize_t e = digits_end(kind, data, p, bound), k = e - p;
    if (k < lo || k > hi)
        return -1;
    if (space)
        return e < bound && PyUnicode_READ(kind, data, e) == ' ' ? e + 1 : -1;
    return e == bound || PyUnicode_READ(kind, data, e) == ' ' ? e : -1;
}

/* A month name (a token of months) at p, followed by a space (and a digit, with digit_after): where the
 * next token starts, -1 if none, -2 on an error. The digit is only a quicker no: in the shapes where
 * it is asked for, a number follows the month name. */
static Py_ssize_t
month_at(PyObject *norm, int kind, const void *data, Py_ssize_t p, Py_ssize_t bound, PyObject *months,
         int digit_after)
{
    Py_ssize_t e = p;
    while (e < bound) {
        Py_UCS4 c = PyUnicode_READ(kind, data, e);
        if (c < 'a' || c > 'z')
            break;
        e++;
    }
    if (e - p < 3 || e - p > 10 || e >= bound || PyUnicode_READ(kind, data, e) != ' ')
        return -1;
    if (digit_after && (e + 1 >= bound || !decimal(PyUnicode_READ(kind, data, e + 1))))
        return -1;
    PyObject *token = PyUnicode_Substring(norm, p, e);
    if (token == NULL)
        return -2;
    int found = PySet_Contains(months, token);
    Py_DECREF(token);
    return found < 0 ? -2 : found ? e + 1 : -1;
}

/* The token "de" at p, followed by a space: where the next token starts, else -1. */
static inline Py_ssize_t
de_at(int kind, const void *data, Py_ssize_t p, Py_ssize_t bound)
{
    return p + 3 < bound && PyUnicode_READ(kind, data, p) == 'd' && PyUnicode_READ(kind, data, p + 1) == 'e'
        && PyUnicode_READ(kind, data, p + 2) == ' ' ? p + 3 : -1;
}

/* The end of the date shape at p (the shapes of dates._SHAPE, in its order), -1 if none, -2 on an error. */
static Py_ssize_t
shape_at(PyObject *norm, int kind, const void *data, Py_ssize_t p, Py_ssize_t bound, PyObject *months)
{
    Py_ssize_t q, r, e;
    if ((e = number_at(kind, data, p, bound, 8, 8, 0)) >= 0)  /* YYYYMMDD and its orders */
        return e;
    if ((q = number_at(kind, data, p, bound, 1, 4, 1)) >= 0) {  /* number, number or month name, number */
        r = number_at(kind, data, q, bound, 1, 2, 1);
        if (r < 0 && (r = month_at(norm, kind, data, q, bound, months, 1)) == -2)
            return -2;
        if (r >= 0 && (e = number_at(kind, data, r, bound, 1, 4, 0)) >= 0)
            return e;
    }
    if ((q = month_at(norm, kind, data, p, bound, months, 1)) == -2)  /* month name, day, year */
        return -2;
    if (q >= 0 && (r = number_at(kind, data, q, bound, 1, 2, 1)) >= 0 && (e = number_at(kind, data, r, bound, 2, 4, 0)) >= 0)
        return e;
    if ((q = number_at(kind, data, p, bound, 1, 2, 1)) >= 0 && (q = de_at(kind, data, q, bound)) >= 0) {
        if ((r = month_at(norm, kind, data, q, bound, months, 0)) == -2)  /* day de month de year */
            return -2;
        if (r >= 0 && (r = de_at(kind, data, r, bound)) >= 0 && (e = number_at(kind, data, r, bound, 4, 4, 0)) >= 0)
            return e;
    }
    return -1;
}

/* Where the token after the one at `at` starts (n + 1 past the last), a memchr for one-byte text. */
static inline Py_ssize_t
next_token(int kind, const void *data, Py_ssize_t n, Py_ssize_t at)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const char *space = memchr((const char *)data + at, ' ', (size_t)(n - at));
        return space ? space - (const char *)data + 1 : n + 1;
    }
    while (at < n && PyUnicode_READ(kind, data, at) != ' ')
        at++;
    return at + 1;
}

/* The spaces of text[0:n]. */
static Py_ssize_t
spaces(int kind, const void *data, Py_ssize_t n)
{
    Py_ssize_t count = 0;
    for (Py_ssize_t at = 0; at < n; count++) {
        at = next_token(kind, data, n, at);
        if (at > n)
            break;
    }
    return count;
}

PyDoc_STRVAR(date_shapes_doc,
"date_shapes(norm, ranges, span, months) -> list[tuple[int, str]]\n\n"
"Return dates.date_shapes_python(norm, ranges) for span=DATE_TOKENS, months=_MONTH_SET: (token, shape) of each date shape.");

static PyObject *
date_shapes(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *norm, *ranges, *months;
    Py_ssize_t span;
    if (!PyArg_ParseTuple(args, "UO!nO!:date_shapes", &norm, &PyList_Type, &ranges, &span, &PyFrozenSet_Type, &months))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm);
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    Py_ssize_t count = spaces(kind, data, n) + 1;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    /* Two cursors walk the tokens forward: the token at, starting at char; the one a stretch ends before. */
    Py_ssize_t at = 0, char_at = 0, last = 0, char_last = 0, done = -1;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(ranges); k++) {
        Py_ssize_t lo, hi;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(ranges, k), "nn:date_shapes", &lo, &hi))
            goto fail;
        if (lo < 0 || lo <= done || hi < lo || hi > count) {
            PyErr_SetString(PyExc_ValueError, "date_shapes: ranges must be in order, apart, within the tokens");
            goto fail;
        }
        Py_ssize_t end_token = hi - 1 + span < count ? hi - 1 + span : count;
        for (; last < end_token; last++)
            char_last = next_token(kind, data, n, char_last);
        Py_ssize_t bound = char_last - 1;  /* the end of the stretch's last token */
        for (; at < lo; at++)
            char_at = next_token(kind, data, n, char_at);
        for (; at < hi; at++) {
            Py_ssize_t e = shape_at(norm, kind, data, char_at, bound, months);
            if (e == -2)
                goto fail;
            if (e >= 0) {
                PyObject *item = Py_BuildValue("(nN)", at, PyUnicode_Substring(norm, char_at, e));
                if (item == NULL || PyList_Append(out, item) < 0) {
                    Py_XDECREF(item);
                    goto fail;
                }
                Py_DECREF(item);
            }
            char_at = next_token(kind, data, n, char_at);
        }
        done = hi - 1;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* A growable buffer of bytes: the tagged family part and day hashed for a lookup. */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Bytes;

static int
bytes_add(Bytes *b, const char *data, Py_ssize_t n)
{
    if (b->len + n > b->cap) {
        Py_ssize_t cap = 2 * (b->len + n) + 64;
        char *grown = PyMem_Realloc(b->data, (size_t)cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, (size_t)n);
    b->len += n;
    return 0;
}

/* Add the UTF-8 of word (lone surrogates passed through, as parttables.utf8 writes them). */
static int
bytes_add_utf8(Bytes *b, PyObject *word)
{
    if (PyUnicode_IS_ASCII(word))
        return bytes_add(b, (const char *)PyUnicode_DATA(word), PyUnicode_GET_LENGTH(word));
    PyObject *encoded = PyUnicode_AsEncodedString(word, "utf-8", "surrogatepass");
    if (encoded == NULL)
        return -1;
    int rc = bytes_add(b, PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded));
    Py_DECREF(encoded);
    return rc;
}

/* bisect_left: the first index of items[lo:hi] (ascending) holding a value >= value. */
#define LOWER_BOUND(name, type)                                                  \
    static Py_ssize_t                                                            \
    name(const type *items, Py_ssize_t lo, Py_ssize_t hi, type value)            \
    {                                                                            \
        while (lo < hi) {                                                        \
            Py_ssize_t mid = lo + (hi - lo) / 2;                                 \
            if (items[mid] < value)                                              \
                lo = mid + 1;                                                    \
            else                                                                 \
                hi = mid;                                                        \
        }                                                                        \
        return lo;                                                               \
    }
LOWER_BOUND(lower_bound_ssize, Py_ssize_t)
LOWER_BOUND(lower_bound_u64, unsigned long long)

PyDoc_STRVAR(birth_slots_doc,
"birth_slots(words, named, spans, days, masks, within, h, table) -> list[tuple[int, int, int, int]]\n\n"
"Return partial.birth_slots_python(words, named, spans, days, masks, within, h, table).");

static PyObject *
birth_slots(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *words, *named_list, *spans, *days, *masks, *h, *table;
    Py_ssize_t within;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!nOO:birth_slots", &PyList_Type, &words, &PyList_Type, &named_list,
                          &PyList_Type, &spans, &PyList_Type, &days, &PyDict_Type, &masks, &within, &h, &table))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(words), n_named = PyList_GET_SIZE(named_list);
    if (PyList_GET_SIZE(days) != PyList_GET_SIZE(spans)) {
        PyErr_SetString(PyExc_ValueError, "birth_slots: a day for each span");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(table, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    PyObject *out = NULL;
    Py_ssize_t *named = NULL;
    Bytes key = {NULL, 0, 0};
    PyObject *day_ref = NULL;
    if (view.itemsize != 8 || view.format == NULL || strcmp(view.format, "Q") != 0) {
        PyErr_SetString(PyExc_TypeError, "birth_slots: the table is an array of 'Q'");
        goto done;
    }
    const unsigned long long *hashes = view.buf;
    Py_ssize_t n_hashes = view.len / 8;
    named = PyMem_Malloc((size_t)(n_named ? n_named : 1) * sizeof(Py_ssize_t));
    if (named == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_named; i++) {
        named[i] = PyLong_AsSsize_t(PyList_GET_ITEM(named_list, i));
        if (named[i] == -1 && PyErr_Occurred())
            goto done;
        if (named[i] < 0 || named[i] >= count || (i > 0 && named[i] <= named[i - 1])) {
            PyErr_SetString(PyExc_ValueError, "birth_slots: named tokens in order, of the words");
            goto done;
        }
    }
    out = PyList_New(0);
    if (out == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(spans); i++) {
        Py_ssize_t a, b;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(spans, i), "nn:birth_slots", &a, &b))  /* ints: no Python code */
            goto fail;
        if (i >= PyList_GET_SIZE(days)) {
            PyErr_SetString(PyExc_RuntimeError, "birth_slots: days changed during the lookups");
            goto fail;
        }
        PyObject *day = PyList_GET_ITEM(days, i);  /* held by day_ref while h() runs */
        if (!PyBytes_Check(day)) {
            PyErr_SetString(PyExc_TypeError, "birth_slots: days are bytes");
            goto fail;
        }
        Py_XSETREF(day_ref, Py_NewRef(day));
        Py_ssize_t lo = lower_bound_ssize(named, 0, n_named, a - within);
        Py_ssize_t hi = lower_bound_ssize(named, lo, n_named, b + within < count ? b + within : count);
        for (Py_ssize_t k = lo; k < hi; k++) {
            Py_ssize_t p = named[k];
            if (a <= p && p < b)
                continue;
            if (p >= PyList_GET_SIZE(words)) {
                PyErr_SetString(PyExc_RuntimeError, "birth_slots: words changed during the lookups");
                goto fail;
            }
            PyObject *mask_object = PyDict_GetItemWithError(masks, PyList_GET_ITEM(words, p));  /* borrowed */
            if (mask_object == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_KeyError, "birth_slots: a named word without its mask");  /* never the word */
                goto fail;
            }
            unsigned long long mask = PyLong_AsUnsignedLongLong(mask_object);
            if (mask == (unsigned long long)-1 && PyErr_Occurred())
                goto fail;
            key.len = 0;
            if (bytes_add(&key, "B", 1) < 0)
                goto fail;
            Py_ssize_t joined = 0;  /* words[p : p + joined] are in key */
            for (Py_ssize_t n = 1; mask; n++, mask >>= 1) {
                if (!(mask & 1))
                    continue;
                if ((p < a && a < p + n) || p + n > count)
                    break;
                key.len = joined ? key.len - PyBytes_GET_SIZE(day) : key.len;  /* drop the day of the last */
                for (; joined < n; joined++) {
                    if (p + joined >= PyList_GET_SIZE(words)) {  /* h() changed the list: no read past it */
                        PyErr_SetString(PyExc_RuntimeError, "birth_slots: words changed during the lookups");
                        goto fail;
                    }
                    if ((joined && bytes_add(&key, " ", 1) < 0) || bytes_add_utf8(&key, PyList_GET_ITEM(words, p + joined)) < 0)
                        goto fail;
                }
                if (bytes_add(&key, PyBytes_AS_STRING(day), PyBytes_GET_SIZE(day)) < 0)
                    goto fail;
                PyObject *data = PyBytes_FromStringAndSize(key.data, key.len);
                if (data == NULL)
                    goto fail;
                PyObject *hashed_object = PyObject_CallOneArg(h, data);
                Py_DECREF(data);
                if (hashed_object == NULL)
                    goto fail;
                unsigned long long hashed = PyLong_AsUnsignedLongLong(hashed_object);
                Py_DECREF(hashed_object);
                if (hashed == (unsigned long long)-1 && PyErr_Occurred())
                    goto fail;
                Py_ssize_t slot = lower_bound_u64(hashes, 0, n_hashes, hashed);
                if (slot < n_hashes && hashes[slot] == hashed) {
                    PyObject *item = Py_BuildValue("(nnnn)", i, p, n, slot);
                    if (item == NULL || PyList_Append(out, item) < 0) {
                        Py_XDECREF(item);
                        goto fail;
                    }
                    Py_DECREF(item);
                }
            }
        }
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyBuffer_Release(&view);
    PyMem_Free(named);
    PyMem_Free(key.data);
    Py_XDECREF(day_ref);
    return out;
}

/* The "A" of an A-number at a digit run starting at `start` (matcher._edge): whether the run starts a
 * token (or follows a glued "a"), and where its "a" stands (-1 if none). */
static void
a_number_edge(int kind, const void *data, Py_ssize_t start, int *first_ok, Py_ssize_t *prefix_at)
{
#define AT(i) PyUnicode_READ(kind, data, (i))
    int glued = start > 0 && AT(start - 1) == 'a' && (start == 1 || AT(start - 2) == ' ');
    *first_ok = start == 0 || AT(start - 1) == ' ' || glued;
    *prefix_at = glued ? start - 1
        : start >= 2 && AT(start - 2) == 'a' && (start == 2 || AT(start - 3) == ' ') ? start - 2 : -1;
#undef AT
}

/* Append (start, end, canonical, prefixed) if the digits of groups [i, j] of a run, zero-padded to nine,
 * are in listed. Returns -1 on an error. */
/* Whether the nine digits' value is in a sorted buffer of unsigned 64-bit numbers (matcher.NumberIndex's):
   what int(digits) in the index tells, by bisection, without a Python call. */
static int
in_sorted(const Py_buffer *sorted, const Py_UCS4 *digits)
{
    unsigned long long value = 0;
    for (int d = 0; d < 9; d++)
        value = value * 10 + (unsigned long long)Py_UNICODE_TODECIMAL(digits[d]);
    const unsigned long long *numbers = sorted->buf;
    Py_ssize_t lo = 0, hi = sorted->len / (Py_ssize_t)sizeof(unsigned long long);
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (numbers[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sorted->len / (Py_ssize_t)sizeof(unsigned long long) && numbers[lo] == value;
}

static int
a_number_try(PyObject *out, PyObject *listed, const Py_buffer *sorted, int kind, const void *data,
             const Py_ssize_t *starts, const Py_ssize_t *lengths, Py_ssize_t i, Py_ssize_t j, Py_ssize_t size,
             Py_ssize_t hit_start, int prefixed)
{
    Py_UCS4 digits[9];
    Py_ssize_t o = 0;
    for (; o < 9 - size; o++)
        digits[o] = '0';
    for (Py_ssize_t g = i; g <= j; g++)
        for (Py_ssize_t k = 0; k < lengths[g]; k++)
            digits[o++] = PyUnicode_READ(kind, data, starts[g] + k);
    if (sorted != NULL && !in_sorted(sorted, digits))
        return 0;  /* not listed: no string made for it */
    PyObject *canonical = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, digits, 9);
    if (canonical == NULL)
        return -1;
    int found = sorted != NULL ? 1 : PySequence_Contains(listed, canonical);
    if (found == 1) {
        PyObject *item = Py_BuildValue("(nnOO)", hit_start, starts[j] + lengths[j], canonical,
                                       prefixed ? Py_True : Py_False);
        found = item == NULL || PyList_Append(out, item) < 0 ? -1 : 0;
        Py_XDECREF(item);
    }
    Py_DECREF(canonical);
    return found < 0 ? -1 : 0;
}

PyDoc_STRVAR(a_numbers_doc,
"a_numbers(text, listed, sorted=None) -> list[tuple[int, int, str, bool]]\n\n"
"Return matcher.find_a_numbers_python(text, listed), each Hit as (start, end, key, prefixed). sorted:\n"
"listed's numbers as a sorted buffer of unsigned 64-bit ints (array 'Q'), searched here instead of\n"
"asking listed.");

static PyObject *
a_numbers(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *listed, *numbers = Py_None;
    if (!PyArg_ParseTuple(args, "UO|O:a_numbers", &text, &listed, &numbers))
        return NULL;
    Py_buffer view, *sorted = NULL;
    if (numbers != Py_None) {
        if (PyObject_GetBuffer(numbers, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
            return NULL;
        if (view.itemsize != (Py_ssize_t)sizeof(unsigned long long) || view.format == NULL || strcmp(view.format, "Q") != 0) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_TypeError, "a_numbers: sorted must be a buffer of unsigned 64-bit ints ('Q')");
            return NULL;
        }
        sorted = &view;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), cap = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t *starts = NULL, *lengths = NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        if (sorted != NULL)
            PyBuffer_Release(sorted);
        return NULL;
    }
    Py_ssize_t at = 0;
    while (at < n) {
        /* A run as matcher._DIGIT_RUN finds it: a digit, then six or more digits and spaces. */
        while (at < n && !decimal(PyUnicode_READ(kind, data, at)))
            at++;
        Py_ssize_t start = at, stop = at;
        while (stop < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, stop);
            if (c != ' ' && !decimal(c))
                break;
            stop++;
        }
        at = stop;
        if (stop - start < 7)
            continue;
        /* Its groups: the run split at each space. */
        Py_ssize_t groups = 1;
        for (Py_ssize_t k = start; k < stop; k++)
            groups += PyUnicode_READ(kind, data, k) == ' ';
        if (groups > cap) {
            cap = 2 * groups;
            PyMem_Free(starts);
            PyMem_Free(lengths);
            starts = PyMem_Malloc((size_t)cap * sizeof(Py_ssize_t));
            lengths = PyMem_Malloc((size_t)cap * sizeof(Py_ssize_t));
            if (starts == NULL || lengths == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
        }
        Py_ssize_t g = 0;
        starts[0] = start;
        for (Py_ssize_t k = start; k < stop; k++)
            if (PyUnicode_READ(kind, data, k) == ' ') {
                lengths[g] = k - starts[g];
                starts[++g] = k + 1;
            }
        lengths[g] = stop - starts[g];
        int first_ok;
        Py_ssize_t prefix_at;
        if (groups == 1 || (groups == 2 && lengths[1] == 0)) {  /* one token of digits, the usual run */
            Py_ssize_t end = start + lengths[0];
            if (lengths[0] < 7 || lengths[0] > 9 || (end < n && PyUnicode_READ(kind, data, end) != ' '))
                continue;
            a_number_edge(kind, data, start, &first_ok, &prefix_at);
            int prefixed = prefix_at >= 0;
            if (first_ok && lengths[0] >= (prefixed ? 7 : 8)
                && a_number_try(out, listed, sorted, kind, data, starts, lengths, 0, 0, lengths[0], prefixed ? prefix_at : start,
                                prefixed) < 0)
                goto fail;
            continue;
        }
        /* matcher._SHAPE: a group of seven digits or more, or one of one to three and two of three after it. */
        int shaped = 0;
        for (Py_ssize_t k = 0; k < groups && !shaped; k++)
            shaped = lengths[k] >= 7 || (lengths[k] >= 1 && lengths[k] <= 3 && k + 2 < groups && lengths[k + 1] == 3
                                         && lengths[k + 2] == 3);
        if (!shaped)
            continue;
        a_number_edge(kind, data, start, &first_ok, &prefix_at);
        Py_ssize_t end = starts[groups - 1] + lengths[groups - 1];
        if (lengths[groups - 1] == 0 || (end < n && PyUnicode_READ(kind, data, end) != ' '))
            groups--;  /* the last group is not a whole token */
        for (Py_ssize_t i = 0; i < groups; i++) {
            if (i == 0 && !first_ok)
                continue;
            Py_ssize_t size = 0;
            for (Py_ssize_t j = i; j < groups; j++) {
                size += lengths[j];
                if (size > 9)
                    break;
                int prefixed = i == 0 && prefix_at >= 0;
                if (size >= (prefixed ? 7 : 8)
                    && a_number_try(out, listed, sorted, kind, data, starts, lengths, i, j, size, prefixed ? prefix_at : starts[i],
                                    prefixed) < 0)
                    goto fail;
            }
        }
    }
    PyMem_Free(starts);
    PyMem_Free(lengths);
    if (sorted != NULL)
        PyBuffer_Release(sorted);
    return out;
fail:
    PyMem_Free(starts);
    PyMem_Free(lengths);
    if (sorted != NULL)
        PyBuffer_Release(sorted);
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(token_spans_doc,
"token_spans(text, at, classes) -> list of (start, end)\n\n"
"Return the tokens of text (plus at): a token starts at an ASCII letter or digit, or a character that\n"
"classes (code point -> 1 letter, 2 vanishing) calls a letter, and runs over letters and vanishing\n"
"characters; anything else separates (normalize.token_spans' regex, _spans).");

static int
span_append(PyObject *out, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *span = PyTuple_New(2), *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (span == NULL || a == NULL || b == NULL) {
        Py_XDECREF(span);
        Py_XDECREF(a);
        Py_XDECREF(b);
        return -1;
    }
    PyTuple_SET_ITEM(span, 0, a);
    PyTuple_SET_ITEM(span, 1, b);
    int failed = PyList_Append(out, span);
    Py_DECREF(span);
    return failed;
}

static PyObject *
token_spans(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *classes;
    Py_ssize_t at;
    if (!PyArg_ParseTuple(args, "UnO!", &text, &at, &PyDict_Type, &classes))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), start = -1;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_UCS4 last = 0;  /* the last non-ASCII character looked up, and its part: a script's text repeats them */
    long last_part = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        long part;
        if (c < 128) {
            part = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        } else if (c == last) {
            part = last_part;
        } else {
            PyObject *key = PyLong_FromUnsignedLong(c);
            if (key == NULL)
                goto fail;
            PyObject *value = PyDict_GetItemWithError(classes, key);
            Py_DECREF(key);
            if (value == NULL && PyErr_Occurred())
                goto fail;
            part = value == NULL ? 0 : PyLong_AsLong(value);
            if (part == -1 && PyErr_Occurred())
                goto fail;
            last = c;
            last_part = part;
        }
        if (start < 0) {
            if (part == 1)
                start = i;
        } else if (part == 0) {
            if (span_append(out, start + at, i + at) < 0)
                goto fail;
            start = -1;
        }
    }
    if (start >= 0 && span_append(out, start + at, n + at) < 0)
        goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(token_starts_doc,
"token_starts(norm, at) -> list of int\n\n"
"Return where each token of a normalised text (single spaces between tokens) starts, plus at, and\n"
"where a token after the last would start: spans._starts_python, without a string per token.");

static PyObject *
token_starts(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *norm;
    Py_ssize_t at;
    if (!PyArg_ParseTuple(args, "Un", &norm, &at))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm);
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    /* A token starts at 0 and after every space; one more would start after the end, as if a space stood there. */
    for (Py_ssize_t i = -1; i <= n; i++) {
        if (i >= 0 && i < n && PyUnicode_READ(kind, data, i) != ' ')
            continue;
        PyObject *start = PyLong_FromSsize_t(at + i + 1);
        if (start == NULL || PyList_Append(out, start) < 0) {
            Py_XDECREF(start);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(start);
    }
    return out;
}

PyDoc_STRVAR(base64_starts_doc,
"base64_starts(text) -> list of int\n\n"
"Return where layers._bare_runs tries its regex: the start of each run of ten or more of\n"
"[A-Za-z0-9+/\\\\] that is neither letters alone nor of one case (str.isalpha, islower, isupper), or\n"
"goes on to a next line (a line end within the four characters after it): layers._starts_python.");

static int
base64_char(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '\\';
}

static PyObject *
base64_starts(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!base64_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        int upper = 0, lower = 0, other = 0;
        for (; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (!base64_char(c))
                break;
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            other |= !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        }
        if (i - start < 10)
            continue;
        /* str.isalpha(), islower() or isupper() of the run: no character but letters, or one case only */
        int one_kind = !other || (lower && !upper) || (upper && !lower);
        if (one_kind) {
            int goes_on = 0;
            for (Py_ssize_t k = i; k < n && k < i + 4; k++)
                goes_on |= PyUnicode_READ(kind, data, k) == '\n';
            if (!goes_on)
                continue;
        }
        PyObject *at = PyLong_FromSsize_t(start);
        if (at == NULL || PyList_Append(out, at) < 0) {
            Py_XDECREF(at);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(at);
    }
    return out;
}

PyDoc_STRVAR(listed_words_doc,
"listed_words(words, heads, tails, skip_digits) -> (list of int, list of int, list of str)\n\n"
"Return the indices of words whose value in heads is true, those whose value in tails is, and the\n"
"distinct words missing from either, in the order they first stand; no word holding a decimal\n"
"digit when skip_digits: protected/partwords.py's listed_words_python.");

static int
holds_decimal(PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i)))  /* what \d matches in a str pattern */
            return 1;
    return 0;
}

/* Return 1 if word's value in memo is a true int, 0 if false, -2 if word is missing, -1 on error. */
static int
memo_truth(PyObject *memo, PyObject *word)
{
    PyObject *value = PyDict_GetItemWithError(memo, word);  /* borrowed; exact str keys: no Python code */
    if (value == NULL)
        return PyErr_Occurred() ? -1 : -2;
    if (!PyLong_CheckExact(value)) {
        PyErr_SetString(PyExc_TypeError, "listed_words: a memo's values are ints");
        return -1;
    }
    return PyObject_IsTrue(value);
}

static int
append_ssize(PyObject *list, Py_ssize_t i)
{
    PyObject *value = PyLong_FromSsize_t(i);
    int failed = value == NULL || PyList_Append(list, value) < 0;
    Py_XDECREF(value);
    return failed ? -1 : 0;
}

static PyObject *
listed_words(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *words, *heads, *tails;
    int skip_digits;
    if (!PyArg_ParseTuple(args, "O!O!O!p:listed_words", &PyList_Type, &words, &PyDict_Type, &heads,
                          &PyDict_Type, &tails, &skip_digits))
        return NULL;
    PyObject *at_heads = PyList_New(0), *at_tails = PyList_New(0), *unknown = PyList_New(0), *seen = PySet_New(NULL);
    if (at_heads == NULL || at_tails == NULL || unknown == NULL || seen == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyUnicode_CheckExact(word)) {
            PyErr_SetString(PyExc_TypeError, "listed_words: words are str");
            goto fail;
        }
        if (skip_digits && holds_decimal(word))
            continue;
        int head = memo_truth(heads, word);
        int tail = head < -1 ? -2 : memo_truth(tails, word);
        if (head == -1 || tail == -1)
            goto fail;
        if (tail == -2) {  /* missing from either memo */
            int known = PySet_Contains(seen, word);
            if (known < 0 || (!known && (PySet_Add(seen, word) < 0 || PyList_Append(unknown, word) < 0)))
                goto fail;
            continue;
        }
        if ((head && append_ssize(at_heads, i) < 0) || (tail && append_ssize(at_tails, i) < 0))
            goto fail;
    }
    Py_DECREF(seen);
    return Py_BuildValue("(NNN)", at_heads, at_tails, unknown);
fail:
    Py_XDECREF(at_heads);
    Py_XDECREF(at_tails);
    Py_XDECREF(unknown);
    Py_XDECREF(seen);
    return NULL;
}

static PyMethodDef methods[] = {
    {"a_numbers", a_numbers, METH_VARARGS, a_numbers_doc},
    {"birth_slots", birth_slots, METH_VARARGS, birth_slots_doc},
    {"date_shapes", date_shapes, METH_VARARGS, date_shapes_doc},
    {"skeleton", skeleton, METH_VARARGS, skeleton_doc},
    {"fold", fold_token, METH_O, fold_doc},
    {"token_spans", token_spans, METH_VARARGS, token_spans_doc},
    {"token_starts", token_starts, METH_VARARGS, token_starts_doc},
    {"base64_starts", base64_starts, METH_VARARGS, base64_starts_doc},
    {"listed_words", listed_words, METH_VARARGS, listed_words_doc},
    {"sheet_rows", sheet_rows, METH_VARARGS, sheet_rows_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "withhold._fast", "Hot paths over normalised text (withhold/native.py).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__fast(void)
{
    for (size_t d = 0; d < N_DIGRAPHS; d++)
        digraph_needs[d] = letters_of(DIGRAPHS[d].written, (Py_ssize_t)strlen(DIGRAPHS[d].written));
    return PyModule_Create(&module);
}
