#include "node/LineProtocol.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <numeric>
#include <string_view>
#include <system_error>

namespace tidemark {

namespace {

// InfluxDB 1.x's MaxKeyLength: the escaped series key plus "#!~#" plus a field key must fit.
constexpr qsizetype kMaxKeyLength = 65535;
constexpr qsizetype kFieldKeySeparatorLength = 4; // "#!~#" in 1.x's seriesKeySize()
constexpr qsizetype kMaxStringLength = 64 * 1024;

// Outcome of parsing one line. Kept as an enum so the hot path never builds a QString; the text is
// only made for lines that actually fail.
enum class LineStatus {
    Ok,
    Skipped, // blank line or comment
    MissingMeasurement,
    MissingTagKey,
    MissingTagValue,
    InvalidTagFormat,
    DuplicateTags,
    TimeTagKey,
    MissingFields,
    MissingFieldKey,
    MissingFieldValue,
    InvalidFieldFormat,
    InvalidNumber,
    ValueOutOfRange,
    InvalidBoolean,
    UnbalancedQuotes,
    StringTooLong,
    TimeFieldKey,
    KeyTooLong,
    BadTimestamp,
    TrailingCharacters,
};

// The messages follow InfluxDB's wording rather than being translated: clients and people compare
// them with what a real 1.x node answers.
QString messageFor(LineStatus status)
{
    switch (status) {
    case LineStatus::Ok:
    case LineStatus::Skipped:
        break;
    case LineStatus::MissingMeasurement:
        return QStringLiteral("missing measurement");
    case LineStatus::MissingTagKey:
        return QStringLiteral("missing tag key");
    case LineStatus::MissingTagValue:
        return QStringLiteral("missing tag value");
    case LineStatus::InvalidTagFormat:
        return QStringLiteral("invalid tag format");
    case LineStatus::DuplicateTags:
        return QStringLiteral("duplicate tags");
    case LineStatus::TimeTagKey:
        return QStringLiteral("invalid tag key \"time\"");
    case LineStatus::MissingFields:
        return QStringLiteral("missing fields");
    case LineStatus::MissingFieldKey:
        return QStringLiteral("missing field key");
    case LineStatus::MissingFieldValue:
        return QStringLiteral("missing field value");
    case LineStatus::InvalidFieldFormat:
        return QStringLiteral("invalid field format");
    case LineStatus::InvalidNumber:
        return QStringLiteral("invalid number");
    case LineStatus::ValueOutOfRange:
        return QStringLiteral("value out of range");
    case LineStatus::InvalidBoolean:
        return QStringLiteral("invalid boolean");
    case LineStatus::UnbalancedQuotes:
        return QStringLiteral("unbalanced quotes");
    case LineStatus::StringTooLong:
        return QStringLiteral("string field too long");
    case LineStatus::TimeFieldKey:
        return QStringLiteral("invalid field name \"time\"");
    case LineStatus::KeyTooLong:
        return QStringLiteral("max key length exceeded");
    case LineStatus::BadTimestamp:
        return QStringLiteral("bad timestamp");
    case LineStatus::TrailingCharacters:
        return QStringLiteral("invalid point: unexpected characters after the timestamp");
    }
    return QString();
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isMeasurementDelimiter(char c)
{
    return c == ',' || c == ' ';
}

bool isKeyDelimiter(char c) // tag keys, tag values and field keys
{
    return c == ',' || c == '=' || c == ' ';
}

// What a backslash escapes: in the measurement only `,` and space (so `\=` stays two bytes, as in
// 1.x); in tag keys, tag values and field keys also `=`.
bool isMeasurementEscapable(char c)
{
    return c == ',' || c == ' ';
}

bool isKeyEscapable(char c)
{
    return c == ',' || c == '=' || c == ' ';
}

std::int64_t nanosecondsPer(Precision precision)
{
    switch (precision) {
    case Precision::Nanoseconds:
        return 1;
    case Precision::Microseconds:
        return 1'000;
    case Precision::Milliseconds:
        return 1'000'000;
    case Precision::Seconds:
        return 1'000'000'000;
    case Precision::Minutes:
        return 60'000'000'000;
    case Precision::Hours:
        return 3'600'000'000'000;
    }
    return 1;
}

// Scans a measurement or key token up to the first unescaped delimiter. A backslash always takes
// the next byte with it (a lone backslash at the very end is literal); findLineEnd() pairs
// backslashes the same way, so both agree on where tokens and lines end.
template <typename IsDelimiter>
const char *scanToken(const char *pos, const char *end, IsDelimiter isDelimiter, bool *hasBackslash)
{
    while (pos != end) {
        const char c = *pos;
        if (c == '\\') {
            *hasBackslash = true;
            pos += (end - pos >= 2) ? 2 : 1;
            continue;
        }
        if (isDelimiter(c))
            break;
        ++pos;
    }
    return pos;
}

// Removes the backslash of each escape pair whose second byte is escapable; other pairs (`\x`,
// `\\`) stay as written, which is what 1.x does.
template <typename IsEscapable>
QByteArray unescapeToken(const char *begin, const char *end, bool hasBackslash, IsEscapable isEscapable)
{
    const auto size = static_cast<qsizetype>(end - begin);
    if (!hasBackslash)
        return QByteArray(begin, size);
    QByteArray out(size, Qt::Uninitialized);
    char *dst = out.data();
    for (const char *p = begin; p != end; ++p) {
        if (*p == '\\' && end - p >= 2) {
            if (!isEscapable(p[1]))
                *dst++ = '\\';
            *dst++ = p[1];
            ++p;
            continue;
        }
        *dst++ = *p;
    }
    out.truncate(static_cast<qsizetype>(dst - out.constData()));
    return out;
}

// String field content: only `\"` and `\\` are escapes, any other backslash is literal.
QByteArray unescapeString(const char *begin, const char *end, bool hasBackslash)
{
    return unescapeToken(begin, end, hasBackslash, [](char c) { return c == '"' || c == '\\'; });
}

// from_chars reports overflow and underflow alike. Go's ParseFloat (and so 1.x) rounds an underflow
// to zero but rejects an overflow; the decimal exponent of the first significant digit tells them
// apart, since it is >= 308 for the one and <= -324 for the other. `begin..end` is already known to
// be a well-formed decimal float.
bool isUnderflow(const char *begin, const char *end)
{
    const char *p = begin;
    if (p != end && *p == '-')
        ++p;
    const char *intBegin = p;
    while (p != end && isDigit(*p))
        ++p;
    const char *intEnd = p;

    std::int64_t magnitude = 0;
    bool significant = false;
    for (const char *q = intBegin; q != intEnd && !significant; ++q) {
        if (*q != '0') {
            magnitude = intEnd - q - 1;
            significant = true;
        }
    }
    if (p != end && *p == '.') {
        ++p;
        const char *fracBegin = p;
        for (; p != end && isDigit(*p); ++p) {
            if (!significant && *p != '0') {
                magnitude = -(p - fracBegin + 1);
                significant = true;
            }
        }
    }

    std::int64_t exponent = 0;
    bool negativeExponent = false;
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p != end && (*p == '+' || *p == '-'))
            negativeExponent = *p++ == '-';
        // Saturate: anything beyond a billion decides the sign just as well and cannot overflow.
        for (; p != end && isDigit(*p); ++p) {
            if (exponent < 1'000'000'000)
                exponent = exponent * 10 + (*p - '0');
        }
    }
    return magnitude + (negativeExponent ? -exponent : exponent) < 0;
}

LineStatus parseFloat(const char *begin, const char *end, FieldValue *value)
{
    // from_chars also accepts "inf", "nan" and "infinity", which 1.x rejects; requiring a digit or
    // '.' after the sign rules them out (the general format has no hex form to worry about).
    const char *first = (*begin == '-') ? begin + 1 : begin;
    if (first == end || !(isDigit(*first) || *first == '.'))
        return LineStatus::InvalidNumber;
    double d = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, d, std::chars_format::general);
    if (ptr != end)
        return LineStatus::InvalidNumber;
    if (ec == std::errc::result_out_of_range) {
        if (!isUnderflow(begin, end))
            return LineStatus::ValueOutOfRange;
        d = (*begin == '-') ? -0.0 : 0.0;
    } else if (ec != std::errc()) {
        return LineStatus::InvalidNumber;
    }
    value->type = FieldValue::Type::Float;
    value->f = d;
    return LineStatus::Ok;
}

template <typename T> LineStatus parseInteger(const char *begin, const char *end, T *out)
{
    // from_chars takes exactly `-?[0-9]+` for signed and `[0-9]+` for unsigned types: no '+', no
    // blanks, no base prefix, which is the 1.x syntax.
    T v = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (begin == end || ptr != end)
        return LineStatus::InvalidNumber;
    if (ec == std::errc::result_out_of_range)
        return LineStatus::ValueOutOfRange;
    if (ec != std::errc())
        return LineStatus::InvalidNumber;
    *out = v;
    return LineStatus::Ok;
}

LineStatus parseNumber(const char *begin, const char *end, FieldValue *value)
{
    const char suffix = end[-1];
    if (suffix == 'i') {
        value->type = FieldValue::Type::Integer;
        return parseInteger(begin, end - 1, &value->i);
    }
    if (suffix == 'u') {
        if (*begin == '-') // "-0u" too: 1.x refuses any sign on unsigned values
            return LineStatus::InvalidNumber;
        value->type = FieldValue::Type::Unsigned;
        return parseInteger(begin, end - 1, &value->u);
    }
    return parseFloat(begin, end, value);
}

LineStatus parseBoolean(const char *begin, const char *end, FieldValue *value)
{
    static constexpr std::string_view kTrue[] = {"t", "T", "true", "True", "TRUE"};
    static constexpr std::string_view kFalse[] = {"f", "F", "false", "False", "FALSE"};
    const std::string_view text(begin, static_cast<size_t>(end - begin));
    value->type = FieldValue::Type::Boolean;
    if (std::find(std::begin(kTrue), std::end(kTrue), text) != std::end(kTrue)) {
        value->b = true;
        return LineStatus::Ok;
    }
    if (std::find(std::begin(kFalse), std::end(kFalse), text) != std::end(kFalse)) {
        value->b = false;
        return LineStatus::Ok;
    }
    return LineStatus::InvalidBoolean;
}

// An unquoted field value: number (float, `i`, `u`) or boolean. `begin != end`.
LineStatus parseScalar(const char *begin, const char *end, FieldValue *value)
{
    const char c = *begin;
    if (isDigit(c) || c == '-' || c == '.' || c == '+')
        return parseNumber(begin, end, value);
    if (c == 'N' || c == 'n') // NaN: 1.x has no way to store it
        return LineStatus::InvalidNumber;
    return parseBoolean(begin, end, value);
}

// 1.x keeps the last value of a repeated field key (its Fields() map overwrites earlier entries), so
// we drop the earlier ones. The survivor stays at its last position, keeping "fields in line order".
void dropRepeatedFields(std::vector<Field> &fields)
{
    const size_t n = fields.size();
    if (n < 2)
        return;

    // Few fields (the normal case): quadratic but allocation-free. Many fields (hostile input):
    // sort indices, so a line with 100k fields cannot take 10^10 comparisons.
    constexpr size_t kQuadraticLimit = 16;
    std::vector<char> repeated;
    if (n > kQuadraticLimit) {
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), size_t(0));
        std::stable_sort(order.begin(), order.end(),
                         [&fields](size_t a, size_t b) { return fields[a].key < fields[b].key; });
        repeated.assign(n, 0);
        // Stable: equal keys keep ascending indices, so all but the last of a run are repeats.
        for (size_t k = 0; k + 1 < n; ++k) {
            if (fields[order[k]].key == fields[order[k + 1]].key)
                repeated[order[k]] = 1;
        }
    }

    size_t kept = 0;
    for (size_t r = 0; r < n; ++r) {
        bool drop = false;
        if (repeated.empty()) {
            for (size_t j = r + 1; j < n && !drop; ++j)
                drop = fields[j].key == fields[r].key;
        } else {
            drop = repeated[r] != 0;
        }
        if (drop)
            continue;
        if (kept != r)
            fields[kept] = std::move(fields[r]);
        ++kept;
    }
    fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(kept), fields.end());
}

