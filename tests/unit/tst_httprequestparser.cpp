#include "node/HttpRequestParser.h"

#include <QTest>

using namespace tidemark;

using State = HttpRequestParser::State;

class TestHttpRequestParser : public QObject {
    Q_OBJECT

private:
    // Feeds `bytes` in pieces of `step` bytes, as a socket might deliver them.
    static HttpRequestParser feedInSteps(const QByteArray &bytes, int step, qint64 maxBody = 1 << 20)
    {
        HttpRequestParser parser(maxBody);
        QByteArray buffer;
        for (qsizetype i = 0; i < bytes.size() && parser.state() != State::Complete && parser.state() != State::Failed;
             i += step) {
            buffer.append(bytes.mid(i, step));
            parser.feed(buffer);
        }
        return parser;
    }

private Q_SLOTS:
    void completeRequests_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("db");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("ping") << QByteArray("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET")
                              << QByteArray("/ping") << QString() << QByteArray();
        QTest::newRow("write with length")
            << QByteArray("POST /write?db=my%20db&precision=s HTTP/1.1\r\nContent-Length: 11\r\n\r\ncpu value=1")
            << QByteArray("POST") << QByteArray("/write") << QStringLiteral("my db") << QByteArray("cpu value=1");
        QTest::newRow("chunked") << QByteArray(
                                        "POST /write?db=x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ncpu "
                                        "\r\n7;ext=1\r\nvalue=1\r\n0\r\nX-Trailer: y\r\n\r\n")
                                 << QByteArray("POST") << QByteArray("/write") << QStringLiteral("x")
                                 << QByteArray("cpu value=1");
        QTest::newRow("form body") << QByteArray(
                                          "POST /query HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                          "Content-Length: 16\r\n\r\nq=SHOW+DATABASES&db=f")
                                   << QByteArray("POST") << QByteArray("/query") << QString()
                                   << QByteArray("q=SHOW+DATABASES");
        QTest::newRow("plus is space") << QByteArray("GET /query?db=a+b HTTP/1.0\r\n\r\n") << QByteArray("GET")
                                       << QByteArray("/query") << QStringLiteral("a b") << QByteArray();
        QTest::newRow("bare LF") << QByteArray("HEAD /ping HTTP/1.1\nHost: x\n\n") << QByteArray("HEAD")
                                 << QByteArray("/ping") << QString() << QByteArray();
        QTest::newRow("leading CRLF") << QByteArray("\r\nGET /ping HTTP/1.1\r\n\r\n") << QByteArray("GET")
                                      << QByteArray("/ping") << QString() << QByteArray();
    }

    void completeRequests()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QString, db);
        QFETCH(QByteArray, body);
        for (int step : {1, 3, 7, int(bytes.size())}) {
            HttpRequestParser parser = feedInSteps(bytes, step);
            QCOMPARE(parser.state(), State::Complete);
            const HttpRequest request = parser.takeRequest();
            QCOMPARE(request.method, method);
            QCOMPARE(request.path, path);
            QCOMPARE(request.param(u"db"), db);
            QCOMPARE(request.body, body);
        }
    }

    void formParametersAreDecoded()
    {
        HttpRequestParser parser =
            feedInSteps("POST /query?db=x HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 32\r\n\r\nq=CREATE+DATABASE+%22a%26b%3D%22",
                        5);
        QCOMPARE(parser.state(), State::Complete);
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.param(u"q"), QStringLiteral("CREATE DATABASE \"a&b=\""));
        QCOMPARE(request.param(u"db"), QStringLiteral("x"));
    }

    void failures_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("tls hello") << QByteArray("\x16\x03\x01\x02\x00\x01", 6) << 400;
        QTest::newRow("nul in line") << QByteArray("GET /\0 HTTP/1.1\r\n\r\n", 19) << 400;
        QTest::newRow("lower case method") << QByteArray("get / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two words") << QByteArray("GET /\r\n\r\n") << 400;
        QTest::newRow("http2") << QByteArray("PRI * HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nno colon\r\n\r\n") << 400;
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("length with junk") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n") << 400;
        QTest::newRow("too long") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n") << 413;
        QTest::newRow("huge length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                                     << 400;
        QTest::newRow("gzip transfer") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
        QTest::newRow("length and chunked")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") << 400;
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << 400;
        QTest::newRow("chunks over limit")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n") + QByteArray(1024, 'a') +
                   "\r\n400\r\n"
            << 413;
        QTest::newRow("chunk overrun") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n")
                                       << 400;
        QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("head too large") << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(70000, 'a') << 431;
    }

    void failures()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        HttpRequestParser parser = feedInSteps(bytes, 512, 1500);
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.errorStatus(), status);
        QVERIFY(!parser.errorMessage().isEmpty());
    }

    void tooManyHeaders()
    {
        QByteArray bytes = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 101; ++i)
            bytes += "X-" + QByteArray::number(i) + ": v\r\n";
        HttpRequestParser parser = feedInSteps(bytes + "\r\n", 4096);
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.errorStatus(), 431);
    }

    void oversizedBodyIsRefusedBeforeItArrives()
    {
        // 413 is decided from the head alone: the client need not send the body at all.
        HttpRequestParser parser(100);
        QByteArray buffer("POST /write HTTP/1.1\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n");
        parser.feed(buffer);
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.errorStatus(), 413);
    }

    void expectContinueIsReported()
    {
        HttpRequestParser parser(100);
        QByteArray buffer("POST /write HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        parser.feed(buffer);
        QCOMPARE(parser.state(), State::Body);
        QVERIFY(parser.expectsContinue());
        buffer = "abcde";
        parser.feed(buffer);
        QCOMPARE(parser.state(), State::Complete);
    }

    void pipelinedRequestsStayInTheBuffer()
    {
        HttpRequestParser parser(100);
        QByteArray buffer("GET /ping HTTP/1.1\r\n\r\nPOST /write HTTP/1.1\r\nContent-Length: 2\r\n\r\nab");
        parser.feed(buffer);
        QCOMPARE(parser.state(), State::Complete);
        QCOMPARE(parser.takeRequest().path, QByteArray("/ping"));
        parser.feed(buffer);
        QCOMPARE(parser.state(), State::Complete);
        const HttpRequest second = parser.takeRequest();
        QCOMPARE(second.path, QByteArray("/write"));
        QCOMPARE(second.body, QByteArray("ab"));
        QVERIFY(buffer.isEmpty());
    }

    void keepAlive_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n") << false;
        QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void keepAlive()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, keepAlive);
        HttpRequestParser parser = feedInSteps(bytes, 100);
        QCOMPARE(parser.state(), State::Complete);
        QCOMPARE(parser.takeRequest().keepAlive(), keepAlive);
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
