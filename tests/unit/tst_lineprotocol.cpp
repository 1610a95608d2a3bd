#include "node/LineProtocol.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <memory>

using namespace tidemark;

Q_DECLARE_METATYPE(tidemark::Precision)

namespace {

constexpr std::int64_t kDefaultTime = 1'700'000'000'000'000'000;

// Parses a copy of `body` held in an exactly sized heap block, so that AddressSanitizer reports any
// read past its end (a QByteArray has a terminating NUL and usually spare capacity behind it).
ParsedBatch parseExact(const QByteArray &body, Precision precision = Precision::Nanoseconds,
                       std::int64_t defaultTime = kDefaultTime)
{
    const auto size = static_cast<size_t>(body.size());
    auto copy = std::make_unique<char[]>(size);
    if (size != 0)
        std::memcpy(copy.get(), body.constData(), size);
    return parseLineProtocol(QByteArrayView(copy.get(), body.size()), precision, defaultTime);
}

QByteArray shortest(double d)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
    return QByteArray(buffer, static_cast<qsizetype>(result.ptr - buffer));
}

// "F:1.5", "I:-3", "U:7", "B:true", "S:text": compact enough for the data tables.
QByteArray render(const FieldValue &v)
{
    switch (v.type) {
    case FieldValue::Type::Float:
        return QByteArray("F:") + shortest(v.f);
    case FieldValue::Type::Integer:
        return QByteArray("I:") + QByteArray::number(v.i);
    case FieldValue::Type::Unsigned:
        return QByteArray("U:") + QByteArray::number(v.u);
    case FieldValue::Type::Boolean:
        return QByteArray(v.b ? "B:true" : "B:false");
    case FieldValue::Type::String:
        return QByteArray("S:") + v.s;
    }
    return QByteArray("?");
}

QByteArrayList renderFields(const Point &point)
{
    QByteArrayList out;
    for (const Field &field : point.fields)
        out << field.key + '=' + render(field.value);
    return out;
}

QByteArrayList renderTags(const Point &point) // key, value, key, value, ...
{
    QByteArrayList out;
    for (const Tag &tag : point.tags)
        out << tag.key << tag.value;
    return out;
}

// Invariants every parse result must satisfy, whatever the input. Returns what is wrong, or an
// empty string.
QByteArray checkInvariants(const QByteArray &body, const ParsedBatch &batch)
{
    const qsizetype lines = body.count('\n') + 1;
    int previousLine = 0;
    for (const LineError &error : batch.errors) {
        if (error.line <= previousLine || error.line > lines)
            return "error line " + QByteArray::number(error.line) + " out of order or range";
        if (error.message.isEmpty())
            return "error without message";
        previousLine = error.line;
    }
    for (const Point &point : batch.points) {
        if (point.measurement.isEmpty())
            return "empty measurement";
        if (point.fields.empty())
            return "point without fields";
        for (size_t i = 0; i + 1 < point.tags.size(); ++i) {
            if (!(point.tags[i].key < point.tags[i + 1].key))
                return "tags not strictly sorted";
        }
        for (const Tag &tag : point.tags) {
            if (tag.key.isEmpty() || tag.value.isEmpty())
                return "empty tag key or value";
        }
        for (size_t i = 0; i < point.fields.size(); ++i) {
            if (point.fields[i].key.isEmpty() || point.fields[i].key == "time")
                return "bad field key";
            for (size_t j = i + 1; j < point.fields.size(); ++j) {
                if (point.fields[i].key == point.fields[j].key)
                    return "repeated field key";
            }
        }
        if (!point.hasTime && point.time != kDefaultTime)
            return "point without timestamp did not get the default time";

        // The series key must parse back to the same series.
        const QByteArray line = point.seriesKey() + " f=1";
        const ParsedBatch again = parseExact(line);
        if (again.points.size() != 1)
            return "series key does not parse back: " + line.toPercentEncoding();
        if (again.points[0].measurement != point.measurement || again.points[0].tags != point.tags)
            return "series key parses back differently: " + line.toPercentEncoding();
    }
    return QByteArray();
}

} // namespace

class TestLineProtocol : public QObject {
    Q_OBJECT

private:
    static void addValid(const char *name, const QByteArray &line, const QByteArray &measurement,
                         const QByteArrayList &tags, const QByteArrayList &fields, qint64 time = kDefaultTime,
                         bool hasTime = false)
    {
        QTest::newRow(name) << line << measurement << tags << fields << time << hasTime;
    }

    static void addValue(const char *name, const QByteArray &value, const QByteArray &rendered)
    {
        addValid(name, "m v=" + value, "m", {}, {"v=" + rendered});
    }

private Q_SLOTS:
    void parsesValidLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("measurement");
        QTest::addColumn<QByteArrayList>("tags");
        QTest::addColumn<QByteArrayList>("fields");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<bool>("hasTime");