bool tagKeyLess(const Tag &a, const Tag &b)
{
    return a.key < b.key;
}

// Parses one line (without its '\n' and trailing '\r') into a Point.
class LineParser {
public:
    LineParser(const char *begin, const char *end) : m_pos(begin), m_end(end) {}

    LineStatus parse(Precision precision, std::int64_t defaultTimeNs, Point *point)
    {
        skipBlanks();
        if (m_pos == m_end || *m_pos == '#')
            return LineStatus::Skipped;

        qsizetype keySize = 0;
        if (const LineStatus s = parseSeriesKey(point, &keySize); s != LineStatus::Ok)
            return s;

        skipBlanks();
        if (m_pos == m_end)
            return LineStatus::MissingFields;
        qsizetype longestFieldKey = 0;
        if (const LineStatus s = parseFields(point, &longestFieldKey); s != LineStatus::Ok)
            return s;
        if (keySize + kFieldKeySeparatorLength + longestFieldKey > kMaxKeyLength)
            return LineStatus::KeyTooLong;

        return parseTimestamp(precision, defaultTimeNs, point);
    }

private:
    void skipBlanks()
    {
        while (m_pos != m_end && isBlank(*m_pos))
            ++m_pos;
    }

    // `measurement[,tag=value...]`, leaving m_pos on the space before the fields. *keySize gets the
    // length of the escaped key as written, which is exactly Point::seriesKey()'s length once the
    // tags are sorted: re-escaping a token this parser accepted gives back the same bytes.
    LineStatus parseSeriesKey(Point *point, qsizetype *keySize)
    {
        bool escaped = false;
        const char *begin = m_pos;
        const char *end = scanToken(begin, m_end, isMeasurementDelimiter, &escaped);
        if (end == begin)
            return LineStatus::MissingMeasurement;
        *keySize = end - begin;
        if (*keySize > kMaxKeyLength)
            return LineStatus::KeyTooLong;
        m_pos = end;
        if (m_pos == m_end)
            return LineStatus::MissingFields;
        point->measurement = unescapeToken(begin, end, escaped, isMeasurementEscapable);
        if (*m_pos == ',') {
            ++m_pos;
            return parseTags(point, keySize);
        }
        return LineStatus::Ok;
    }

