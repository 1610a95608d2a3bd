#include "store/KeyEncoding.h"

#include <QTest>

#include <algorithm>
#include <limits>

using namespace tidemark;

namespace {

Field field(const char *key, FieldValue::Type type)
{
    Field f;
    f.key = key;
    f.value.type = type;
    return f;
}

} // namespace

class TestKeyEncoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pointKeyRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("series");
        QTest::addColumn<qint64>("time");
        QTest::newRow("plain") << QByteArray("cpu,host=a") << qint64(1);
        QTest::newRow("nul bytes") << QByteArray("m\0x,t=\0", 7) << qint64(-5);
        QTest::newRow("0xff after nul") << QByteArray("a\0\xff", 3) << qint64(0);
        QTest::newRow("min time") << QByteArray("s") << std::numeric_limits<qint64>::min();
        QTest::newRow("max time") << QByteArray("s") << std::numeric_limits<qint64>::max();
        QTest::newRow("empty series") << QByteArray() << qint64(7);
    }

    void pointKeyRoundTrip()
    {
        QFETCH(QByteArray, series);
        QFETCH(qint64, time);
        const QByteArray key = keys::pointKey(series, time);
        QByteArray s;
        std::int64_t t = 0;
        QVERIFY(keys::splitPointKey(key, &s, &t));
        QCOMPARE(s, series);
        QCOMPARE(qint64(t), time);
    }

    void keysOrderSeriesThenTime()
    {
        // The byte order LMDB uses must keep a series contiguous and its points time-ordered.
        const std::vector<QByteArray> ordered = {
            keys::pointKey("cpu", std::numeric_limits<qint64>::min()),
            keys::pointKey("cpu", -10),
            keys::pointKey("cpu", -1),
            keys::pointKey("cpu", 0),
            keys::pointKey("cpu", 5),
            keys::pointKey("cpu", std::numeric_limits<qint64>::max()),
            keys::pointKey(QByteArray("cpu\0", 4), 0), // "cpu\0" sorts after "cpu"...
            keys::pointKey("cpu,host=a", 0),           // ...and before "cpu,".
            keys::pointKey("cpuz", 0),
        };
        QVERIFY(std::is_sorted(ordered.begin(), ordered.end()));
    }

    void seriesIsAPrefixOfItsKeys()
    {
        const QByteArray prefix = keys::pointKey("cpu", 0).left(5); // "cpu" 00 01
        QVERIFY(keys::pointKey("cpu", 99).startsWith(prefix));
        QVERIFY(!keys::pointKey("cpu2", 0).startsWith(prefix));
    }

    void malformedKeysAreRejected_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no terminator") << QByteArray("cpu");
        QTest::newRow("bad escape") << QByteArray("cpu\0\x02", 5);
        QTest::newRow("short time") << QByteArray("a\0\x01"
                                                  "1234567",
                                                  10);
        QTest::newRow("long time") << QByteArray("a\0\x01"
                                                 "123456789",
                                                 12);
        QTest::newRow("trailing nul") << QByteArray("a\0", 2);
    }

    void malformedKeysAreRejected()
    {
        QFETCH(QByteArray, key);
        QByteArray s;
        std::int64_t t = 0;
        QVERIFY(!keys::splitPointKey(key, &s, &t));
    }

    void fieldsRoundTripSortedByName()
    {
        std::vector<Field> fields;
        fields.push_back(field("s", FieldValue::Type::String));
        fields.back().value.s = QByteArray("a \"quoted\"\nvalue\0", 18);
        fields.push_back(field("f", FieldValue::Type::Float));
        fields.back().value.f = -1.5e300;
        fields.push_back(field("i", FieldValue::Type::Integer));
        fields.back().value.i = std::numeric_limits<qint64>::min();
        fields.push_back(field("u", FieldValue::Type::Unsigned));
        fields.back().value.u = std::numeric_limits<quint64>::max();
        fields.push_back(field("b", FieldValue::Type::Boolean));
        fields.back().value.b = true;
        const QByteArray bytes = keys::encodeFields(fields);
        std::vector<Field> back;
        QVERIFY(keys::decodeFields(bytes, &back));
        QCOMPARE(back.size(), size_t(5));
        QCOMPARE(back[0].key, QByteArray("b"));
        QVERIFY(back[0].value.b);
        QCOMPARE(back[1].value.f, -1.5e300);
        QCOMPARE(back[2].value.i, std::numeric_limits<qint64>::min());
        QCOMPARE(back[3].value, fields[0].value);
        QCOMPARE(back[4].value.u, std::numeric_limits<quint64>::max());
    }

    void sameContentSameBytes()
    {
        std::vector<Field> ab{field("a", FieldValue::Type::Boolean), field("b", FieldValue::Type::Boolean)};
        std::vector<Field> ba{ab[1], ab[0]};
        QCOMPARE(keys::encodeFields(ab), keys::encodeFields(ba));
    }

    void lastDuplicateWins()
    {
        std::vector<Field> fields{field("x", FieldValue::Type::Integer), field("x", FieldValue::Type::Integer)};
        fields[0].value.i = 1;
        fields[1].value.i = 2;
        std::vector<Field> back;
        QVERIFY(keys::decodeFields(keys::encodeFields(fields), &back));
        QCOMPARE(back.size(), size_t(1));
        QCOMPARE(back[0].value.i, 2);
    }

    void mergeKeepsOldFieldsAndTakesNewValues()
    {
        std::vector<Field> older{field("a", FieldValue::Type::Integer), field("b", FieldValue::Type::Integer)};
        older[0].value.i = 1;
        older[1].value.i = 2;
        std::vector<Field> newer{field("b", FieldValue::Type::Integer), field("c", FieldValue::Type::Integer)};
        newer[0].value.i = 20;
        newer[1].value.i = 30;
        QByteArray merged;
        QVERIFY(keys::mergeFields(keys::encodeFields(older), keys::encodeFields(newer), &merged));
        std::vector<Field> back;
        QVERIFY(keys::decodeFields(merged, &back));
        QCOMPARE(back.size(), size_t(3));
        QCOMPARE(back[0].value.i, 1);
        QCOMPARE(back[1].value.i, 20);
        QCOMPARE(back[2].value.i, 30);
        QVERIFY(!keys::mergeFields(QByteArray("\x00\x05x", 3), keys::encodeFields(newer), &merged));
    }

    void malformedFieldsAreRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("short name length") << QByteArray("\x00", 1);
        QTest::newRow("name past end") << QByteArray("\x00\x09"
                                                     "ab",
                                                     4);
        QTest::newRow("no type") << QByteArray("\x00\x01"
                                               "a",
                                               3);
        QTest::newRow("short float") << QByteArray("\x00\x01"
                                                   "a\x01"
                                                   "1234",
                                                   8);
        QTest::newRow("short bool") << QByteArray("\x00\x01"
                                                  "a\x04",
                                                  4);
        QTest::newRow("string past end") << QByteArray("\x00\x01"
                                                       "a\x05\x00\x00\x00\x09"
                                                       "ab",
                                                       10);
        QTest::newRow("unknown type") << QByteArray("\x00\x01"
                                                    "a\x09",
                                                    4);
    }

    void malformedFieldsAreRejected()
    {
        QFETCH(QByteArray, bytes);
        std::vector<Field> fields;
        QVERIFY(!keys::decodeFields(bytes, &fields));
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