        // Structure.
        addValid("minimal", "cpu value=1", "cpu", {}, {"value=F:1"});
        addValid("timestamp", "cpu value=1 1465839830100400200", "cpu", {}, {"value=F:1"}, 1465839830100400200, true);
        addValid("tags", "cpu,host=server01,region=us-west value=0.64 10", "cpu",
                 {"host", "server01", "region", "us-west"}, {"value=F:0.64"}, 10, true);
        addValid("tags get sorted", "cpu,zone=z,host=h,app=a f=1", "cpu", {"app", "a", "host", "h", "zone", "z"},
                 {"f=F:1"});
        addValid("tags sorted by bytes", "cpu,b=1,B=2,a=3,_=4 f=1", "cpu", {"B", "2", "_", "4", "a", "3", "b", "1"},
                 {"f=F:1"});
        addValid("fields keep line order", "cpu b=1,a=2i,c=\"x\"", "cpu", {}, {"b=F:1", "a=I:2", "c=S:x"});
        addValid("repeated field keeps last value", "cpu a=1,b=2,a=3", "cpu", {}, {"b=F:2", "a=F:3"});
        addValid("repeated field may change type", "cpu a=1i,a=\"s\"", "cpu", {}, {"a=S:s"});
        addValid("repeated field thrice", "cpu a=1,a=2,b=t,a=3", "cpu", {}, {"b=B:true", "a=F:3"});
        {
            // More fields than the parser compares pairwise: exercises its sorting path.
            QByteArray line = "m ";
            QByteArrayList expected;
            for (int i = 0; i < 20; ++i) {
                line += "f" + QByteArray::number(i) + '=' + QByteArray::number(i) + "i,";
                if (i >= 5)
                    expected << "f" + QByteArray::number(i) + "=I:" + QByteArray::number(i);
            }
            for (int i = 0; i < 5; ++i) {
                line += "f" + QByteArray::number(i) + "=" + QByteArray::number(100 + i) + "i,";
                expected << "f" + QByteArray::number(i) + "=I:" + QByteArray::number(100 + i);
            }
            line.chop(1);
            addValid("repeated fields among many", line, "m", {}, expected);
        }
        addValid("leading blanks", "  \t cpu f=1", "cpu", {}, {"f=F:1"});
        addValid("extra blanks between sections", "cpu  \t f=1  \t 10  ", "cpu", {}, {"f=F:1"}, 10, true);
        addValid("trailing blanks without timestamp", "cpu f=1   ", "cpu", {}, {"f=F:1"});
        addValid("crlf", "cpu f=1 10\r\n", "cpu", {}, {"f=F:1"}, 10, true);
        addValid("crlf without timestamp", "cpu f=t\r\n", "cpu", {}, {"f=B:true"});
        addValid("tab inside measurement", "c\tpu f=1", "c\tpu", {}, {"f=F:1"});
        addValid("hash after the start", "cpu#1,t=#2 #f=1", "cpu#1", {"t", "#2"}, {"#f=F:1"});
        addValid("equals in measurement", "c=pu f=1", "c=pu", {}, {"f=F:1"});
        addValid("quotes in keys are literal", "c\"pu,t\"k=v\"v f\"k=1", "c\"pu", {"t\"k", "v\"v"}, {"f\"k=F:1"});
        addValid("utf-8", "温度,地点=北京 值=1", "温度", {"地点", "北京"}, {"值=F:1"});
        addValid("nul and high bytes", QByteArray("c\0u,k=\xff f=1", 11), QByteArray("c\0u", 3), {"k", "\xff"},
                 {"f=F:1"});

        // Escapes.
        addValid("measurement escaped comma", "c\\,pu f=1", "c,pu", {}, {"f=F:1"});
        addValid("measurement escaped space", "c\\ pu f=1", "c pu", {}, {"f=F:1"});
        addValid("measurement starts with escaped space", "\\ cpu f=1", " cpu", {}, {"f=F:1"});
        addValid("measurement keeps backslash-equals", "c\\=pu f=1", "c\\=pu", {}, {"f=F:1"});
        addValid("measurement keeps unknown escape", "c\\xpu f=1", "c\\xpu", {}, {"f=F:1"});
        addValid("measurement escaped backslash", "cpu\\\\ f=1", "cpu\\\\", {}, {"f=F:1"});
        addValid("tag key escapes", "cpu,a\\,b\\=c\\ d=v f=1", "cpu", {"a,b=c d", "v"}, {"f=F:1"});
        addValid("tag value escapes", "cpu,k=a\\,b\\=c\\ d f=1", "cpu", {"k", "a,b=c d"}, {"f=F:1"});
        addValid("tag keeps unknown escape", "cpu,k\\x=v\\y f=1", "cpu", {"k\\x", "v\\y"}, {"f=F:1"});
        addValid("field key escapes", "cpu a\\,b\\=c\\ d=1", "cpu", {}, {"a,b=c d=F:1"});
        addValid("field key keeps unknown escape", "cpu a\\b=1", "cpu", {}, {"a\\b=F:1"});
        addValid("string escapes", "cpu s=\"a\\\"b\\\\c\"", "cpu", {}, {"s=S:a\"b\\c"});
        addValid("string keeps other backslashes", "cpu s=\"a\\nb\\tc\"", "cpu", {}, {"s=S:a\\nb\\tc"});
        addValid("string ends in escaped backslash", "cpu s=\"a\\\\\" 1", "cpu", {}, {"s=S:a\\"}, 1, true);
        addValid("string with separators", "cpu s=\"a b,c=d e\" 5", "cpu", {}, {"s=S:a b,c=d e"}, 5, true);
        addValid("string with newline", "cpu s=\"line1\nline2\" 5", "cpu", {}, {"s=S:line1\nline2"}, 5, true);
        addValid("string with crlf inside", "cpu s=\"a\r\nb\"\r\n", "cpu", {}, {"s=S:a\r\nb"});
        addValid("empty string", "cpu s=\"\"", "cpu", {}, {"s=S:"});
        addValid("string then field", "cpu s=\"#x\",t=1", "cpu", {}, {"s=S:#x", "t=F:1"});