    LineStatus parseTags(Point *point, qsizetype *keySize)
    {
        for (;;) {
            bool keyEscaped = false;
            const char *keyBegin = m_pos;
            const char *keyEnd = scanToken(keyBegin, m_end, isKeyDelimiter, &keyEscaped);
            if (keyEnd == keyBegin)
                return LineStatus::MissingTagKey;
            if (keyEnd == m_end || *keyEnd != '=')
                return LineStatus::MissingTagValue;

            bool valueEscaped = false;
            const char *valueBegin = keyEnd + 1;
            const char *valueEnd = scanToken(valueBegin, m_end, isKeyDelimiter, &valueEscaped);
            // An unescaped '=' in a value is ambiguous; 1.x refuses it (except, by accident, as
            // the first byte, which we refuse too).
            if (valueEnd != m_end && *valueEnd == '=')
                return LineStatus::InvalidTagFormat;
            if (valueEnd == valueBegin)
                return LineStatus::MissingTagValue;
            if (valueEnd == m_end)
                return LineStatus::MissingFields;

            *keySize += 2 + (keyEnd - keyBegin) + (valueEnd - valueBegin);
            if (*keySize > kMaxKeyLength)
                return LineStatus::KeyTooLong;
            point->tags.push_back(Tag{unescapeToken(keyBegin, keyEnd, keyEscaped, isKeyEscapable),
                                      unescapeToken(valueBegin, valueEnd, valueEscaped, isKeyEscapable)});
            m_pos = valueEnd;
            if (*m_pos == ' ')
                break;
            ++m_pos; // ','
        }
        return checkTags(&point->tags);
    }

