#include "node/InfluxQl.h"

#include <QTest>

using namespace tidemark;

using Kind = InfluxQlStatement::Kind;

class TestInfluxQl : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statements_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<QList<int>>("kinds");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("create") << QStringLiteral("CREATE DATABASE mydb") << QList<int>{int(Kind::CreateDatabase)}
                                << QStringList{QStringLiteral("mydb")};
        QTest::newRow("lower case") << QStringLiteral("create database mydb;") << QList<int>{int(Kind::CreateDatabase)}
                                    << QStringList{QStringLiteral("mydb")};
        QTest::newRow("quoted") << QStringLiteral("CREATE DATABASE \"my db \\\"1\\\"\"")
                                << QList<int>{int(Kind::CreateDatabase)} << QStringList{QStringLiteral("my db \"1\"")};
        QTest::newRow("drop") << QStringLiteral("DROP DATABASE _x1") << QList<int>{int(Kind::DropDatabase)}
                              << QStringList{QStringLiteral("_x1")};
        QTest::newRow("show") << QStringLiteral("  SHOW   DATABASES  ") << QList<int>{int(Kind::ShowDatabases)}
                              << QStringList{QString()};
        QTest::newRow("several") << QStringLiteral("CREATE DATABASE a; SHOW DATABASES;DROP DATABASE a")
                                 << QList<int>{int(Kind::CreateDatabase), int(Kind::ShowDatabases),
                                               int(Kind::DropDatabase)}
                                 << QStringList{QStringLiteral("a"), QString(), QStringLiteral("a")};
    }

    void statements()
    {
        QFETCH(QString, q);
        QFETCH(QList<int>, kinds);
        QFETCH(QStringList, names);
        auto parsed = InfluxQl::parse(q);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->size(), size_t(kinds.size()));
        for (qsizetype i = 0; i < kinds.size(); ++i) {
            QCOMPARE(int(parsed->at(size_t(i)).kind), kinds[i]);
            QCOMPARE(parsed->at(size_t(i)).database, names[i]);
        }
    }

    void errors_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<QString>("message");
        QTest::newRow("select") << QStringLiteral("SELECT * FROM cpu")
                                << QStringLiteral("error parsing query: found SELECT, expected CREATE, DROP or SHOW");
        QTest::newRow("show series") << QStringLiteral("SHOW SERIES")
                                     << QStringLiteral("found SERIES, expected DATABASES");
        QTest::newRow("no name") << QStringLiteral("CREATE DATABASE")
                                 << QStringLiteral("found EOF, expected identifier at char 16");
        QTest::newRow("trailing") << QStringLiteral("CREATE DATABASE a WITH DURATION 1d")
                                  << QStringLiteral("found WITH, expected ; or EOF at char 19");
        QTest::newRow("unterminated") << QStringLiteral("DROP DATABASE \"abc")
                                      << QStringLiteral("found unterminated quoted identifier, expected identifier");
        QTest::newRow("empty quoted") << QStringLiteral("CREATE DATABASE \"\"")
                                      << QStringLiteral("database name required");
        QTest::newRow("only semicolons") << QStringLiteral(";;") << QStringLiteral("missing required parameter \"q\"");
        QTest::newRow("symbol") << QStringLiteral("CREATE DATABASE a-b")
                                << QStringLiteral("found -, expected ; or EOF");
    }

    void errors()
    {
        QFETCH(QString, q);
        QFETCH(QString, message);
        auto parsed = InfluxQl::parse(q);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    }
};

QTEST_GUILESS_MAIN(TestInfluxQl)
#include "tst_influxql.moc"