        // Floats: a bare number is a float in 1.x.
        addValue("float integer form", "1", "F:1");
        addValue("float", "1.5", "F:1.5");
        addValue("float exponent", "-1.5e3", "F:-1500");
        addValue("float leading dot", ".5", "F:0.5");
        addValue("float trailing dot", "5.", "F:5");
        addValue("float negative leading dot", "-.5", "F:-0.5");
        addValue("float capital exponent", "1E5", "F:1e+05");
        addValue("float exponent plus", "1e+5", "F:1e+05");
        addValue("float exponent minus", "1e-5", "F:1e-05");
        addValue("float leading zeros", "007.5", "F:7.5");
        addValue("float negative zero", "-0", "F:-0");
        addValue("float max", "1.7976931348623157e308", "F:1.7976931348623157e+308");
        addValue("float lowest", "-1.7976931348623157e308", "F:-1.7976931348623157e+308");
        addValue("float denormal", "5e-324", "F:5e-324");
        addValue("float underflow is zero", "1e-400", "F:0");
        addValue("float negative underflow", "-1e-400", "F:-0");
        addValue("float long fraction underflow", "0." + QByteArray(400, '0') + '1', "F:0");
        addValue("float zero huge exponent", "0e99999999999999999999", "F:0");

        // Integers and unsigned.
        addValue("int", "-12i", "I:-12");
        addValue("int zero", "0i", "I:0");
        addValue("int negative zero", "-0i", "I:0");
        addValue("int leading zeros", "007i", "I:7");
        addValue("int max", "9223372036854775807i", "I:9223372036854775807");
        addValue("int min", "-9223372036854775808i", "I:-9223372036854775808");
        addValue("unsigned zero", "0u", "U:0");
        addValue("unsigned", "12u", "U:12");
        addValue("unsigned max", "18446744073709551615u", "U:18446744073709551615");

        // Booleans.
        addValue("bool t", "t", "B:true");
        addValue("bool T", "T", "B:true");
        addValue("bool true", "true", "B:true");
        addValue("bool True", "True", "B:true");
        addValue("bool TRUE", "TRUE", "B:true");
        addValue("bool f", "f", "B:false");
        addValue("bool F", "F", "B:false");
        addValue("bool false", "false", "B:false");
        addValue("bool False", "False", "B:false");
        addValue("bool FALSE", "FALSE", "B:false");

