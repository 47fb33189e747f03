/* withhold._fast.sheet_rows: a sheet's rows as the precise walk writes them, in C (extract/xlsxrows.py).
 *
 * The same tokens as xlsxrows._TOKEN_OR_OTHER, read one character at a time: XML white space, a
 * <row ...> tag, </row>, a plain cell. Whatever rows_python answers, this gives the same text and
 * marks, or gives up (False) and leaves the sheet to rows_python: on any shape it does not read
 * (a piece of data of no plain shape, an entity it does not decode, a row number or shared-string
 * index that is not plain ASCII digits). It never answers None itself, so what rows_python says
 * of a sheet it refuses stays rows_python's. tests/fast_test.py holds the two together (hypothesis).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyObject *sheet_rows(PyObject *self, PyObject *args);  /* in _fast.c's table of methods */
extern const char sheet_rows_doc[];

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

static int
xml_space(Py_UCS4 c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Return 1 if the ASCII literal stands at i. */
static int
has(const Text *t, Py_ssize_t i, const char *literal)
{
    for (; *literal; literal++, i++)
        if (i >= t->n || AT(t, i) != (Py_UCS4)(unsigned char)*literal)
            return 0;
    return 1;
}

static Py_ssize_t
skip_space(const Text *t, Py_ssize_t i)
{
    while (i < t->n && xml_space(AT(t, i)))
        i++;
    return i;
}

typedef struct {
    Py_ssize_t r0, r1;  /* the reference, [r0, r1); r0 < 0 without one */
    Py_ssize_t s0, s1;  /* the style: s1 or s2 of the regex, the first present */
    Py_ssize_t t0, t1;
    Py_ssize_t v0, v1;  /* the value or inline string; v0 < 0 without one */
} Cell;

/* Parse ` NAME="` then characters while ok(), then `"` at *i; advance *i and set [a, b) on success. */
static int
attribute(const Text *t, Py_ssize_t *i, const char *name, int (*ok)(Py_UCS4), int nonempty, Py_ssize_t *a,
          Py_ssize_t *b)
{
    Py_ssize_t j = *i;
    if (!has(t, j, " ") || !has(t, j + 1, name))
        return 0;
    j += 1 + (Py_ssize_t)strlen(name);
    if (!has(t, j, "=\""))
        return 0;
    j += 2;
    Py_ssize_t start = j;
    while (j < t->n && ok(AT(t, j)))
        j++;
    if ((nonempty && j == start) || !has(t, j, "\""))
        return 0;
    *a = start, *b = j, *i = j + 1;
    return 1;
}

static int
ref_char(Py_UCS4 c)
{
    return c != '"' && c != '&' && c != '<' && !Py_UNICODE_ISSPACE(c);  /* [^"&<\s] */
}

static int
digit_char(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

static int
letter_char(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
not_lt(Py_UCS4 c)
{
    return c != '<';
}

/* Return the end of a plain cell at i (which holds "<c"), or -1: the regex's cell alternative. */
static Py_ssize_t
cell_at(const Text *t, Py_ssize_t i, Cell *c)
{
    Py_ssize_t j = i + 2, a, b;
    c->r0 = c->s0 = c->t0 = c->v0 = -1;
    c->r1 = c->s1 = c->t1 = c->v1 = -1;
    if (attribute(t, &j, "r", ref_char, 0, &a, &b))
        c->r0 = a, c->r1 = b;
    if (attribute(t, &j, "s", digit_char, 1, &a, &b))
        c->s0 = a, c->s1 = b;
    if (attribute(t, &j, "t", letter_char, 1, &a, &b))
        c->t0 = a, c->t1 = b;
    if (attribute(t, &j, "s", digit_char, 1, &a, &b) && c->s0 < 0)
        c->s0 = a, c->s1 = b;
    j = skip_space(t, j);
    if (has(t, j, "/>"))
        return j + 2;
    if (!has(t, j, ">"))
        return -1;
    j = skip_space(t, j + 1);
    Py_ssize_t k;
    if (has(t, j, "<v>")) {
        for (k = j + 3; k < t->n && not_lt(AT(t, k)); k++)
            ;
        if (has(t, k, "</v>"))
            c->v0 = j + 3, c->v1 = k, j = k + 4;
    }
    else if (has(t, j, "<v/>"))
        j += 4;
    else if (has(t, j, "<is>")) {
        k = skip_space(t, j + 4);
        Py_ssize_t open = has(t, k, "<t xml:space=\"preserve\">") ? 24 : has(t, k, "<t>") ? 3 : 0;
        if (open) {
            Py_ssize_t v0 = k + open;
            for (k = v0; k < t->n && not_lt(AT(t, k)); k++)
                ;
            Py_ssize_t v1 = k;
            if (has(t, k, "</t>")) {
                k = skip_space(t, k + 4);
                if (has(t, k, "</is>"))
                    c->v0 = v0, c->v1 = v1, j = k + 5;
            }
        }
    }
    j = skip_space(t, j);
    return has(t, j, "</c>") ? j + 4 : -1;
}

/* The character a reference at i decodes to (xlsxrows._ENTITY), its end in *end; 0 where this does not decode it. */
static Py_UCS4
entity_at(const Text *t, Py_ssize_t i, Py_ssize_t *end)
{
    static const struct { const char *name; Py_UCS4 c; } NAMED[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''},
    };
    for (size_t k = 0; k < sizeof(NAMED) / sizeof(NAMED[0]); k++)
        if (has(t, i, NAMED[k].name)) {
            *end = i + (Py_ssize_t)strlen(NAMED[k].name);
            return NAMED[k].c;
        }
    if (!has(t, i, "&#"))
        return 0;
    int hex = has(t, i + 2, "x");
    Py_ssize_t j = i + 2 + hex, start = j;
    unsigned long value = 0;
    for (; j < t->n && j - start < 8; j++) {
        Py_UCS4 d = AT(t, j);
        int digit = d >= '0' && d <= '9' ? (int)(d - '0') : !hex ? -1
                  : d >= 'a' && d <= 'f' ? (int)(d - 'a' + 10) : d >= 'A' && d <= 'F' ? (int)(d - 'A' + 10) : -1;
        if (digit < 0)
            break;
        value = value * (hex ? 16 : 10) + (unsigned long)digit;
    }
    if (j == start || !has(t, j, ";") || value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *end = j + 1;
    return (Py_UCS4)value;
}

/* Return text[v0:v1] as the parser gives character data (xlsxrows.text_of); Py_None to give up; NULL on error. */
static PyObject *
character_data(PyObject *text, const Text *t, Py_ssize_t v0, Py_ssize_t v1)
{
    int plain = 1;
    for (Py_ssize_t k = v0; k < v1 && plain; k++)
        plain = AT(t, k) != '\r' && AT(t, k) != '&';
    if (plain)
        return PyUnicode_Substring(text, v0, v1);
    Py_UCS4 *out = PyMem_Malloc((size_t)(v1 - v0 + 1) * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;
    for (Py_ssize_t k = v0; k < v1;) {
        Py_UCS4 ch = AT(t, k);
        if (ch == '\r') {
            out[n++] = '\n';
            k += k + 1 < v1 && AT(t, k + 1) == '\n' ? 2 : 1;
        }
        else if (ch == '&') {
            Py_ssize_t end;
            Py_UCS4 decoded = entity_at(t, k, &end);
            if (decoded == 0 || end > v1) {
                PyMem_Free(out);
                Py_RETURN_NONE;
            }
            out[n++] = decoded;
            k = end;
        }
        else
            out[n++] = ch, k++;
    }
    PyObject *value = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    return value;
}

/* The row number of a row tag [a, b) (xlsxrows._ROW_R, then the rows' rule): its r in ASCII digits, else
 * the row after; -1 to give up (an r of other characters, or too long). */
static long long
row_number(const Text *t, Py_ssize_t a, Py_ssize_t b, long long row)
{
    for (Py_ssize_t i = a; i + 1 < b; i++) {
        if (!Py_UNICODE_ISSPACE(AT(t, i)) || AT(t, i + 1) != 'r')
            continue;
        Py_ssize_t j = i + 2;
        while (j < b && Py_UNICODE_ISSPACE(AT(t, j)))
            j++;
        if (j >= b || AT(t, j) != '=')
            continue;
        for (j++; j < b && Py_UNICODE_ISSPACE(AT(t, j)); j++)
            ;
        if (j >= b || AT(t, j) != '"')
            continue;
        Py_ssize_t start = ++j;
        while (j < b && AT(t, j) != '"')
            j++;
        if (j >= b)
            continue;
        if (j == start)
            return row + 1;
        if (j - start > 15)
            return -1;
        long long value = 0;
        for (Py_ssize_t k = start; k < j; k++) {
            if (!digit_char(AT(t, k)))
                return -1;
            value = value * 10 + (long long)(AT(t, k) - '0');
        }
        return value;
    }
    return row + 1;
}

/* The shared string a cell of type s names: its index, -2 when its value is no index (left as it is), -1 to give up. */
static Py_ssize_t
string_index(PyObject *value, Py_ssize_t strings)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(value), a = 0, b = n;
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)))
        a++;
    while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
        b--;
    if (a == b)
        return -2;
    for (Py_ssize_t k = a; k < b; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (ch > 127)
            return -1;  /* a digit of another script, which str.isdigit() and int() read */
        if (!digit_char(ch))
            return -2;
    }
    if (b - a > 15)
        return -2;  /* no workbook holds that many strings */
    Py_ssize_t index = 0;
    for (Py_ssize_t k = a; k < b; k++)
        index = index * 10 + (Py_ssize_t)(PyUnicode_READ(kind, data, k) - '0');
    return index < strings ? index : -2;
}

