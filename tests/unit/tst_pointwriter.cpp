// PointWriter (export's formats) and ChainExporter::parseTime: the line protocol of hostile names
// and values parses back (node/LineProtocol, the parser tidemarkd's /write uses) to the same
// point; CSV quoting and headers; --start/--end texts.
#include "browse/ChainExporter.h"
#include "browse/PointWriter.h"
#include "node/LineProtocol.h"

#include <QBuffer>
#include <QTest>

#include <limits>

using namespace tidemark;

namespace {

ExportValue floatValue(double v)
{
    ExportValue out;
    out.f = v;
    return out;
}
ExportValue integerValue(std::int64_t v)
{
    ExportValue out;
    out.type = ExportValue::Type::Integer;
    out.i = v;
    return out;
}
ExportValue unsignedValue(std::uint64_t v)
{
    ExportValue out;
    out.type = ExportValue::Type::Unsigned;
    out.u = v;
    return out;
}
ExportValue booleanValue(bool v)
{
    ExportValue out;
    out.type = ExportValue::Type::Boolean;
    out.b = v;
    return out;
}
ExportValue stringValue(const QByteArray &v)
{
    ExportValue out;
    out.type = ExportValue::Type::String;
    out.s = v;
    return out;
}

} // namespace

class TestPointWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineProtocolParsesBack_data()
    {
        QTest::addColumn<QByteArray>("measurement");
        QTest::addColumn<QByteArray>("tagKey");
        QTest::addColumn<QByteArray>("tagValue");
        QTest::addColumn<QByteArray>("fieldKey");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("plain") << QByteArray("cpu") << QByteArray("host") << QByteArray("a") << QByteArray("v")
                               << QByteArray("x");
        QTest::newRow("spaces, commas, equals") << QByteArray("disk io,x=1") << QByteArray("k ,=")
                                                << QByteArray("v ,=w") << QByteArray("f ,=") << QByteArray("a b,c=d");
        QTest::newRow("quotes and backslashes") << QByteArray("m\"q") << QByteArray("t\\k") << QByteArray("a\\b")
                                                << QByteArray("f\"") << QByteArray("say \"hi\" \\ \\\\ end\\");
        QTest::newRow("utf-8 and a newline in a string")
            << QByteArray("température") << QByteArray("lieu") << QByteArray("Zürich") << QByteArray("ü")
            << QByteArray("line 1\nline 2");
    }
    void lineProtocolParsesBack()
    {
        QFETCH(QByteArray, measurement);
        QFETCH(QByteArray, tagKey);
        QFETCH(QByteArray, tagValue);
        QFETCH(QByteArray, fieldKey);
        QFETCH(QByteArray, text);
        ExportPoint point;
        point.measurement = measurement;
        point.tags = {{"a", "1"}, {tagKey, tagValue}};
        std::sort(point.tags.begin(), point.tags.end());
        point.fields = {{"b", booleanValue(true)},
                        {"f", floatValue(0.1)},
                        {"g", floatValue(-2.5e-300)},
                        {"h", floatValue(3)},
                        {"i", integerValue(std::numeric_limits<std::int64_t>::min())},
                        {"j", integerValue(std::numeric_limits<std::int64_t>::max())},
                        {"u", unsignedValue(std::numeric_limits<std::uint64_t>::max())},
                        {fieldKey, stringValue(text)}};
        std::sort(point.fields.begin(), point.fields.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        point.time = -1234567890123456789LL;
        const QByteArray line = PointWriter::lineProtocol(point);
        const ParsedBatch batch = parseLineProtocol(line, Precision::Nanoseconds, 0);
        QVERIFY2(batch.errors.empty(), batch.errors.empty() ? "" : qPrintable(batch.errors.front().message));
        QCOMPARE(batch.points.size(), size_t(1));
        const Point &parsed = batch.points.front();
        QCOMPARE(parsed.measurement, measurement);
        QCOMPARE(parsed.time, point.time);
        QCOMPARE(parsed.tags.size(), point.tags.size());
        for (size_t k = 0; k < point.tags.size(); ++k) {
            QCOMPARE(parsed.tags[k].key, point.tags[k].first);
            QCOMPARE(parsed.tags[k].value, point.tags[k].second);
        }
        QCOMPARE(parsed.fields.size(), point.fields.size());
        for (size_t k = 0; k < point.fields.size(); ++k) {
            const Field &f = parsed.fields[k];
            const ExportValue &want = point.fields[k].second;
            QCOMPARE(f.key, point.fields[k].first);
            switch (want.type) {
            case ExportValue::Type::Float:
                QCOMPARE(f.value.type, FieldValue::Type::Float);
                QCOMPARE(f.value.f, want.f); // Exactly: the shortest form reads back the same double.
                break;
            case ExportValue::Type::Integer:
                QCOMPARE(f.value.type, FieldValue::Type::Integer);
                QCOMPARE(f.value.i, want.i);
                break;
            case ExportValue::Type::Unsigned:
                QCOMPARE(f.value.type, FieldValue::Type::Unsigned);
                QCOMPARE(f.value.u, want.u);
                break;
            case ExportValue::Type::Boolean:
                QCOMPARE(f.value.type, FieldValue::Type::Boolean);
                QCOMPARE(f.value.b, want.b);
                break;
            case ExportValue::Type::String:
                QCOMPARE(f.value.type, FieldValue::Type::String);
                QCOMPARE(f.value.s, want.s);
                break;
            }
        }
    }

    void csvQuotesAndHeaders()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PointWriter writer(ExportFormat::Csv, &buffer, QStringLiteral("buffer"));
        ExportPoint a;
        a.measurement = "cpu";
        a.tags = {{"host", "a b"}, {"rack", "x,y"}};
        a.fields = {{"n", integerValue(3)}, {"s", stringValue("say \"hi\", ok")}};
        a.time = 10;
        QVERIFY(writer.write(a).ok());
        a.time = 20;
        QVERIFY(writer.write(a).ok());
        ExportPoint b;
        b.measurement = "cpu";
        b.fields = {{"n", integerValue(4)}};
        b.time = 30;
        QVERIFY(writer.write(b).ok());
        QVERIFY(writer.flush().ok());
        QCOMPARE(buffer.data(), QByteArray("name,tags,time,n,s\n"
                                           "cpu,\"host=a\\ b,rack=x\\,y\",10,3,\"say \"\"hi\"\", ok\"\n"
                                           "cpu,\"host=a\\ b,rack=x\\,y\",20,3,\"say \"\"hi\"\", ok\"\n"
                                           "name,tags,time,n\n"
                                           "cpu,,30,4\n"));
        QCOMPARE(writer.points(), qint64(3));
        QCOMPARE(writer.perMeasurement().value(QStringLiteral("cpu")), qint64(3));
    }

    void parseTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("rfc3339") << QStringLiteral("2025-11-30T12:00:00Z") << true << 1764504000000000000LL;
        QTest::newRow("offset") << QStringLiteral("2025-11-30T13:00:00+01:00") << true << 1764504000000000000LL;
        QTest::newRow("fraction") << QStringLiteral("2025-11-30T12:00:00.5Z") << true << 1764504000500000000LL;
        QTest::newRow("nanoseconds") << QStringLiteral("1970-01-01T00:00:00.000000001Z") << true << 1LL;
        QTest::newRow("before 1970") << QStringLiteral("1969-12-31T23:59:59Z") << true << -1000000000LL;
        QTest::newRow("seconds") << QStringLiteral("1764504000s") << true << 1764504000000000000LL;
        QTest::newRow("ms") << QStringLiteral("1764504000000ms") << true << 1764504000000000000LL;
        QTest::newRow("us") << QStringLiteral("5us") << true << 5000LL;
        QTest::newRow("bare ns") << QStringLiteral("-42") << true << -42LL;
        QTest::newRow("date only") << QStringLiteral("2026-11-30") << false << 0LL;
        QTest::newRow("no zone") << QStringLiteral("2026-11-30T12:00:00") << false << 0LL;
        QTest::newRow("unit unknown") << QStringLiteral("5h") << false << 0LL;
        QTest::newRow("overflow") << QStringLiteral("99999999999999999s") << false << 0LL;
        QTest::newRow("word") << QStringLiteral("yesterday") << false << 0LL;
    }
    void parseTime()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, ns);
        const auto parsed = ChainExporter::parseTime(text, QStringLiteral("--start"));
        QCOMPARE(parsed.ok(), ok);
        if (ok)
            QCOMPARE(parsed.value(), ns);
        else
            QVERIFY(parsed.error().message.contains(QLatin1String("--start")) &&
                    parsed.error().code == ErrorCode::Usage);
    }
};

QTEST_GUILESS_MAIN(TestPointWriter)
#include "tst_pointwriter.moc"