        // Timestamps (nanoseconds; other precisions in precisionScalesTimestamps).
        addValid("negative timestamp", "cpu f=1 -10", "cpu", {}, {"f=F:1"}, -10, true);
        addValid("zero timestamp", "cpu f=1 0", "cpu", {}, {"f=F:1"}, 0, true);
        addValid("timestamp leading zeros", "cpu f=1 0010", "cpu", {}, {"f=F:1"}, 10, true);
        addValid("max timestamp", "cpu f=1 9223372036854775807", "cpu", {}, {"f=F:1"},
                 std::numeric_limits<qint64>::max(), true);
        addValid("min timestamp", "cpu f=1 -9223372036854775808", "cpu", {}, {"f=F:1"},
                 std::numeric_limits<qint64>::min(), true);
    }

    void parsesValidLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, measurement);
        QFETCH(QByteArrayList, tags);
        QFETCH(QByteArrayList, fields);
        QFETCH(qint64, time);
        QFETCH(bool, hasTime);

        const ParsedBatch batch = parseExact(line);
        if (!batch.errors.empty())
            QFAIL(qPrintable(batch.errors[0].message));
        QCOMPARE(batch.points.size(), size_t(1));
        const Point &point = batch.points[0];
        QCOMPARE(point.measurement, measurement);
        QCOMPARE(renderTags(point), tags);
        QCOMPARE(renderFields(point), fields);
        QCOMPARE(qint64(point.time), time);
        QCOMPARE(point.hasTime, hasTime);
    }

    void fieldValuesAreExact_data()
    {
        // Whole-struct comparison: the members that do not belong to the type stay zero.
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<FieldValue>("expected");
        const auto make = [](FieldValue::Type type) {
            FieldValue v;
            v.type = type;
            return v;
        };
        FieldValue v = make(FieldValue::Type::Float);
        v.f = -1.5;
        QTest::newRow("float") << QByteArray("-1.5") << v;
        v = make(FieldValue::Type::Integer);
        v.i = std::numeric_limits<std::int64_t>::min();
        QTest::newRow("integer") << QByteArray("-9223372036854775808i") << v;
        v = make(FieldValue::Type::Unsigned);
        v.u = std::numeric_limits<std::uint64_t>::max();
        QTest::newRow("unsigned") << QByteArray("18446744073709551615u") << v;
        v = make(FieldValue::Type::Boolean);
        v.b = true;
        QTest::newRow("boolean") << QByteArray("True") << v;
        v = make(FieldValue::Type::String);
        v.s = "a\"b";
        QTest::newRow("string") << QByteArray("\"a\\\"b\"") << v;
    }

    void fieldValuesAreExact()
    {
        QFETCH(QByteArray, value);
        QFETCH(FieldValue, expected);
        const ParsedBatch batch = parseExact("m v=" + value);
        QCOMPARE(batch.points.size(), size_t(1));
        QVERIFY(batch.points[0].fields[0].value == expected);
    }

    void reportsErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("goodPoints");

        const auto row = [](const char *name, const QByteArray &body, int line, const char *message,
                            int goodPoints = 0) {
            QTest::newRow(name) << body << line << QString::fromUtf8(message) << goodPoints;
        };

        row("missing measurement", ",a=b f=1", 1, "missing measurement");
        row("missing measurement after blanks", "  ,f=1", 1, "missing measurement");
        row("measurement only", "cpu", 1, "missing fields");
        row("measurement ending in backslash", "cpu\\", 1, "missing fields");
        row("measurement with escaped space only", "\\ f=1", 1, "missing fields");
        row("measurement and blank", "cpu   ", 1, "missing fields");
        row("tags without fields", "cpu,a=b", 1, "missing fields");
        row("tags and blank without fields", "cpu,a=b ", 1, "missing fields");
        row("missing tag key", "cpu,=b f=1", 1, "missing tag key");
        row("trailing comma after tags", "cpu,a=b, f=1", 1, "missing tag key");
        row("comma after measurement", "cpu, f=1", 1, "missing tag key");
        row("double comma in tags", "cpu,a=b,,c=d f=1", 1, "missing tag key");
        row("empty tag value", "cpu,a= f=1", 1, "missing tag value");
        row("tag without equals", "cpu,a f=1", 1, "missing tag value");
        row("tag without equals at end", "cpu,a", 1, "missing tag value");
        row("empty tag value before comma", "cpu,a=,b=c f=1", 1, "missing tag value");
        row("equals in tag value", "cpu,a=b=c f=1", 1, "invalid tag format");
        row("tag value starting with equals", "cpu,a==b f=1", 1, "invalid tag format");
        row("duplicate tags", "cpu,a=1,a=2 f=1", 1, "duplicate tags");
        row("duplicate tags apart", "cpu,b=1,a=2,b=3 f=1", 1, "duplicate tags");
        row("duplicate tags after unescaping", "cpu,a\\ b=1,a\\ b=2 f=1", 1, "duplicate tags");
        row("tag key time", "cpu,time=1 f=1", 1, "invalid tag key \"time\"");
        row("missing field key", "cpu =1", 1, "missing field key");
        row("missing second field key", "cpu a=1,=2", 1, "missing field key");
        row("trailing comma after fields", "cpu a=1,", 1, "missing field key");
        row("comma before fields", "cpu ,a=1", 1, "missing field key");
        row("field without equals", "cpu a", 1, "invalid field format");
        row("second field without equals", "cpu a=1,b", 1, "invalid field format");
        row("field key with space", "cpu a b=1", 1, "invalid field format");
        row("garbage after string", "cpu a=\"x\"y", 1, "invalid field format");
        row("missing field value at end", "cpu a=", 1, "missing field value");
        row("missing field value before comma", "cpu a=,b=1", 1, "missing field value");
        row("missing field value before blank", "cpu a= 1", 1, "missing field value");
        row("field key time", "cpu time=1", 1, "invalid field name \"time\"");
        row("field key time among others", "cpu a=1,time=2", 1, "invalid field name \"time\"");

        row("two decimal points", "cpu a=1.2.3", 1, "invalid number");
        row("letters after digits", "cpu a=1x", 1, "invalid number");
        row("lone minus", "cpu a=-", 1, "invalid number");
        row("double minus", "cpu a=--1", 1, "invalid number");
        row("lone dot", "cpu a=.", 1, "invalid number");
        row("dangling exponent", "cpu a=1e", 1, "invalid number");
        row("leading plus", "cpu a=+1", 1, "invalid number");
        row("hex", "cpu a=0x10", 1, "invalid number");
        row("digit separator", "cpu a=1_000", 1, "invalid number");
        row("float with i suffix", "cpu a=1.5i", 1, "invalid number");
        row("exponent with i suffix", "cpu a=1e5i", 1, "invalid number");
        row("digits after i", "cpu a=9i10", 1, "invalid number");
        row("double suffix", "cpu a=1ii", 1, "invalid number");
        row("lone minus with i", "cpu a=-i", 1, "invalid number");
        row("negative unsigned", "cpu a=-1u", 1, "invalid number");
        row("negative zero unsigned", "cpu a=-0u", 1, "invalid number");
        row("float with u suffix", "cpu a=1.0u", 1, "invalid number");
        row("NaN", "cpu a=NaN", 1, "invalid number");
        row("nan", "cpu a=nan", 1, "invalid number");
        row("negative inf", "cpu a=-inf", 1, "invalid number");
        row("quote inside number", "cpu a=1\"", 1, "invalid number");
        row("tab inside value", "cpu a=1\t10", 1, "invalid number");
        row("int max plus one", "cpu a=9223372036854775808i", 1, "value out of range");
        row("int min minus one", "cpu a=-9223372036854775809i", 1, "value out of range");
        row("unsigned max plus one", "cpu a=18446744073709551616u", 1, "value out of range");
        row("float overflow", "cpu a=1e400", 1, "value out of range");
        row("negative float overflow", "cpu a=-1.8e308", 1, "value out of range");
        row("float overflow long mantissa", "cpu a=1" + QByteArray(400, '0'), 1, "value out of range");
        row("misspelt boolean", "cpu a=tru", 1, "invalid boolean");
        row("mixed case boolean", "cpu a=TrUe", 1, "invalid boolean");
        row("word", "cpu a=yes", 1, "invalid boolean");
        row("inf", "cpu a=inf", 1, "invalid boolean");
        row("unquoted string", "cpu a=hello", 1, "invalid boolean");
        row("unbalanced quotes", "cpu a=\"abc", 1, "unbalanced quotes");
        row("unbalanced after escaped quote", "cpu a=\"abc\\\"", 1, "unbalanced quotes");
        row("unbalanced quote ending in backslash", "cpu a=\"abc\\", 1, "unbalanced quotes");
        row("unbalanced quotes swallow later lines", "cpu a=\"abc\ncpu b=1\ncpu c=2", 1, "unbalanced quotes");
        row("string too long", "cpu a=\"" + QByteArray(64 * 1024 + 1, 'x') + '"', 1, "string field too long");
        row("measurement too long", QByteArray(65536, 'm') + " f=1", 1, "max key length exceeded");
        row("series key too long", "m,t=" + QByteArray(65531, 'v') + " f=1", 1, "max key length exceeded");
        row("series and field key too long", QByteArray(65530, 'm') + " ff=1", 1, "max key length exceeded");
        row("float timestamp", "cpu a=1 1.5", 1, "bad timestamp");
        row("word timestamp", "cpu a=1 abc", 1, "bad timestamp");
        row("minus timestamp", "cpu a=1 -", 1, "bad timestamp");
        row("plus timestamp", "cpu a=1 +5", 1, "bad timestamp");
        row("exponent timestamp", "cpu a=1 1e9", 1, "bad timestamp");
        row("timestamp max plus one", "cpu a=1 9223372036854775808", 1, "bad timestamp");
        row("timestamp min minus one", "cpu a=1 -9223372036854775809", 1, "bad timestamp");
        row("quoted timestamp", "cpu a=1 \"5\"", 1, "bad timestamp");
        row("second timestamp", "cpu a=1 10 20", 1, "invalid point: unexpected characters after the timestamp");
        row("word after timestamp", "cpu a=1 10 x", 1, "invalid point: unexpected characters after the timestamp");

        // Line numbers: 1-based, counting the line where the bad point starts.
        row("error on line 3", "a f=1\nb f=2\nbad", 3, "missing fields", 2);
        row("after comment and blank", "# c\n\nbad", 3, "missing fields");
        row("after crlf lines", "a f=1\r\n\r\nbad\r\n", 3, "missing fields", 1);
        row("after multi-line string", "a s=\"x\ny\nz\"\nbad", 4, "missing fields", 1);
        row("after escaped newline in string", "a s=\"x\\\ny\"\nbad", 3, "missing fields", 1);
        row("unbalanced quote on line 2", "a f=1\nb s=\"open\nc f=2\nd f=3", 2, "unbalanced quotes", 1);
        row("backslash does not join lines", "a\\\nb f=1", 1, "missing fields", 1);
        row("quote in bad value does not open a string", "a f=1\"\nb f=2", 1, "invalid number", 1);
        row("garbage after string ends at newline", "a f=\"x\"y\"\nb f=1", 1, "invalid field format", 1);
        row("error between good lines", "a f=1\na f=\nb f=2", 2, "missing field value", 2);
    }

    void reportsErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, line);
        QFETCH(QString, message);
        QFETCH(int, goodPoints);

        const ParsedBatch batch = parseExact(body);
        QCOMPARE(batch.errors.size(), size_t(1));
        QCOMPARE(batch.errors[0].line, line);
        QCOMPARE(batch.errors[0].message, message);
        QCOMPARE(batch.points.size(), size_t(goodPoints));
    }

    void stringLengthLimit_data()
    {
        QTest::addColumn<QByteArray>("content"); // between the quotes, as written
        QTest::addColumn<qsizetype>("length");   // unescaped length, -1 when too long
        constexpr qsizetype limit = 64 * 1024;
        QTest::newRow("at limit") << QByteArray(limit, 'x') << limit;
        QTest::newRow("one over") << QByteArray(limit + 1, 'x') << qsizetype(-1);
        QByteArray escaped;
        for (qsizetype i = 0; i < limit; ++i)
            escaped += "\\\"";
        QTest::newRow("escapes at limit") << escaped << limit;
        QTest::newRow("escapes one over") << escaped + "\\\\" << qsizetype(-1);
        QTest::newRow("far over") << QByteArray(3 * limit, 'x') << qsizetype(-1);
    }

    void stringLengthLimit()
    {
        QFETCH(QByteArray, content);
        QFETCH(qsizetype, length);
        const ParsedBatch batch = parseExact("m s=\"" + content + "\" 1");
        if (length < 0) {
            QCOMPARE(batch.points.size(), size_t(0));
            QCOMPARE(batch.errors.size(), size_t(1));
            QCOMPARE(batch.errors[0].message, QStringLiteral("string field too long"));
        } else {
            QCOMPARE(batch.errors.size(), size_t(0));
            QCOMPARE(batch.points.size(), size_t(1));
            QCOMPARE(batch.points[0].fields[0].value.s.size(), length);
        }
    }

    void partialBatchKeepsGoodLines()
    {
        const QByteArray body = "cpu,host=a value=1 10\n"    // 1 good
                                "cpu,host=b value=oops 20\n" // 2 invalid boolean
                                "# comment\n"                // 3
                                "\n"                         // 4
                                "mem free=5i 30\n"           // 5 good
                                "disk used=1 abc\n"          // 6 bad timestamp
                                "net s=\"multi\nline\" 40\n" // 7-8 good
                                "cpu value=\n"               // 9 missing field value
                                "last f=T";                  // 10 good, no final newline
        const ParsedBatch batch = parseExact(body);

        QByteArrayList measurements;
        for (const Point &p : batch.points)
            measurements << p.measurement;
        QCOMPARE(measurements, (QByteArrayList{"cpu", "mem", "net", "last"}));
        QCOMPARE(batch.points[2].fields[0].value.s, QByteArray("multi\nline"));
        QCOMPARE(qint64(batch.points[2].time), qint64(40));
        QCOMPARE(qint64(batch.points[3].time), qint64(kDefaultTime));

        QList<int> lines;
        QStringList messages;
        for (const LineError &e : batch.errors) {
            lines << e.line;
            messages << e.message;
        }
        QCOMPARE(lines, (QList<int>{2, 6, 9}));
        QCOMPARE(messages, (QStringList{QStringLiteral("invalid boolean"), QStringLiteral("bad timestamp"),
                                        QStringLiteral("missing field value")}));
    }

    void skipsCommentsAndBlankLines_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArrayList>("measurements");
        QTest::newRow("empty body") << QByteArray() << QByteArrayList();
        QTest::newRow("only newlines") << QByteArray("\n\n\r\n  \t\n\r") << QByteArrayList();
        QTest::newRow("only comment") << QByteArray("# cpu f=1") << QByteArrayList();
        QTest::newRow("indented comment") << QByteArray("  \t# cpu f=1\nb f=1") << QByteArrayList{"b"};
        QTest::newRow("comment between points") << QByteArray("a f=1\n#x\nb f=2\n") << QByteArrayList{"a", "b"};
        QTest::newRow("quote in comment ends at newline") << QByteArray("# k=\"\nb f=1\n# \"") << QByteArrayList{"b"};
        QTest::newRow("crlf everywhere") << QByteArray("a f=1\r\n# c\r\n\r\nb f=2 5\r\n") << QByteArrayList{"a", "b"};
        QTest::newRow("quote in tag value is literal") << QByteArray("a,t=\"x f=1\nb f=2") << QByteArrayList{"a", "b"};
        QTest::newRow("quote in field key is literal") << QByteArray("a \"k=1\nb f=2") << QByteArrayList{"a", "b"};
        QTest::newRow("newline in second string") << QByteArray("a x=1,s=\"\n\"\nb f=2") << QByteArrayList{"a", "b"};
        QTest::newRow("newline in string after string")
            << QByteArray("a s=\"x\",t=\"y\nz\"\nb f=2") << QByteArrayList{"a", "b"};
        QTest::newRow("newline in string after blanks")
            << QByteArray("a \t s=\"y\nz\"\nb f=2") << QByteArrayList{"a", "b"};
        QTest::newRow("newline in string after escaped space")
            << QByteArray("a\\ b s=\"y\nz\"\nb f=2") << QByteArrayList{"a b", "b"};
    }

    void skipsCommentsAndBlankLines()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArrayList, measurements);
        const ParsedBatch batch = parseExact(body);
        if (!batch.errors.empty())
            QFAIL(qPrintable(batch.errors[0].message));
        QByteArrayList got;
        for (const Point &p : batch.points)
            got << p.measurement;
        QCOMPARE(got, measurements);
    }

    void precisionScalesTimestamps_data()
    {
        QTest::addColumn<Precision>("precision");
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("expected");

        QTest::newRow("ns") << Precision::Nanoseconds << QByteArray("7") << true << qint64(7);
        QTest::newRow("ns max") << Precision::Nanoseconds << QByteArray("9223372036854775807") << true
                                << std::numeric_limits<qint64>::max();
        QTest::newRow("ns overflow") << Precision::Nanoseconds << QByteArray("9223372036854775808") << false
                                     << qint64(0);
        QTest::newRow("us") << Precision::Microseconds << QByteArray("7") << true << qint64(7'000);
        QTest::newRow("us max") << Precision::Microseconds << QByteArray("9223372036854775") << true
                                << qint64(9223372036854775000);
        QTest::newRow("us overflow") << Precision::Microseconds << QByteArray("9223372036854776") << false << qint64(0);
        QTest::newRow("us min") << Precision::Microseconds << QByteArray("-9223372036854775") << true
                                << qint64(-9223372036854775000);
        QTest::newRow("us underflow") << Precision::Microseconds << QByteArray("-9223372036854776") << false
                                      << qint64(0);
        QTest::newRow("ms") << Precision::Milliseconds << QByteArray("-7") << true << qint64(-7'000'000);
        QTest::newRow("ms max") << Precision::Milliseconds << QByteArray("9223372036854") << true
                                << qint64(9223372036854000000);
        QTest::newRow("ms overflow") << Precision::Milliseconds << QByteArray("9223372036855") << false << qint64(0);
        QTest::newRow("s") << Precision::Seconds << QByteArray("1465839830") << true << qint64(1465839830000000000);
        QTest::newRow("s max") << Precision::Seconds << QByteArray("9223372036") << true << qint64(9223372036000000000);
        QTest::newRow("s overflow") << Precision::Seconds << QByteArray("9223372037") << false << qint64(0);
        QTest::newRow("s underflow") << Precision::Seconds << QByteArray("-9223372037") << false << qint64(0);
        QTest::newRow("m") << Precision::Minutes << QByteArray("2") << true << qint64(120'000'000'000);
        QTest::newRow("m max") << Precision::Minutes << QByteArray("153722867") << true << qint64(9223372020000000000);
        QTest::newRow("m overflow") << Precision::Minutes << QByteArray("153722868") << false << qint64(0);
        QTest::newRow("h") << Precision::Hours << QByteArray("-2") << true << qint64(-7'200'000'000'000);
        QTest::newRow("h max") << Precision::Hours << QByteArray("2562047") << true << qint64(9223369200000000000);
        QTest::newRow("h overflow") << Precision::Hours << QByteArray("2562048") << false << qint64(0);
        QTest::newRow("h zero") << Precision::Hours << QByteArray("0") << true << qint64(0);
        // A missing timestamp takes the default as given: it is already in nanoseconds.
        QTest::newRow("h default") << Precision::Hours << QByteArray() << true << qint64(kDefaultTime);
    }

    void precisionScalesTimestamps()
    {
        QFETCH(Precision, precision);
        QFETCH(QByteArray, timestamp);
        QFETCH(bool, ok);
        QFETCH(qint64, expected);

        const ParsedBatch batch = parseExact("cpu f=1 " + timestamp, precision);
        if (!ok) {
            QCOMPARE(batch.points.size(), size_t(0));
            QCOMPARE(batch.errors.size(), size_t(1));
            QCOMPARE(batch.errors[0].message, QStringLiteral("bad timestamp"));
            return;
        }
        QCOMPARE(batch.errors.size(), size_t(0));
        QCOMPARE(batch.points.size(), size_t(1));
        QCOMPARE(qint64(batch.points[0].time), expected);
        QCOMPARE(batch.points[0].hasTime, !timestamp.isEmpty());
    }

    void parsesPrecisionNames_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<Precision>("expected");
        QTest::newRow("empty") << QByteArray() << true << Precision::Nanoseconds;
        QTest::newRow("n") << QByteArray("n") << true << Precision::Nanoseconds;
        QTest::newRow("ns") << QByteArray("ns") << true << Precision::Nanoseconds;
        QTest::newRow("u") << QByteArray("u") << true << Precision::Microseconds;
        QTest::newRow("us") << QByteArray("us") << true << Precision::Microseconds;
        QTest::newRow("micro sign") << QByteArray("\xc2\xb5") << true << Precision::Microseconds;
        QTest::newRow("ms") << QByteArray("ms") << true << Precision::Milliseconds;
        QTest::newRow("s") << QByteArray("s") << true << Precision::Seconds;
        QTest::newRow("m") << QByteArray("m") << true << Precision::Minutes;
        QTest::newRow("h") << QByteArray("h") << true << Precision::Hours;
        QTest::newRow("upper S") << QByteArray("S") << false << Precision::Hours;
        QTest::newRow("MS") << QByteArray("MS") << false << Precision::Hours;
        QTest::newRow("nss") << QByteArray("nss") << false << Precision::Hours;
        QTest::newRow("blank s") << QByteArray(" s") << false << Precision::Hours;
        QTest::newRow("micro sign s") << QByteArray("\xc2\xb5s") << false << Precision::Hours;
        QTest::newRow("half micro sign") << QByteArray("\xc2") << false << Precision::Hours;
        QTest::newRow("d") << QByteArray("d") << false << Precision::Hours;
        QTest::newRow("nul") << QByteArray("s\0", 2) << false << Precision::Hours;
    }

    void parsesPrecisionNames()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        QFETCH(Precision, expected);
        // Start from a value no row expects on success, so a forgotten assignment shows.
        Precision got = ok && expected == Precision::Hours ? Precision::Seconds : Precision::Hours;
        QCOMPARE(parsePrecision(text, &got), ok);
        QCOMPARE(got, expected); // failing rows expect Hours: the output must stay untouched
    }

    void seriesKeyIsCanonical_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("no tags") << QByteArray("cpu f=1") << QByteArray("cpu");
        QTest::newRow("sorted") << QByteArray("cpu,a=1,b=2 f=1") << QByteArray("cpu,a=1,b=2");
        QTest::newRow("unsorted") << QByteArray("cpu,b=2,a=1 f=1 5") << QByteArray("cpu,a=1,b=2");
        QTest::newRow("escapes kept") << QByteArray("c\\ p\\,u,k\\ 1=v\\=1\\,x f=1")
                                      << QByteArray("c\\ p\\,u,k\\ 1=v\\=1\\,x");
        QTest::newRow("measurement backslash-equals") << QByteArray("c\\=u f=1") << QByteArray("c\\=u");
        QTest::newRow("unknown escapes") << QByteArray("c\\xu,k\\y=v\\z f=1") << QByteArray("c\\xu,k\\y=v\\z");
        QTest::newRow("escaped backslashes") << QByteArray("c\\\\,k=v\\\\ f=1") << QByteArray("c\\\\,k=v\\\\");
        QTest::newRow("unsorted with escapes")
            << QByteArray("cpu,b\\ x=1,a\\,y=2 f=1") << QByteArray("cpu,a\\,y=2,b\\ x=1");
    }

    void seriesKeyIsCanonical()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, key);
        const ParsedBatch batch = parseExact(line);
        QCOMPARE(batch.points.size(), size_t(1));
        QCOMPARE(batch.points[0].seriesKey(), key);
    }

    void seriesKeyIgnoresTagOrder_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<QByteArray>("second");
        QTest::addColumn<bool>("same");
        QTest::newRow("two tags swapped")
            << QByteArray("cpu,host=a,dc=x f=1") << QByteArray("cpu,dc=x,host=a g=2i 9") << true;
        QTest::newRow("three tags rotated")
            << QByteArray("m,c=3,a=1,b=2 f=1") << QByteArray("m,b=2,c=3,a=1 f=1") << true;
        QTest::newRow("escaped tags swapped")
            << QByteArray("m,k\\ 2=v\\,2,k\\=1=v\\ 1 f=1") << QByteArray("m,k\\=1=v\\ 1,k\\ 2=v\\,2 f=1") << true;
        QTest::newRow("different value") << QByteArray("cpu,host=a f=1") << QByteArray("cpu,host=b f=1") << false;
        QTest::newRow("value moved to other key")
            << QByteArray("m,a=1,b=2 f=1") << QByteArray("m,a=2,b=1 f=1") << false;
        QTest::newRow("escaped comma is not a tag") << QByteArray("m\\,a=1 f=1") << QByteArray("m,a=1 f=1") << false;
        QTest::newRow("escaped space differs") << QByteArray("m,a=1\\ b f=1") << QByteArray("m,a=1 b=1") << false;
    }

    void seriesKeyIgnoresTagOrder()
    {
        QFETCH(QByteArray, first);
        QFETCH(QByteArray, second);
        QFETCH(bool, same);
        const ParsedBatch a = parseExact(first);
        const ParsedBatch b = parseExact(second);
        QCOMPARE(a.points.size(), size_t(1));
        QCOMPARE(b.points.size(), size_t(1));
        QCOMPARE(a.points[0].seriesKey() == b.points[0].seriesKey(), same);
    }

    void seriesKeyOfHandBuiltPoint()
    {
        Point p;
        p.measurement = "we ather,x=";
        p.tags = {Tag{"z", "1"}, Tag{"a b", "c,d=e"}, Tag{"m", "n"}};
        QCOMPARE(p.seriesKey(), QByteArray("we\\ ather\\,x=,a\\ b=c\\,d\\=e,m=n,z=1"));
        QCOMPARE(p.tags.front().key, QByteArray("z")); // the point itself is left alone
    }

    void survivesGarbage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("lone backslash") << QByteArray("\\");
        QTest::newRow("lone quote") << QByteArray("\"");
        QTest::newRow("lone equals") << QByteArray("=");
        QTest::newRow("lone comma") << QByteArray(",");
        QTest::newRow("lone hash") << QByteArray("#");
        QTest::newRow("backslash newline") << QByteArray("\\\n\\\r\n\\");
        QTest::newRow("open string with backslash") << QByteArray("m f=\"\\");
        QTest::newRow("tag ending in backslash") << QByteArray("m,a=\\");
        QTest::newRow("field key ending in backslash") << QByteArray("m a\\");
        QTest::newRow("value ending at comma") << QByteArray("m a=1,");
        QTest::newRow("specials") << QByteArray("=,\\ \"#\n=\"\\,\" ,=\\\n\"\"\"\r\r\n");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x80\n\x01 \x02=\x03", 10);
        QTest::newRow("quotes everywhere") << QByteArray("\"m\",\"t\"=\"v\" \"f\"=\"x\" \"1\"");
        QTest::newRow("many commas") << QByteArray("m,") + QByteArray(1000, ',') + " f=1";
        QTest::newRow("many escaped") << QByteArray("m ") + QByteArray(2001, '\\');
        QTest::newRow("many fields") << QByteArray("m ") + QByteArray("a=1,").repeated(500) + "a=2";
        QTest::newRow("many tags") << QByteArray("m") + QByteArray(",t=1").repeated(300) + " f=1";
        QTest::newRow("huge exponent") << QByteArray("m f=1e99999999999999999999999,g=1e-99999999999999999999");
        QTest::newRow("valid then garbage") << QByteArray("m f=1 1\n\\\"\n\"=\nm f=2 2");
    }

    void survivesGarbage()
    {
        QFETCH(QByteArray, body);
        const ParsedBatch batch = parseExact(body);
        const QByteArray problem = checkInvariants(body, batch);
        QVERIFY2(problem.isEmpty(), problem.constData());
        // Every non-blank, non-comment line yields a point or an error, never both, never neither.
        QVERIFY(batch.points.size() + batch.errors.size() <= size_t(body.count('\n') + 1));
        QVERIFY(!batch.errors.empty() || body.isEmpty() || body.startsWith('#') || !batch.points.empty());
    }

    void survivesRandomInput()
    {
        // Random bodies over an alphabet heavy in syntax characters, so that most paths of the
        // parser are reached; the sanitizer build catches what the invariants cannot.
        static const QByteArray alphabet("a=, \\\"\n\r\t#-.09iuetfTFx\xff");
        QRandomGenerator random(20240611);
        for (int round = 0; round < 4000; ++round) {
            QByteArray body;
            const int length = random.bounded(0, 80);
            for (int i = 0; i < length; ++i)
                body += alphabet.at(random.bounded(alphabet.size()));
            const ParsedBatch batch = parseExact(body);
            const QByteArray problem = checkInvariants(body, batch);
            QVERIFY2(problem.isEmpty(), QByteArray(problem + " for " + body.toPercentEncoding()).constData());
        }
    }

    void survivesTruncation()
    {
        // Every prefix of a dense valid body: lines cut inside escapes, strings and numbers.
        const QByteArray body =
            "c\\ p\\,u,h\\=o\\ st=a\\,b,z=\\\\ s=\"x\\\"y\\\\\nz\",i=-12i,u=7u,f=-1.5e-3,b=TRUE 1465839830100400200\r\n"
            "# comment \"\n"
            "m,t=1 a=1,a=\"dup\" -5\n";
        for (qsizetype n = 0; n <= body.size(); ++n) {
            const QByteArray prefix = body.left(n);
            const ParsedBatch batch = parseExact(prefix);
            const QByteArray problem = checkInvariants(prefix, batch);
            QVERIFY2(problem.isEmpty(), QByteArray(problem + " at length " + QByteArray::number(n)).constData());
        }
        const ParsedBatch whole = parseExact(body);
        QCOMPARE(whole.errors.size(), size_t(0));
        QCOMPARE(whole.points.size(), size_t(2));
        QCOMPARE(whole.points[0].seriesKey(), QByteArray("c\\ p\\,u,h\\=o\\ st=a\\,b,z=\\\\"));
        QCOMPARE(renderFields(whole.points[0]),
                 (QByteArrayList{"s=S:x\"y\\\nz", "i=I:-12", "u=U:7", "f=F:-0.0015", "b=B:true"}));
        QCOMPARE(renderFields(whole.points[1]), QByteArrayList{"a=S:dup"});
    }
};

QTEST_GUILESS_MAIN(TestLineProtocol)
#include "tst_lineprotocol.moc"