typedef struct {
    PyObject *segments, *used, *parts, *marks;
    Py_ssize_t size;
} Out;

static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

/* The batch so far as one segment (text, marks), and a new batch. */
static int
flush(Out *o)
{
    PyObject *empty = PyUnicode_New(0, 0);
    PyObject *text = empty == NULL ? NULL : PyUnicode_Join(empty, o->parts);
    Py_XDECREF(empty);
    PyObject *marks = PyList_AsTuple(o->marks);
    PyObject *segment = text && marks ? PyTuple_Pack(2, text, marks) : NULL;
    Py_XDECREF(text);
    Py_XDECREF(marks);
    if (append_new(o->segments, segment) < 0)
        return -1;
    Py_SETREF(o->parts, PyList_New(0));
    Py_SETREF(o->marks, PyList_New(0));
    o->size = 0;
    return o->parts && o->marks ? 0 : -1;
}

/* What a cell shows (NULL on error, Py_None to give up): its value, resolved as the rows resolve it. */
static PyObject *
shown(PyObject *text, const Text *t, const Cell *c, PyObject *strings, PyObject *show, Out *o)
{
    PyObject *value = c->v0 >= 0 && c->v1 > c->v0 ? character_data(text, t, c->v0, c->v1) : PyUnicode_New(0, 0);
    if (value == NULL || value == Py_None)
        return value;
    Py_ssize_t type = c->t0 < 0 ? 0 : c->t1 - c->t0;
    int s_type = type == 1 && AT(t, c->t0) == 's', n_type = type == 0 || (type == 1 && AT(t, c->t0) == 'n');
    if (s_type) {
        Py_ssize_t index = string_index(value, PyList_GET_SIZE(strings));
        if (index == -1)
            Py_SETREF(value, Py_NewRef(Py_None));
        else if (index >= 0) {
            if (append_new(o->used, PyLong_FromSsize_t(index)) < 0)
                Py_CLEAR(value);
            else if (!PyUnicode_Check(PyList_GET_ITEM(strings, index)))
                Py_SETREF(value, Py_NewRef(Py_None));
            else
                Py_SETREF(value, Py_NewRef(PyList_GET_ITEM(strings, index)));
        }
    }
    else if (n_type && PyUnicode_GET_LENGTH(value)) {
        PyObject *style = c->s0 >= 0 ? PyUnicode_Substring(text, c->s0, c->s1) : PyUnicode_FromString("0");
        PyObject *result = style ? PyObject_CallFunctionObjArgs(show, value, style, NULL) : NULL;
        Py_XDECREF(style);
        Py_SETREF(value, result);
        if (value != NULL && !PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "sheet_rows: shown() gives str");
            Py_CLEAR(value);
        }
    }
    return value;
}