    static LineStatus checkTags(std::vector<Tag> *tags)
    {
        // Writers usually send tags sorted already; only sort when needed.
        if (!std::is_sorted(tags->begin(), tags->end(), tagKeyLess))
            std::sort(tags->begin(), tags->end(), tagKeyLess);
        const auto sameKey = [](const Tag &a, const Tag &b) { return a.key == b.key; };
        if (std::adjacent_find(tags->begin(), tags->end(), sameKey) != tags->end())
            return LineStatus::DuplicateTags;
        // 1.x drops points tagged "time": the name is reserved for the timestamp column.
        const auto isTime = [](const Tag &t) { return t.key == "time"; };
        if (std::any_of(tags->begin(), tags->end(), isTime))
            return LineStatus::TimeTagKey;
        return LineStatus::Ok;
    }

    // `key=value[,key=value...]`, leaving m_pos at the end or on the space before the timestamp.
    LineStatus parseFields(Point *point, qsizetype *longestKey)
    {
        for (;;) {
            bool escaped = false;
            const char *keyBegin = m_pos;
            const char *keyEnd = scanToken(keyBegin, m_end, isKeyDelimiter, &escaped);
            if (keyEnd == keyBegin)
                return LineStatus::MissingFieldKey;
            if (keyEnd == m_end || *keyEnd != '=')
                return LineStatus::InvalidFieldFormat;
            m_pos = keyEnd + 1;

            Field field;
            field.key = unescapeToken(keyBegin, keyEnd, escaped, isKeyEscapable);
            if (field.key == "time")
                return LineStatus::TimeFieldKey;
            if (const LineStatus s = parseFieldValue(&field.value); s != LineStatus::Ok)
                return s;
            *longestKey = std::max(*longestKey, static_cast<qsizetype>(keyEnd - keyBegin));
            point->fields.push_back(std::move(field));

            if (m_pos == m_end || *m_pos == ' ')
                break;
            ++m_pos; // ','
        }
        dropRepeatedFields(point->fields);
        return LineStatus::Ok;
    }

