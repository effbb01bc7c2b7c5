#include "drsenvelope_p.h"

#include <QtCore/QCborValue>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>

namespace QtDrsPrivate {

QString ActionCache::lookup(const char *data, qsizetype size)
{
    for (int i = 0; i < Slots; ++i) {
        const QByteArray &bytes = m_bytes[i];
        if (bytes.size() == size && std::memcmp(bytes.constData(), data, size_t(size)) == 0)
            return m_strings[i];
    }
    const int slot = m_next;
    m_next = (m_next + 1) % Slots;
    m_bytes[slot] = QByteArray(data, size);
    m_strings[slot] = QString::fromLatin1(data, size); // the readers pass ASCII only
    return m_strings[slot];
}

namespace {

// ---- JSON ----

// Bytes a string's fast scan stops at: the closing quote, a backslash, control characters
// (Qt takes some raw, the grammar does not: the general decoder decides) and non-ASCII (left to
// the general decoder too, which checks UTF-8 exactly as Qt's parser does).
struct StopTable {
    bool stop[256] = {};
    constexpr StopTable()
    {
        for (int c = 0; c < 0x20; ++c)
            stop[c] = true;
        for (int c = 0x80; c < 256; ++c)
            stop[c] = true;
        stop[int('"')] = true;
        stop[int('\\')] = true;
    }
};
constexpr StopTable kStringStops;

inline bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A validating scanner for the JSON the fast path takes; false means "decline".
class JsonScanner {
public:
    JsonScanner(const char *data, qsizetype size, int maxDepth)
        : p(data)
        , end(data + size)
        , maxDepth(maxDepth)
    {
    }

    void skipSpace()
    {
        while (p < end && isSpace(*p)) {
            ++p;
            sawSpace = true;
        }
    }

    // A string at p; on success p is past the closing quote and *plain says no escapes.
    bool string(bool *plain = nullptr)
    {
        ++p; // the opening quote
        bool escapes = false;
        for (;;) {
            while (p < end && !kStringStops.stop[static_cast<unsigned char>(*p)])
                ++p;
            if (p == end)
                return false;
            if (*p == '"')
                break;
            if (*p != '\\')
                return false; // control character or non-ASCII: the general decoder's job
            escapes = true;
            if (++p == end)
                return false;
            switch (*p) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                ++p;
                break;
            case 'u': {
                if (end - p < 5)
                    return false;
                int code = 0;
                for (int i = 1; i <= 4; ++i) {
                    const int h = hexValue(p[i]);
                    if (h < 0)
                        return false;
                    code = code * 16 + h;
                }
                if (code >= 0xd800 && code <= 0xdfff)
                    return false; // surrogates: leave pairing rules to Qt
                p += 5;
                break;
            }
            default:
                return false;
            }
        }
        ++p;
        if (plain)
            *plain = !escapes;
        return true;
    }

    // A number at p, by the JSON grammar; *integer says no fraction nor exponent.
    bool number(bool *integer = nullptr)
    {
        const char *start = p;
        if (*p == '-')
            ++p;
        if (p == end || !isDigit(*p))
            return false;
        if (*p == '0')
            ++p;
        else
            while (p < end && isDigit(*p))
                ++p;
        bool whole = true;
        if (p < end && *p == '.') {
            whole = false;
            ++p;
            if (p == end || !isDigit(*p))
                return false;
            while (p < end && isDigit(*p))
                ++p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            whole = false;
            ++p;
            if (p < end && (*p == '+' || *p == '-'))
                ++p;
            const char *digits = p;
            while (p < end && isDigit(*p))
                ++p;
            // Exponents that may over- or underflow a double: Qt refuses those, let it say so.
            if (p == digits || p - digits > 2)
                return false;
        }
        if (whole ? p - start > 18 : p - start > 40)
            return false; // beyond what surely fits in 64 bits or a double: Qt decides
        if (integer)
            *integer = whole;
        return true;
    }

    bool literal(const char *word, qsizetype length)
    {
        if (end - p < length || std::memcmp(p, word, size_t(length)) != 0)
            return false;
        p += length;
        return true;
    }

    bool value()
    {
        if (p == end)
            return false;
        switch (*p) {
        case '{':
            return container('}');
        case '[':
            return container(']');
        case '"':
            return string();
        case 't':
            return literal("true", 4);
        case 'f':
            return literal("false", 5);
        case 'n':
            return literal("null", 4);
        default:
            return number();
        }
    }

