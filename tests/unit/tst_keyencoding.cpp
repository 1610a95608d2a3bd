#include "store/KeyEncoding.h"

#include <QTest>

#include <algorithm>
#include <limits>

using namespace tidemark;

class TestKeyEncoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pointKeyRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("series");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<qint64>("time");
        QTest::newRow("plain") << QByteArray("cpu,host=a") << QByteArray("value") << qint64(1);
        QTest::newRow("nul bytes") << QByteArray("m\0x,t=\0", 7) << QByteArray("f\0", 2) << qint64(-5);
        QTest::newRow("0xff after nul") << QByteArray("a\0\xff", 3) << QByteArray("\xff") << qint64(0);
        QTest::newRow("min time") << QByteArray("s") << QByteArray("f") << std::numeric_limits<qint64>::min();
        QTest::newRow("max time") << QByteArray("s") << QByteArray("f") << std::numeric_limits<qint64>::max();
        QTest::newRow("empty field") << QByteArray("s") << QByteArray() << qint64(7);
    }

    void pointKeyRoundTrip()
    {
        QFETCH(QByteArray, series);
        QFETCH(QByteArray, field);
        QFETCH(qint64, time);
        const QByteArray key = keys::pointKey(series, field, time);
        QByteArray s;
        QByteArray f;
        std::int64_t t = 0;
        QVERIFY(keys::splitPointKey(key, &s, &f, &t));
        QCOMPARE(s, series);
        QCOMPARE(f, field);
        QCOMPARE(qint64(t), time);
    }

    void keysOrderSeriesThenFieldThenTime()
    {
        // The byte order LMDB uses must keep a series contiguous and its points time-ordered.
        const std::vector<QByteArray> ordered = {
            keys::pointKey("cpu", "a", -10),
            keys::pointKey("cpu", "a", -1),
            keys::pointKey("cpu", "a", 0),
            keys::pointKey("cpu", "a", 5),
            keys::pointKey("cpu", "a", std::numeric_limits<qint64>::max()),
            keys::pointKey("cpu", "b", std::numeric_limits<qint64>::min()),
            keys::pointKey(QByteArray("cpu\0", 4), "a", 0), // "cpu\0" sorts after "cpu"...
            keys::pointKey("cpu,host=a", "a", 0),          // ...and before "cpu,".
            keys::pointKey("cpuz", "a", 0),
        };
        QVERIFY(std::is_sorted(ordered.begin(), ordered.end()));
    }

    void seriesIsAPrefixOfItsKeys()
    {
        const QByteArray prefix = keys::pointKey("cpu", "a", 0).left(5); // "cpu" 00 01
        QVERIFY(keys::pointKey("cpu", "zzz", 99).startsWith(prefix));
        QVERIFY(!keys::pointKey("cpu2", "a", 0).startsWith(prefix));
    }

    void malformedKeysAreRejected_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no terminator") << QByteArray("cpu");
        QTest::newRow("bad escape") << QByteArray("cpu\0\x02", 5);
        QTest::newRow("short time") << QByteArray("a\0\x01" "b\0\x01" "1234567", 13);
        QTest::newRow("long time") << QByteArray("a\0\x01" "b\0\x01" "123456789", 15);
        QTest::newRow("trailing nul") << QByteArray("a\0", 2);
    }

    void malformedKeysAreRejected()
    {
        QFETCH(QByteArray, key);
        QByteArray s;
        QByteArray f;
        std::int64_t t = 0;
        QVERIFY(!keys::splitPointKey(key, &s, &f, &t));
    }

    void valuesRoundTrip_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("encodedPrefix");
        QTest::newRow("float") << int(FieldValue::Type::Float) << QByteArray("\x01");
        QTest::newRow("int") << int(FieldValue::Type::Integer) << QByteArray("\x02");
        QTest::newRow("uint") << int(FieldValue::Type::Unsigned) << QByteArray("\x03");
        QTest::newRow("bool") << int(FieldValue::Type::Boolean) << QByteArray("\x04");
        QTest::newRow("string") << int(FieldValue::Type::String) << QByteArray("\x05");
    }

    void valuesRoundTrip()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, encodedPrefix);
        FieldValue v;
        v.type = static_cast<FieldValue::Type>(type);
        v.f = v.type == FieldValue::Type::Float ? -1.5e300 : 0;
        v.i = v.type == FieldValue::Type::Integer ? std::numeric_limits<qint64>::min() : 0;
        v.u = v.type == FieldValue::Type::Unsigned ? std::numeric_limits<quint64>::max() : 0;
        v.b = v.type == FieldValue::Type::Boolean;
        v.s = v.type == FieldValue::Type::String ? QByteArray("a \"quoted\"\nvalue\0", 18) : QByteArray();
        const QByteArray bytes = keys::encodeValue(v);
        QVERIFY(bytes.startsWith(encodedPrefix));
        FieldValue back;
        QVERIFY(keys::decodeValue(bytes, &back));
        QCOMPARE(back, v);
    }

    void badValuesAreRejected()
    {
        FieldValue v;
        QVERIFY(!keys::decodeValue(QByteArray(), &v));
        QVERIFY(!keys::decodeValue(QByteArray("\x01" "123"), &v)); // Float needs 8 bytes.
        QVERIFY(!keys::decodeValue(QByteArray("\x04" "12"), &v));  // Bool needs 1 byte.
        QVERIFY(!keys::decodeValue(QByteArray("\x09"), &v));       // Unknown type.
    }

    void u64IsBigEndian()
    {
        QCOMPARE(keys::encodeU64(0x0102030405060708ULL), QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08"));
        std::uint64_t v = 0;
        QVERIFY(keys::decodeU64(QByteArray("\0\0\0\0\0\0\x01\x00", 8), &v));
        QCOMPARE(v, 256ULL);
        QVERIFY(!keys::decodeU64(QByteArray("1234567"), &v));
    }
};

QTEST_GUILESS_MAIN(TestKeyEncoding)
#include "tst_keyencoding.moc"