    // Leaves m_pos at the end, or on the ',' or ' ' after the value.
    LineStatus parseFieldValue(FieldValue *value)
    {
        if (m_pos == m_end || *m_pos == ',' || *m_pos == ' ')
            return LineStatus::MissingFieldValue;
        if (*m_pos == '"')
            return parseString(value);

        // Quotes are only special at the start of a value, and unquoted values have no escapes.
        const char *begin = m_pos;
        while (m_pos != m_end && *m_pos != ',' && *m_pos != ' ')
            ++m_pos;
        return parseScalar(begin, m_pos, value);
    }

    LineStatus parseString(FieldValue *value)
    {
        const char *begin = ++m_pos; // past the opening quote
        bool escaped = false;
        while (m_pos != m_end && *m_pos != '"') {
            if (*m_pos == '\\') {
                escaped = true;
                m_pos += (m_end - m_pos >= 2) ? 2 : 1;
                continue;
            }
            ++m_pos;
        }
        if (m_pos == m_end)
            return LineStatus::UnbalancedQuotes;
        const char *end = m_pos++;
        if (m_pos != m_end && *m_pos != ',' && *m_pos != ' ')
            return LineStatus::InvalidFieldFormat; // e.g. `f="a"b`
        // Every escape shrinks the text by one byte at most, so twice the limit is surely too long
        // and need not be copied.
        if (end - begin > 2 * kMaxStringLength)
            return LineStatus::StringTooLong;
        value->type = FieldValue::Type::String;
        value->s = unescapeString(begin, end, escaped);
        if (value->s.size() > kMaxStringLength)
            return LineStatus::StringTooLong;
        return LineStatus::Ok;
    }