    bool container(char close)
    {
        if (++depth > maxDepth)
            return false;
        ++p;
        skipSpace();
        if (p < end && *p == close) {
            ++p;
            --depth;
            return true;
        }
        for (;;) {
            if (close == '}') {
                if (p == end || *p != '"' || !string())
                    return false;
                skipSpace();
                if (p == end || *p != ':')
                    return false;
                ++p;
                skipSpace();
            }
            if (!value())
                return false;
            skipSpace();
            if (p == end)
                return false;
            if (*p == ',') {
                ++p;
                skipSpace();
                continue;
            }
            if (*p != close)
                return false;
            ++p;
            --depth;
            return true;
        }
    }

    const char *p;
    const char *end;
    int depth = 0;
    int maxDepth;
    bool sawSpace = false;
};

// [begin, end) without the whitespace outside strings.
QByteArray compactJson(const char *begin, const char *end)
{
    QByteArray out;
    out.reserve(end - begin);
    bool inString = false;
    for (const char *p = begin; p < end; ++p) {
        const char c = *p;
        if (inString) {
            out.append(c);
            if (c == '\\') {
                out.append(*++p);
            } else if (c == '"') {
                inString = false;
            }
        } else if (!isSpace(c)) {
            out.append(c);
            inString = c == '"';
        }
    }
    return out;
}

bool parseInteger(const char *begin, const char *end, qint64 *value)
{
    // At most 18 digits (the scanner's rule), so no overflow.
    bool negative = *begin == '-';
    qint64 n = 0;
    for (const char *p = begin + (negative ? 1 : 0); p < end; ++p)
        n = n * 10 + (*p - '0');
    *value = negative ? -n : n;
    return true;
}

// One validated JSON value, by Qt's parser where it is not trivial.
QJsonValue jsonScalarOrTree(const char *begin, const char *end)
{
    switch (*begin) {
    case '{':
        return QJsonDocument::fromJson(QByteArray::fromRawData(begin, end - begin)).object();
    case '[':
        return QJsonDocument::fromJson(QByteArray::fromRawData(begin, end - begin)).array();
    case 't':
        return true;
    case 'f':
        return false;
    case 'n':
        return QJsonValue(QJsonValue::Null);
    case '"':
        if (!std::memchr(begin, '\\', size_t(end - begin)))
            return QString::fromLatin1(begin + 1, end - begin - 2);
        break;
    default:
        // A validated number without fraction or exponent: sign and digits only, one pass.
        if (std::all_of(begin, end, [](char c) { return c == '-' || isDigit(c); })) {
            qint64 n = 0;
            parseInteger(begin, end, &n);
            return n;
        }
        break;
    }
    // A number with a fraction or a string with escapes: let Qt read it, inside an array.
    QByteArray wrapped;
    wrapped.reserve(end - begin + 2);
    wrapped.append('[').append(begin, end - begin).append(']');
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

// Skips one value of validated, compact JSON.
const char *skipCompactJson(const char *p, const char *end)
{
    if (*p == '"') {
        for (++p; p < end; ++p) {
            if (*p == '\\')
                ++p;
            else if (*p == '"')
                return p + 1;
        }
        return end;
    }
    if (*p != '{' && *p != '[') {
        while (p < end && *p != ',' && *p != '}' && *p != ']')
            ++p;
        return p;
    }
    int depth = 0;
    bool inString = false;
    for (; p < end; ++p) {
        const char c = *p;
        if (inString) {
            if (c == '\\')
                ++p;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return p + 1;
        }
    }
    return end;
}

template<typename Char> char16_t codeUnit(Char c)
{
    if constexpr (std::is_same_v<Char, QChar> || std::is_same_v<Char, QLatin1Char>)
        return c.unicode();
    else
        return char16_t(static_cast<unsigned char>(c));
}

// Whether the name in [begin, begin + size) (ASCII, no escapes) is \a name.
bool sameName(const char *begin, qsizetype size, QAnyStringView name)
{
    return name.visit([begin, size](auto view) {
        if (view.size() != size)
            return false;
        for (qsizetype i = 0; i < size; ++i) {
            if (codeUnit(view[i]) != char16_t(static_cast<unsigned char>(begin[i])))
                return false;
        }
        return true;
    });
}

bool jsonMember(const QByteArray &raw, QAnyStringView name, QJsonValue *value)
{
    const char *p = raw.constData();
    const char *end = p + raw.size();
    if (p == end || *p != '{') {
        *value = QJsonValue(QJsonValue::Undefined);
        return true;
    }
    ++p;
    QJsonValue found(QJsonValue::Undefined);
    while (p < end && *p == '"') {
        const char *nameBegin = ++p;
        while (p < end && *p != '"' && *p != '\\')
            ++p;
        if (p == end || *p == '\\')
            return false; // an escaped name: decode the whole body
        const qsizetype nameSize = p - nameBegin;
        p += 2; // the quote and the colon
        const char *valueBegin = p;
        p = skipCompactJson(p, end);
        if (sameName(nameBegin, nameSize, name))
            found = jsonScalarOrTree(valueBegin, p); // a later duplicate wins, as in Qt
        if (p < end && *p == ',')
            ++p;
    }
    *value = found;
    return true;
}

// ---- CBOR ----

class CborScanner {
public:
    CborScanner(const char *data, qsizetype size, int maxDepth)
        : p(reinterpret_cast<const uchar *>(data))
        , end(reinterpret_cast<const uchar *>(data) + size)
        , maxDepth(maxDepth)
    {
    }

    // Reads a head; false for an indefinite length, a reserved value or too few bytes.
    bool head(int *major, quint64 *argument)
    {
        if (p == end)
            return false;
        const uchar initial = *p++;
        *major = initial >> 5;
        const int info = initial & 0x1f;
        if (info < 24) {
            *argument = quint64(info);
            return true;
        }
        if (info > 27)
            return false;
        const int bytes = 1 << (info - 24);
        if (end - p < bytes)
            return false;
        quint64 a = 0;
        for (int i = 0; i < bytes; ++i)
            a = (a << 8) | *p++;
        *argument = a;
        return true;
    }

    // A definite text string of ASCII; its bytes in [*begin, *begin + *size).
    bool text(const char **begin, qsizetype *size)
    {
        int major = 0;
        quint64 length = 0;
        if (!head(&major, &length) || major != 3 || length > quint64(end - p))
            return false;
        for (quint64 i = 0; i < length; ++i) {
            if (p[i] >= 0x80)
                return false;
        }
        *begin = reinterpret_cast<const char *>(p);
        *size = qsizetype(length);
        p += length;
        return true;
    }

    bool skip()
    {
        const uchar *start = p;
        int major = 0;
        quint64 argument = 0;
        if (!head(&major, &argument))
            return false;
        switch (major) {
        case 0:
        case 1:
            // Beyond the signed 64-bit range: how Qt takes those is its own business.
            return argument <= quint64(std::numeric_limits<qint64>::max());
        case 2:
            if (argument > quint64(end - p))
                return false;
            p += argument;
            return true;
        case 3:
            p = start;
            {
                const char *b = nullptr;
                qsizetype s = 0;
                return text(&b, &s);
            }
        case 4:
        case 5: {
            if (++depth > maxDepth || argument > quint64(end - p))
                return false;
            const quint64 items = major == 5 ? argument * 2 : argument;
            for (quint64 i = 0; i < items; ++i) {
                if (!skip())
                    return false;
            }
            --depth;
            return true;
        }
        case 7: {
            const int info = *start & 0x1f;
            // false, true, null, undefined and the three float sizes
            return (info >= 20 && info <= 23) || (info >= 25 && info <= 27);
        }
        default:
            return false; // tags: the general decoder
        }
    }

    const uchar *p;
    const uchar *end;
    int depth = 0;
    int maxDepth;
};

bool cborMember(const QByteArray &raw, QAnyStringView name, QJsonValue *value)
{
    CborScanner scanner(raw.constData(), raw.size(), std::numeric_limits<int>::max());
    int major = 0;
    quint64 pairs = 0;
    if (raw.isEmpty() || (static_cast<uchar>(raw.at(0)) >> 5) != 5) {
        *value = QJsonValue(QJsonValue::Undefined);
        return true;
    }
    if (!scanner.head(&major, &pairs))
        return false;
    QJsonValue found(QJsonValue::Undefined);
    for (quint64 i = 0; i < pairs; ++i) {
        const char *nameBegin = nullptr;
        qsizetype nameSize = 0;
        if (!scanner.text(&nameBegin, &nameSize))
            return false; // a key that is not plain text: decode it all
        const uchar *valueBegin = scanner.p;
        if (!scanner.skip())
            return false;
        if (!sameName(nameBegin, nameSize, name))
            continue;
        CborScanner item(reinterpret_cast<const char *>(valueBegin), scanner.p - valueBegin, 1);
        int valueMajor = 0;
        quint64 argument = 0;
        item.head(&valueMajor, &argument);
        constexpr quint64 maxInt = quint64(std::numeric_limits<qint64>::max());
        if (valueMajor == 0 && argument <= maxInt) {
            found = qint64(argument);
        } else if (valueMajor == 1 && argument <= maxInt) {
            found = -1 - qint64(argument);
        } else if (valueMajor == 3) {
            const char *b = nullptr;
            qsizetype s = 0;
            item.p = valueBegin;
            item.text(&b, &s);
            found = QString::fromLatin1(b, s);
        } else {
            const QByteArray bytes = QByteArray::fromRawData(
                    reinterpret_cast<const char *>(valueBegin), scanner.p - valueBegin);
            found = QCborValue::fromCbor(bytes).toJsonValue();
        }
    }
    *value = found;
    return true;
}

// What a reader found of a command's envelope (ASCII text, in the bytes read).
struct Envelope {
    const char *action;
    qsizetype actionSize;
    const char *key; // null when the command has none
    qsizetype keySize;
    qint64 version;
    bool hasVersion;
};

DrsCommand makeCommand(const Envelope &envelope, ActionCache *cache, RawBody kind,
                       const QByteArray &rawBody)
{
    auto *d = new DrsCommandPrivate;
    d->action = cache ? cache->lookup(envelope.action, envelope.actionSize)
                      : QString::fromLatin1(envelope.action, envelope.actionSize);
    if (envelope.key) {
        d->key = QString::fromLatin1(envelope.key, envelope.keySize);
        d->hasKey = true;
    }
    d->version = envelope.version;
    d->hasVersion = envelope.hasVersion;
    d->isNull = false;
    d->rawKind = kind;
    d->rawBody = rawBody;
    return CommandAccess::adopt(d);
}

} // namespace

bool readJsonCommand(const char *data, qsizetype size, int maxDepth, ActionCache *cache,
                     DrsCommand *command, qsizetype *length)
{
    JsonScanner scanner(data, size, maxDepth);
    if (size < 2 || *data != '{')
        return false;
    ++scanner.p;
    ++scanner.depth;
    const char *action = nullptr;
    qsizetype actionSize = 0;
    const char *key = nullptr;
    qsizetype keySize = 0;
    const char *body = nullptr;
    const char *bodyEnd = nullptr;
    bool bodyHasSpace = false;
    qint64 version = 0;
    bool hasVersion = false;

    scanner.skipSpace();
    if (scanner.p < scanner.end && *scanner.p == '}')
        return false; // no action: the general decoder says so
    for (;;) {
        if (scanner.p == scanner.end || *scanner.p != '"')
            return false;
        const char *name = scanner.p + 1;
        bool plain = false;
        if (!scanner.string(&plain) || !plain)
            return false;
        const qsizetype nameSize = scanner.p - name - 1;
        scanner.skipSpace();
        if (scanner.p == scanner.end || *scanner.p != ':')
            return false;
        ++scanner.p;
        scanner.skipSpace();
        if (scanner.p == scanner.end)
            return false;
        const char *valueBegin = scanner.p;
        auto is = [name, nameSize](const char *word, qsizetype length) {
            return nameSize == length && std::memcmp(name, word, size_t(length)) == 0;
        };
        if (is("body", 4)) {
            const bool spaceBefore = scanner.sawSpace;
            scanner.sawSpace = false;
            if (!scanner.value())
                return false;
            body = valueBegin;
            bodyEnd = scanner.p;
            bodyHasSpace = scanner.sawSpace;
            scanner.sawSpace = spaceBefore;
        } else if (is("action", 6) || is("key", 3)) {
            bool plainValue = false;
            if (*valueBegin != '"' || !scanner.string(&plainValue) || !plainValue)
                return false;
            if (nameSize == 6) {
                action = valueBegin + 1;
                actionSize = scanner.p - valueBegin - 2;
            } else {
                key = valueBegin + 1;
                keySize = scanner.p - valueBegin - 2;
            }
        } else if (is("version", 7)) {
            bool integer = false;
            if (*valueBegin == '"' || !scanner.number(&integer) || !integer)
                return false;
            parseInteger(valueBegin, scanner.p, &version);
            hasVersion = true;
        } else {
            return false; // extra fields: the general decoder keeps them
        }
        scanner.skipSpace();
        if (scanner.p == scanner.end)
            return false;
        if (*scanner.p == ',') {
            ++scanner.p;
            scanner.skipSpace();
            continue;
        }
        if (*scanner.p != '}')
            return false;
        ++scanner.p;
        break;
    }
    if (length) {
        *length = scanner.p - data;
    } else {
        scanner.skipSpace();
        if (scanner.p != scanner.end)
            return false;
    }
    if (!action)
        return false;

    const Envelope envelope { action, actionSize, key, keySize, version, hasVersion };
    *command = makeCommand(envelope, cache, body ? RawBody::Json : RawBody::None,
                           !body                  ? QByteArray()
                                   : bodyHasSpace ? compactJson(body, bodyEnd)
                                                  : QByteArray(body, bodyEnd - body));
    return true;
}

bool readCborCommand(const char *data, qsizetype size, int maxDepth, ActionCache *cache,
                     DrsCommand *command)
{
    CborScanner scanner(data, size, maxDepth);
    int major = 0;
    quint64 pairs = 0;
    if (!scanner.head(&major, &pairs) || major != 5 || pairs > quint64(size))
        return false;
    const char *action = nullptr;
    qsizetype actionSize = 0;
    const char *key = nullptr;
    qsizetype keySize = 0;
    const uchar *body = nullptr;
    const uchar *bodyEnd = nullptr;
    qint64 version = 0;
    bool hasVersion = false;
    scanner.depth = 1;
    for (quint64 i = 0; i < pairs; ++i) {
        const char *name = nullptr;
        qsizetype nameSize = 0;
        if (!scanner.text(&name, &nameSize))
            return false;
        auto is = [name, nameSize](const char *word, qsizetype length) {
            return nameSize == length && std::memcmp(name, word, size_t(length)) == 0;
        };
        if (is("body", 4)) {
            body = scanner.p;
            if (!scanner.skip())
                return false;
            bodyEnd = scanner.p;
        } else if (is("action", 6)) {
            if (!scanner.text(&action, &actionSize))
                return false;
        } else if (is("key", 3)) {
            if (!scanner.text(&key, &keySize))
                return false;
        } else if (is("version", 7)) {
            quint64 argument = 0;
            if (!scanner.head(&major, &argument) || major > 1
                || argument > quint64(std::numeric_limits<qint64>::max()))
                return false;
            version = major == 0 ? qint64(argument) : -1 - qint64(argument);
            hasVersion = true;
        } else {
            return false;
        }
    }
    if (scanner.p != scanner.end || !action)
        return false;

    const Envelope envelope { action, actionSize, key, keySize, version, hasVersion };
    *command = makeCommand(envelope, cache, body ? RawBody::Cbor : RawBody::None,
                           body ? QByteArray(reinterpret_cast<const char *>(body), bodyEnd - body)
                                : QByteArray());
    return true;
}

QJsonValue decodeRawBody(RawBody kind, const QByteArray &raw)
{
    if (raw.isEmpty())
        return QJsonValue(QJsonValue::Null);
    if (kind == RawBody::Cbor) {
        const QJsonValue value = QCborValue::fromCbor(raw).toJsonValue();
        return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    }
    return jsonScalarOrTree(raw.constData(), raw.constData() + raw.size());
}

bool rawBodyMember(RawBody kind, const QByteArray &raw, QAnyStringView name, QJsonValue *value)
{
    return kind == RawBody::Cbor ? cborMember(raw, name, value) : jsonMember(raw, name, value);
}

void appendCborHead(QByteArray &out, int major, quint64 argument)
{
    const char type = char(major << 5);
    if (argument < 24) {
        out.append(char(type | char(argument)));
        return;
    }
    int bytes = 8;
    char info = 27;
    if (argument <= 0xff) {
        bytes = 1;
        info = 24;
    } else if (argument <= 0xffff) {
        bytes = 2;
        info = 25;
    } else if (argument <= 0xffffffffu) {
        bytes = 4;
        info = 26;
    }
    out.append(char(type | info));
    for (int i = bytes - 1; i >= 0; --i)
        out.append(char((argument >> (8 * i)) & 0xff));
}

void appendCborText(QByteArray &out, QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    appendCborHead(out, 3, quint64(utf8.size()));
    out.append(utf8);
}

} // namespace QtDrsPrivate