PyObject *
sheet_rows(PyObject *Py_UNUSED(self), PyObject *args)
{
    PyObject *text, *strings, *show, *ref, *col_of;
    Py_ssize_t batch;
    if (!PyArg_ParseTuple(args, "UO!OOOn:sheet_rows", &text, &PyList_Type, &strings, &show, &ref, &col_of, &batch))
        return NULL;
    Text t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    Out o = {PyList_New(0), PyList_New(0), PyList_New(0), PyList_New(0), 0};
    PyObject *refs = PyList_New(0), *tab = PyUnicode_FromString("\t"), *line = PyUnicode_FromString("\n");
    PyObject *result = NULL;
    if (!o.segments || !o.used || !o.parts || !o.marks || !refs || !tab || !line)
        goto done;
    long long row = 0;
    Py_ssize_t col = 0, counted = 0;
    int first = 1, in_row = 0;
    Py_ssize_t i = 0;
    while (i < t.n) {
        Py_UCS4 ch = AT(&t, i);
        if (xml_space(ch)) {
            i = skip_space(&t, i);
            continue;
        }
        int row_ends = 0;
        Cell c;
        Py_ssize_t end;
        if (has(&t, i, "<row") && !(i + 4 < t.n && (Py_UNICODE_ISALNUM(AT(&t, i + 4)) || AT(&t, i + 4) == '_'))) {
            Py_ssize_t j = i + 4;
            while (j < t.n && AT(&t, j) != '<' && AT(&t, j) != '>')
                j++;
            if (j >= t.n || AT(&t, j) != '>' || in_row)
                goto give_up;
            for (Py_ssize_t k = i; k < j; k++)
                if (AT(&t, k) == '&' || AT(&t, k) == '\'')
                    goto give_up;
            int closed = j > i + 4 && AT(&t, j - 1) == '/';
            row = row_number(&t, i, j + 1, row);
            if (row < 0)
                goto give_up;
            col = 0, counted = 0, first = 1, in_row = !closed;
            if (PyList_SetSlice(refs, 0, PyList_GET_SIZE(refs), NULL) < 0)
                goto done;
            i = j + 1;
            row_ends = closed;
        }
        else if (has(&t, i, "</row>")) {
            if (!in_row)
                goto give_up;
            in_row = 0, row_ends = 1, i += 6;
        }
        else if (has(&t, i, "<c") && (end = cell_at(&t, i, &c)) >= 0) {
            if (!in_row)
                goto give_up;
            i = end;
            PyObject *r = c.r0 >= 0 ? PyUnicode_Substring(text, c.r0, c.r1) : PyUnicode_New(0, 0);
            if (append_new(refs, Py_XNewRef(r)) < 0) {
                Py_XDECREF(r);
                goto done;
            }
            PyObject *value = shown(text, &t, &c, strings, show, &o);
            if (value == NULL || value == Py_None) {
                Py_DECREF(r);
                if (value == NULL)
                    goto done;
                Py_DECREF(value);
                goto give_up;
            }
            Py_ssize_t length = PyUnicode_GET_LENGTH(value);
            int failed = 0;
            if (length) {
                if (!first)
                    failed = PyList_Append(o.parts, tab) < 0, o.size += 1;
                first = 0;
                PyObject *label = Py_NewRef(r);
                if (!failed && PyUnicode_GET_LENGTH(r) == 0) {
                    for (; counted < PyList_GET_SIZE(refs) && !failed; counted++) {
                        PyObject *n = PyObject_CallOneArg(col_of, PyList_GET_ITEM(refs, counted));
                        int truth = n ? PyObject_IsTrue(n) : -1;
                        Py_ssize_t found = truth > 0 ? PyLong_AsSsize_t(n) : 0;
                        Py_XDECREF(n);
                        failed = truth < 0 || (found == -1 && PyErr_Occurred());
                        col = truth > 0 ? found : col + 1;
                    }
                    Py_SETREF(label, failed ? NULL : PyObject_CallFunction(ref, "nL", col, row));
                    failed = failed || label == NULL;
                }
                if (!failed)
                    failed = append_new(o.marks, Py_BuildValue("(nO)", o.size, label)) < 0
                             || PyList_Append(o.parts, value) < 0;
                Py_XDECREF(label);
                o.size += length;
            }
            Py_DECREF(value);
            Py_DECREF(r);
            if (failed)
                goto done;
            continue;
        }
        else
            goto give_up;
        if (!row_ends)
            continue;
        if (!first) {
            if (PyList_Append(o.parts, line) < 0)
                goto done;
            o.size += 1;
        }
        if (o.size > batch && flush(&o) < 0)
            goto done;
    }
    if (in_row)
        goto give_up;
    if (PyList_GET_SIZE(o.parts) && flush(&o) < 0)
        goto done;
    result = PyTuple_Pack(2, o.segments, o.used);
    goto done;
give_up:
    result = Py_NewRef(Py_False);
done:
    Py_XDECREF(o.segments);
    Py_XDECREF(o.used);
    Py_XDECREF(o.parts);
    Py_XDECREF(o.marks);
    Py_XDECREF(refs);
    Py_XDECREF(tab);
    Py_XDECREF(line);
    return result;
}

const char sheet_rows_doc[] =
    "sheet_rows(data, strings, shown, ref, col_of, batch) -> (segments, used) or False\n\n"
    "Return xlsxrows.rows_python's batches of a sheet's data as (text, marks) and the shared strings\n"
    "its cells showed, in order; False where it leaves the sheet to rows_python.";