    LineStatus parseTimestamp(Precision precision, std::int64_t defaultTimeNs, Point *point)
    {
        skipBlanks();
        if (m_pos == m_end) {
            point->time = defaultTimeNs;
            point->hasTime = false;
            return LineStatus::Ok;
        }
        const char *begin = m_pos;
        while (m_pos != m_end && !isBlank(*m_pos))
            ++m_pos;
        std::int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(begin, m_pos, value);
        if (ec != std::errc() || ptr != m_pos)
            return LineStatus::BadTimestamp;

        // Scale without signed overflow (UB): check against the bounds divided by the unit first.
        const std::int64_t unit = nanosecondsPer(precision);
        if (value > std::numeric_limits<std::int64_t>::max() / unit ||
            value < std::numeric_limits<std::int64_t>::min() / unit) {
            return LineStatus::BadTimestamp;
        }
        skipBlanks();
        if (m_pos != m_end)
            return LineStatus::TrailingCharacters;
        point->time = value * unit;
        point->hasTime = true;
        return LineStatus::Ok;
    }

    const char *m_pos;
    const char *m_end;
};

struct LineExtent {
    qsizetype end = 0;      ///< Index of the '\n' that ends the line, or the body size.
    qsizetype newlines = 0; ///< Newlines inside quoted strings before `end`.
};

// Finds where the line starting at `pos` ends. A '\n' ends a line except inside a quoted string
// field value, and a quote only opens a string at the start of a field value, so this follows the
// line grammar just far enough to know whether it is inside a string. It walks exactly like
// LineParser on valid lines; on a broken line it may end the line elsewhere than 1.x would, but it
// always ends it deterministically.
LineExtent findLineEnd(const char *data, qsizetype size, qsizetype pos)
{
    enum class State { Key, Gap, FieldKey, ValueStart, Unquoted, String, AfterString, Rest };

    LineExtent extent;
    while (pos < size && isBlank(data[pos]))
        ++pos;
    State state = (pos < size && data[pos] == '#') ? State::Rest : State::Key;

    // A backslash escapes the next byte in keys, but never a '\n': a stray backslash at the end of
    // a line must not swallow the next line.
    const auto escapesNext = [&](qsizetype i) { return data[i] == '\\' && i + 1 < size && data[i + 1] != '\n'; };

    while (pos < size) {
        const char c = data[pos];
        switch (state) {
        case State::Key:
            if (c == '\n') {
                extent.end = pos;
                return extent;
            }
            if (escapesNext(pos)) {
                pos += 2;
                continue;
            }
            if (c == ' ')
                state = State::Gap;
            ++pos;
            break;
        case State::Gap:
            if (isBlank(c))
                ++pos;
            else
                state = State::FieldKey;
            break;
        case State::FieldKey:
            if (c == '\n') {
                extent.end = pos;
                return extent;
            }
            if (escapesNext(pos)) {
                pos += 2;
                continue;
            }
            if (c == '=')
                state = State::ValueStart;
            else if (c == ',' || c == ' ')
                state = State::Rest; // the parser rejects this line; only its end matters
            ++pos;
            break;
        case State::ValueStart:
            if (c == '"') {
                state = State::String;
                ++pos;
            } else {
                state = State::Unquoted;
            }
            break;
        case State::Unquoted:
            if (c == '\n') {
                extent.end = pos;
                return extent;
            }
            if (c == ',')
                state = State::FieldKey;
            else if (c == ' ')
                state = State::Rest;
            ++pos;
            break;
        case State::String:
            if (c == '\\' && pos + 1 < size) {
                if (data[pos + 1] == '\n')
                    ++extent.newlines;
                pos += 2;
                continue;
            }
            if (c == '"')
                state = State::AfterString;
            else if (c == '\n')
                ++extent.newlines;
            ++pos;
            break;
        case State::AfterString:
            if (c == ',') {
                state = State::FieldKey;
                ++pos;
            } else {
                state = State::Rest;
            }
            break;
        case State::Rest: {
            const void *newline = std::memchr(data + pos, '\n', static_cast<size_t>(size - pos));
            extent.end = newline ? static_cast<const char *>(newline) - data : size;
            return extent;
        }
        }
    }
    extent.end = size;
    return extent;
}

} // namespace

bool parsePrecision(QByteArrayView text, Precision *out)
{
    struct Name {
        std::string_view text;
        Precision precision;
    };
    static constexpr Name kNames[] = {
        {"", Precision::Nanoseconds},    {"n", Precision::Nanoseconds},
        {"ns", Precision::Nanoseconds},  {"u", Precision::Microseconds},
        {"us", Precision::Microseconds}, {"\xC2\xB5", Precision::Microseconds}, // "µ" in UTF-8
        {"ms", Precision::Milliseconds}, {"s", Precision::Seconds},
        {"m", Precision::Minutes},       {"h", Precision::Hours},
    };
    const std::string_view wanted(text.data(), static_cast<size_t>(text.size()));
    for (const Name &name : kNames) {
        if (name.text == wanted) {
            if (out)
                *out = name.precision;
            return true;
        }
    }
    return false;
}

namespace {

template <typename IsSpecial> void appendEscaped(QByteArray &out, const QByteArray &raw, IsSpecial isSpecial)
{
    const char *run = raw.constData();
    const char *end = run + raw.size();
    for (const char *p = run; p != end; ++p) {
        if (!isSpecial(*p))
            continue;
        out.append(run, p - run);
        out.append('\\');
        run = p; // the special byte starts the next run
    }
    out.append(run, end - run);
}

void appendTag(QByteArray &out, const Tag &tag)
{
    out.append(',');
    appendEscaped(out, tag.key, isKeyEscapable);
    out.append('=');
    appendEscaped(out, tag.value, isKeyEscapable);
}

} // namespace

QByteArray Point::seriesKey() const
{
    qsizetype size = measurement.size();
    for (const Tag &tag : tags)
        size += 2 + tag.key.size() + tag.value.size();
    QByteArray key;
    key.reserve(size);
    appendEscaped(key, measurement, isMeasurementEscapable);

    // Parsed points are sorted already; a point built by hand might not be.
    if (std::is_sorted(tags.begin(), tags.end(), tagKeyLess)) {
        for (const Tag &tag : tags)
            appendTag(key, tag);
        return key;
    }
    std::vector<const Tag *> sorted;
    sorted.reserve(tags.size());
    for (const Tag &tag : tags)
        sorted.push_back(&tag);
    std::sort(sorted.begin(), sorted.end(), [](const Tag *a, const Tag *b) { return tagKeyLess(*a, *b); });
    for (const Tag *tag : sorted)
        appendTag(key, *tag);
    return key;
}

ParsedBatch parseLineProtocol(QByteArrayView body, Precision precision, std::int64_t defaultTimeNs)
{
    ParsedBatch batch;
    const char *data = body.data();
    const qsizetype size = body.size();
    qsizetype pos = 0;
    qsizetype line = 1; // wide: a multi-gigabyte body can have more lines than int holds

    while (pos < size) {
        const LineExtent extent = findLineEnd(data, size, pos);
        const char *begin = data + pos;
        const char *end = data + extent.end;
        if (end != begin && end[-1] == '\r')
            --end;

        Point point;
        const LineStatus status = LineParser(begin, end).parse(precision, defaultTimeNs, &point);
        if (status == LineStatus::Ok) {
            batch.points.push_back(std::move(point));
        } else if (status != LineStatus::Skipped) {
            const int reported = static_cast<int>(std::min<qsizetype>(line, std::numeric_limits<int>::max()));
            batch.errors.push_back(LineError{reported, messageFor(status)});
        }
        line += 1 + extent.newlines;
        pos = extent.end + 1;
    }
    return batch;
}

} // namespace tidemark
