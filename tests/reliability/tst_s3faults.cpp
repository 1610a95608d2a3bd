// Chains on S3 under the faults a real object store does not make on cue, from FakeS3 (a scripted
// server in this process): 503 SlowDown bursts, connections cut part way through a part or a
// GET, wrong ETags, refusals of every kind, a wrong region, DNS failures and refused
// connections. What passes is retried and the link commits with its bytes intact; what will not
// pass fails at once, with the right ErrorCode and a message that says what to do. Writers
// dropped uncommitted and leftovers of killed writers leave no upload behind; the lock object
// keeps a second writer off and is taken over from a dead or expired holder.
#include "support/FakeS3.h"
#include "support/NodeProcess.h"

#include "storage/S3ChainStore.h"
#include "storage/S3Client.h"
#include "storage/S3Settings.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QString kBucket = QStringLiteral("bucket");
const QString kChain = QStringLiteral("s3://bucket/chain");

// Bytes that differ from offset to offset (a shifted or repeated range shows).
QByteArray bytes(qint64 size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 x = seed * 2654435761U + 1;
    for (char &c : data) {
        x = x * 1664525U + 1013904223U;
        c = static_cast<char>(x >> 24);
    }
    return data;
}

// A new link written and committed.
Status writeLink(S3ChainStore &store, int number, const QByteArray &data)
{
    auto writer = store.createLink(number);
    if (!writer)
        return writer.error();
    QIODevice &device = writer.value()->device();
    if (device.write(data) != data.size())
        return makeError(ErrorCode::Io, QStringLiteral("write: ") + device.errorString());
    return writer.value()->commit();
}

// A link read whole through openLink().
Result<QByteArray> readLink(const S3ChainStore &store, int number)
{
    auto device = store.openLink(number);
    if (!device)
        return device.error();
    QByteArray data;
    char buffer[64 * 1024];
    for (;;) {
        const qint64 n = device.value()->read(buffer, sizeof buffer);
        if (n < 0)
            return makeError(ErrorCode::Io, device.value()->errorString());
        if (n == 0)
            return data;
        data.append(buffer, n);
    }
}

QString describe(const Error &error)
{
    return QStringLiteral("[%1] %2").arg(static_cast<int>(error.code)).arg(error.toString());
}

// Why a result failed (QVERIFY2 evaluates its message whatever the outcome).
template <typename T> QString why(const Result<T> &result)
{
    return result.ok() ? QString() : describe(result.error());
}

QByteArray lockBody(const QString &host, qint64 pid, const QDateTime &expires)
{
    QJsonObject o;
    o.insert(QLatin1String("host"), host);
    o.insert(QLatin1String("pid"), pid);
    o.insert(QLatin1String("token"), QLatin1String("someone-else"));
    o.insert(QLatin1String("since"), QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODate));
    o.insert(QLatin1String("expires"), expires.toString(Qt::ISODate));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject lockObject(const FakeS3 &s3)
{
    return QJsonDocument::fromJson(s3.object(kBucket, QStringLiteral("chain.lock")).value_or(QByteArray())).object();
}

} // namespace

class TestS3Faults : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<FakeS3> m_s3;

    void pointAt(const QString &endpoint)
    {
        S3Settings::Overrides overrides;
        overrides.endpoint = endpoint;
        overrides.region = QStringLiteral("us-east-1");
        overrides.pathStyle = true;
        S3Settings::setOverrides(overrides);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Keys from the environment only: no profile or file of the machine running the tests.
        for (const char *name :
             {"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
              "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE", "TIDEMARK_S3_DEBUG", "TIDEMARK_S3_STALL_SECONDS"})
            qunsetenv(name);
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("AWS_CONFIG_FILE", m_home.filePath(QStringLiteral("no-config")).toUtf8());
        qputenv("AWS_SHARED_CREDENTIALS_FILE", m_home.filePath(QStringLiteral("no-credentials")).toUtf8());
        qputenv("AWS_ACCESS_KEY_ID", "AKIDFAKES3TEST");
        qputenv("AWS_SECRET_ACCESS_KEY", "fake-secret");
    }

    void init()
    {
        qputenv("TIDEMARK_S3_RETRIES", "5");
        qputenv("TIDEMARK_S3_BACKOFF_MS", "1");
        qunsetenv("TIDEMARK_S3_STALL_SECONDS");
        m_s3 = std::make_unique<FakeS3>();
        QString error;
        QVERIFY2(m_s3->start(&error), qPrintable(error));
        m_s3->createBucket(kBucket);
        pointAt(m_s3->endpoint());
    }

    void cleanup()
    {
        m_s3.reset();
        S3Settings::setOverrides({});
    }

    // --- Retries that pass ---------------------------------------------------------------

    void aSlowDownBurstOnAPartIsRetried()
    {
        m_s3->failNext("PUT", QStringLiteral("partNumber=1"), 3, 503, "SlowDown");
        S3ChainStore store(kChain);
        const QByteArray data = bytes(300 * 1024, 1);
        const Status s = writeLink(store, -1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain")) == data);
        const auto parts = m_s3->requests("PUT", QStringLiteral("partNumber=1"));
        QCOMPARE(parts.size(), 4);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(parts[i].status, 503);
            QCOMPARE(parts[i].fault, QByteArray("fail"));
        }
        QCOMPARE(parts[3].status, 200);
        QVERIFY(parts[3].fault.isEmpty());
        QCOMPARE(m_s3->count("POST", QStringLiteral("uploadId=")), 1);
        QVERIFY(m_s3->uploads(kBucket).isEmpty());
    }

    void moreSlowDownsThanRetriesFailTheCommitAndAbortTheUpload()
    {
        qputenv("TIDEMARK_S3_RETRIES", "3");
        m_s3->failNext("PUT", QStringLiteral("partNumber=1"), 10, 503, "SlowDown");
        S3ChainStore store(kChain);
        auto writer = store.createLink(-1);
        QVERIFY2(writer.ok(), qPrintable(why(writer)));
        const QByteArray data = bytes(100 * 1024, 2);
        QCOMPARE(writer.value()->device().write(data), data.size());
        const Status s = writer.value()->commit();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Connection);
        QVERIFY2(s.error().message.contains(m_s3->endpoint()), qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QLatin1String("part 1")), qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QLatin1String("SlowDown")), qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QLatin1String("3 tries")), qPrintable(s.error().message));
        QCOMPARE(m_s3->count("PUT", QStringLiteral("partNumber=1")), 3);
        QCOMPARE(m_s3->count("POST", QStringLiteral("uploadId=")), 0); // Never completed.
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain")));

        writer = makeError(ErrorCode::Failure, QStringLiteral("dropped")); // The failed writer goes.
        const auto aborts = m_s3->requests("DELETE", QStringLiteral("uploadId="));
        QCOMPARE(aborts.size(), 1);
        QCOMPARE(aborts[0].status, 204);
        QVERIFY(m_s3->uploads(kBucket).isEmpty());
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain")));
        auto listing = store.list();
        QVERIFY2(listing.ok(), qPrintable(why(listing)));
        QVERIFY(listing->links.empty());
        QVERIFY(listing->leftovers.isEmpty());
    }

    void anErrorInTheBodyOfA200CompleteIsRetried()
    {
        // CompleteMultipartUpload may answer 200 and carry the error in its body.
        m_s3->failNext("POST", QStringLiteral("uploadId="), 1, 200, "InternalError");
        S3ChainStore store(kChain);
        const QByteArray data = bytes(50 * 1024, 3);
        const Status s = writeLink(store, 4, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        const auto completes = m_s3->requests("POST", QStringLiteral("uploadId="));
        QCOMPARE(completes.size(), 2);
        QCOMPARE(completes[0].fault, QByteArray("fail"));
        QVERIFY(completes[1].fault.isEmpty());
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain.4")) == data);
    }

    void aCutInTheAnswerToCreateLeavesALeftoverUpload()
    {
        // The upload was made but its id never came back: the retry makes a second one, and the
        // first is a leftover (listed, and aborted by the next backup's removeLeftovers()).
        m_s3->cutNext("POST", QStringLiteral("?uploads"), FakeS3::Cut::ResponseBody, 0);
        S3ChainStore store(kChain);
        const QByteArray data = bytes(10 * 1024, 11);
        const Status s = writeLink(store, -1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        QCOMPARE(m_s3->count("POST", QStringLiteral("?uploads")), 2);
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain")) == data);
        QCOMPARE(m_s3->uploads(kBucket), QStringList{QStringLiteral("chain")});
        auto listing = store.list();
        QVERIFY2(listing.ok(), qPrintable(why(listing)));
        QCOMPARE(listing->leftovers.size(), 1);
        store.removeLeftovers();
        QVERIFY(m_s3->uploads(kBucket).isEmpty());
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain")) == data);
    }

    void aCutInTheAnswerToCompleteIsNotAFailure()
    {
        // The store completed the upload but the answer was lost: the retried
        // CompleteMultipartUpload finds no upload (404 NoSuchUpload), yet the link is there.
        m_s3->cutNext("POST", QStringLiteral("uploadId="), FakeS3::Cut::ResponseBody, 10);
        S3ChainStore store(kChain);
        const QByteArray data = bytes(S3ChainStore::kFirstPartSize + 3000, 12);
        const Status s = writeLink(store, 1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        const auto completes = m_s3->requests("POST", QStringLiteral("uploadId="));
        QCOMPARE(completes.size(), 2);
        QCOMPARE(completes[0].fault, QByteArray("cut-response"));
        QCOMPARE(completes[1].status, 404);
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain.1")) == data);
        QVERIFY(m_s3->uploads(kBucket).isEmpty());
    }

    void aCompleteOfAnUploadThatIsGoneStillFails()
    {
        // NoSuchUpload on the first try is no lost answer: the upload was aborted meanwhile.
        m_s3->failNext("POST", QStringLiteral("uploadId="), 1, 404, "NoSuchUpload");
        S3ChainStore store(kChain);
        const Status s = writeLink(store, 1, bytes(1000, 13));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::NotFound);
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain.1")));
    }

    void aCutInAPartsBodyIsRetried()
    {
        // Two parts (8 MiB and 1 MiB), each cut once part way through its body.
        m_s3->cutNext("PUT", QStringLiteral("partNumber=1"), FakeS3::Cut::RequestBody, 3 * 1024 * 1024);
        m_s3->cutNext("PUT", QStringLiteral("partNumber=2"), FakeS3::Cut::RequestBody, 100 * 1024);
        S3ChainStore store(kChain);
        const QByteArray data = bytes(S3ChainStore::kFirstPartSize + 1024 * 1024, 4);
        const Status s = writeLink(store, -1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        for (const QString &part : {QStringLiteral("partNumber=1"), QStringLiteral("partNumber=2")}) {
            const auto tries = m_s3->requests("PUT", part);
            QCOMPARE(tries.size(), 2);
            QCOMPARE(tries[0].fault, QByteArray("cut-request"));
            QCOMPARE(tries[0].status, 0);
            QVERIFY(tries[0].bodyBytes < tries[1].bodyBytes);
            QCOMPARE(tries[1].status, 200);
        }
        QCOMPARE(m_s3->requests("PUT", QStringLiteral("partNumber=1"))[1].bodyBytes, S3ChainStore::kFirstPartSize);
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain")) == data);
        auto back = readLink(store, -1);
        QVERIFY2(back.ok(), qPrintable(why(back)));
        QVERIFY(back.value() == data);
    }

    void aCutInAGetIsResumedWithIfMatch()
    {
        const QByteArray data = bytes(1024 * 1024, 5);
        m_s3->putObject(kBucket, QStringLiteral("chain.0"), data);
        const QByteArray etag = m_s3->etag(kBucket, QStringLiteral("chain.0"));
        // The first GET (the reader's probe of its first 256 KiB) is cut after 100,000 bytes, and
        // the GET that resumes it after 100,000 more.
        m_s3->cutNext("GET", QStringLiteral("/bucket/chain.0"), FakeS3::Cut::ResponseBody, 100000, 2);
        S3ChainStore store(kChain);
        auto back = readLink(store, 0);
        QVERIFY2(back.ok(), qPrintable(why(back)));
        QVERIFY(back.value() == data);
        const auto gets = m_s3->requests("GET", QStringLiteral("/bucket/chain.0"));
        QStringList ranges;
        for (const FakeS3::Request &get : gets) {
            ranges << QString::fromLatin1(get.headers.value("range"));
            QCOMPARE(get.headers.value("if-match"), etag);
        }
        QCOMPARE(ranges, (QStringList{QStringLiteral("bytes=0-262143"), QStringLiteral("bytes=100000-262143"),
                                      QStringLiteral("bytes=200000-262143"), QStringLiteral("bytes=262144-1048575")}));
        QCOMPARE(gets[0].fault, QByteArray("cut-response"));
        QCOMPARE(gets[1].fault, QByteArray("cut-response"));
        QVERIFY(gets[2].fault.isEmpty());
    }

    void stallsAreCutAndRetried()
    {
        // libcurl averages the speed over its last 5 seconds: a stall is seen after about 6 (of the
        // 13 s this test takes).
        qputenv("TIDEMARK_S3_STALL_SECONDS", "1");
        // A part whose answer never comes, and a GET that stops after 50,000 bytes.
        m_s3->stallNext("PUT", QStringLiteral("partNumber=1"), -1);
        m_s3->stallNext("GET", QStringLiteral("/bucket/chain"), 50000);
        S3ChainStore store(kChain);
        const QByteArray data = bytes(100 * 1024, 14);
        QElapsedTimer timer;
        timer.start();
        const Status s = writeLink(store, -1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        auto back = readLink(store, -1);
        QVERIFY2(back.ok(), qPrintable(why(back)));
        QVERIFY(back.value() == data);
        QVERIFY2(timer.elapsed() >= 2000, qPrintable(QString::number(timer.elapsed()))); // Two stalls of 1 s or more.
        const auto parts = m_s3->requests("PUT", QStringLiteral("partNumber=1"));
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].fault, QByteArray("stall"));
        const auto gets = m_s3->requests("GET", QStringLiteral("/bucket/chain"));
        QCOMPARE(gets.size(), 2);
        QCOMPARE(gets[0].fault, QByteArray("stall"));
        QCOMPARE(gets[1].headers.value("range"), QByteArray("bytes=50000-102399"));
    }

    void anObjectReplacedWhileReadIsNotMixedIn()
    {
        m_s3->putObject(kBucket, QStringLiteral("chain"), bytes(1024 * 1024, 6));
        S3ChainStore store(kChain);
        auto device = store.openLink(-1);
        QVERIFY2(device.ok(), qPrintable(why(device)));
        QByteArray first;
        while (first.size() < 256 * 1024) { // The first GET's bytes.
            const QByteArray chunk = device.value()->read(256 * 1024 - first.size());
            QVERIFY(!chunk.isEmpty());
            first += chunk;
        }
        m_s3->putObject(kBucket, QStringLiteral("chain"), bytes(1024 * 1024, 7));
        char buffer[4096];
        QCOMPARE(device.value()->read(buffer, sizeof buffer), qint64(-1));
        QVERIFY2(device.value()->errorString().contains(QLatin1String("replaced")),
                 qPrintable(device.value()->errorString()));
        QCOMPARE(m_s3->requests("GET", QStringLiteral("/bucket/chain")).last().status, 412);
    }

    void aWrongPartEtagIsRetried()
    {
        m_s3->wrongEtagNext(2);
        S3ChainStore store(kChain);
        const QByteArray data = bytes(200 * 1024, 8);
        const Status s = writeLink(store, -1, data);
        QVERIFY2(s.ok(), qPrintable(why(s)));
        const auto parts = m_s3->requests("PUT", QStringLiteral("partNumber=1"));
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0].fault, QByteArray("wrong-etag"));
        QCOMPARE(parts[1].fault, QByteArray("wrong-etag"));
        QVERIFY(parts[2].fault.isEmpty());
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain")) == data);
    }

    void aPersistentlyWrongEtagIsAnIntegrityError()
    {
        qputenv("TIDEMARK_S3_RETRIES", "3");
        m_s3->wrongEtagNext(-1);
        S3ChainStore store(kChain);
        const Status s = writeLink(store, -1, bytes(200 * 1024, 9));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Integrity);
        QVERIFY2(s.error().message.contains(QLatin1String("part 1")) &&
                     s.error().message.contains(QLatin1String("MD5")),
                 qPrintable(s.error().message));
        QVERIFY(!s.error().hint.isEmpty());
        QCOMPARE(m_s3->count("PUT", QStringLiteral("partNumber=1")), 3);
        QCOMPARE(m_s3->count("POST", QStringLiteral("uploadId=")), 0);
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain")));
        QVERIFY(m_s3->uploads(kBucket).isEmpty()); // The dropped writer aborted it.
    }

    void listingsArePagedAndSlowDownsOnAPageRetried()
    {
        for (const QString &key : {QStringLiteral("chain"), QStringLiteral("chain.0"), QStringLiteral("chain.1"),
                                   QStringLiteral("chain.2"), QStringLiteral("chain.10"), QStringLiteral("other")})
            m_s3->putObject(kBucket, key, key.toUtf8());
        m_s3->failNext("GET", QStringLiteral("continuation-token="), 2, 503, "SlowDown");
        auto settings = S3Settings::resolve(kChain);
        QVERIFY2(settings.ok(), qPrintable(why(settings)));
        S3Client client(settings.value(), kBucket);
        auto objects = client.list(QStringLiteral("chain"), 2);
        QVERIFY2(objects.ok(), qPrintable(why(objects)));
        QStringList keys;
        for (const S3Client::Object &o : objects.value())
            keys << o.key;
        QCOMPARE(keys, (QStringList{QStringLiteral("chain"), QStringLiteral("chain.0"), QStringLiteral("chain.1"),
                                    QStringLiteral("chain.10"), QStringLiteral("chain.2")}));
        QCOMPARE(objects.value()[3].size, qint64(8));
        QCOMPARE(objects.value()[3].etag, m_s3->etag(kBucket, QStringLiteral("chain.10")));
        // Three pages, the second tried three times.
        QCOMPARE(m_s3->count("GET", QStringLiteral("list-type=2")), 5);

        // The store's listing: links in order, with sizes.
        S3ChainStore store(kChain);
        auto listing = store.list();
        QVERIFY2(listing.ok(), qPrintable(why(listing)));
        QCOMPARE(listing->links.size(), size_t(5));
        QCOMPARE(listing->links[0].number, -1);
        QCOMPARE(listing->links[4].number, 10);
        QCOMPARE(listing->links[4].bytes, qint64(8));
    }

    // --- Refusals that will not pass ----------------------------------------------------

    void refusalsAreNotRetriedAndSayWhatToFix()
    {
        const QList<std::pair<QByteArray, QString>> cases{
            {"InvalidAccessKeyId", QStringLiteral("access key")},
            {"SignatureDoesNotMatch", QStringLiteral("secret")},
            {"AccessDenied", QStringLiteral("grant")},
            {"RequestTimeTooSkewed", QStringLiteral("clock")},
        };
        QSet<QString> messages;
        for (const auto &[code, keyword] : cases) {
            const QString name = QString::fromLatin1(code);
            m_s3->clearFaults();
            m_s3->clearLog();
            m_s3->refuseAll(403, code);
            S3ChainStore store(kChain);
            QElapsedTimer timer;
            timer.start();
            auto listing = store.list();
            QVERIFY2(!listing.ok(), code.constData());
            const Error &e = listing.error();
            QVERIFY2(e.code == ErrorCode::Auth, qPrintable(name + QStringLiteral(": ") + describe(e)));
            QVERIFY2(m_s3->log().size() == 1, qPrintable(name + QStringLiteral(": not one request")));
            QVERIFY2(!e.hint.isEmpty(), qPrintable(name + QStringLiteral(": no hint")));
            QVERIFY2(e.toString().contains(keyword, Qt::CaseInsensitive),
                     qPrintable(name + QStringLiteral(": ") + describe(e)));
            QVERIFY2(e.message.contains(m_s3->endpoint()), qPrintable(name + QStringLiteral(": ") + describe(e)));
            messages.insert(e.message);
        }
        QCOMPARE(messages.size(), cases.size());
    }

    void aMissingBucketIsNotFound()
    {
        S3ChainStore store(QStringLiteral("s3://no-such-bucket/chain"));
        auto listing = store.list();
        QVERIFY(!listing.ok());
        QCOMPARE(listing.error().code, ErrorCode::NotFound);
        QVERIFY2(listing.error().message.contains(QLatin1String("'no-such-bucket'")),
                 qPrintable(listing.error().message));
        QVERIFY(!listing.error().hint.isEmpty());
        QCOMPARE(m_s3->log().size(), 1);
        QCOMPARE(m_s3->log()[0].status, 404);
    }

    void aWrongRegionNamesTheBucketsRegion()
    {
        m_s3->wrongRegion(QStringLiteral("eu-west-1"));
        S3ChainStore store(kChain);
        auto listing = store.list();
        QVERIFY(!listing.ok());
        QCOMPARE(listing.error().code, ErrorCode::Config);
        QVERIFY2(listing.error().message.contains(QLatin1String("eu-west-1")), qPrintable(listing.error().message));
        QVERIFY2(listing.error().hint.contains(QLatin1String("--s3-region eu-west-1")),
                 qPrintable(listing.error().hint));
        QCOMPARE(m_s3->log().size(), 1);

        // A HEAD's answer has no body: the header alone tells.
        m_s3->clearLog();
        auto link = store.openLink(-1);
        QVERIFY(!link.ok());
        QCOMPARE(link.error().code, ErrorCode::Config);
        QVERIFY2(link.error().hint.contains(QLatin1String("--s3-region eu-west-1")), qPrintable(link.error().hint));
        QCOMPARE(m_s3->log().size(), 1);

        // AWS's answer to a virtual-hosted request in the wrong region.
        m_s3->clearFaults();
        m_s3->clearLog();
        m_s3->refuseAll(301, "PermanentRedirect", {{"x-amz-bucket-region", "ap-southeast-2"}});
        auto moved = store.list();
        QVERIFY(!moved.ok());
        QCOMPARE(moved.error().code, ErrorCode::Config);
        QVERIFY2(moved.error().hint.contains(QLatin1String("--s3-region ap-southeast-2")),
                 qPrintable(moved.error().hint));
        QCOMPARE(m_s3->log().size(), 1);
    }

    void anUnknownHostFailsAtOnce()
    {
        // Backoffs long enough that a retry would show.
        qputenv("TIDEMARK_S3_RETRIES", "4");
        qputenv("TIDEMARK_S3_BACKOFF_MS", "5000");
        const QString endpoint = QStringLiteral("http://no-such-host.invalid");
        pointAt(endpoint);
        S3ChainStore store(kChain);
        QElapsedTimer timer;
        timer.start();
        auto listing = store.list();
        QVERIFY(!listing.ok());
        QCOMPARE(listing.error().code, ErrorCode::Connection);
        QVERIFY2(listing.error().message.contains(QLatin1String("DNS")), qPrintable(listing.error().message));
        QVERIFY2(listing.error().message.contains(QLatin1String("no-such-host.invalid")),
                 qPrintable(listing.error().message));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));

        // Exactly one lookup: libcurl's trace of the command line's attempt says so.
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_S3_DEBUG"), QStringLiteral("1"));
        cli.setProcessEnvironment(env);
        cli.start(NodeProcess::cliBinary(),
                  {QStringLiteral("info"), kChain, QStringLiteral("--s3-endpoint"), endpoint});
        QVERIFY(cli.waitForFinished(60000));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), static_cast<int>(ErrorCode::Connection));
        QVERIFY2(err.count("Could not resolve host") == 1, err.constData());
    }

    void aRefusedConnectionIsRetriedThenFails()
    {
        qputenv("TIDEMARK_S3_RETRIES", "3");
        quint16 closedPort = 0;
        {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost, 0));
            closedPort = server.serverPort();
        }
        const QString endpoint = QStringLiteral("http://127.0.0.1:%1").arg(closedPort);
        pointAt(endpoint);
        S3ChainStore store(kChain);
        auto listing = store.list();
        QVERIFY(!listing.ok());
        QCOMPARE(listing.error().code, ErrorCode::Connection);
        QVERIFY2(listing.error().message.contains(endpoint), qPrintable(listing.error().message));
        QVERIFY2(listing.error().message.contains(QLatin1String("after 3 tries")), qPrintable(listing.error().message));
        QVERIFY(!listing.error().hint.isEmpty());
    }

    // --- Uploads left behind -----------------------------------------------------------

    void aWriterDroppedUncommittedAbortsItsUpload()
    {
        S3ChainStore store(kChain);
        {
            auto writer = store.createLink(2);
            QVERIFY2(writer.ok(), qPrintable(why(writer)));
            // A full part goes to the uploader's thread; the writer goes before commit().
            const QByteArray data = bytes(S3ChainStore::kFirstPartSize + 4096, 10);
            QCOMPARE(writer.value()->device().write(data), data.size());
            QCOMPARE(m_s3->uploads(kBucket), QStringList{QStringLiteral("chain.2")});
        }
        const auto aborts = m_s3->requests("DELETE", QStringLiteral("uploadId="));
        QCOMPARE(aborts.size(), 1);
        QCOMPARE(aborts[0].key, QStringLiteral("chain.2"));
        QCOMPARE(aborts[0].status, 204);
        QVERIFY(m_s3->uploads(kBucket).isEmpty());
        QVERIFY(m_s3->keys(kBucket).isEmpty());
        QCOMPARE(m_s3->count("POST", QStringLiteral("uploadId=")), 0);
    }

    void removeLeftoversAbortsTheLinksUploadsOnly()
    {
        auto settings = S3Settings::resolve(kChain);
        QVERIFY2(settings.ok(), qPrintable(why(settings)));
        S3Client client(settings.value(), kBucket);
        const QStringList links{QStringLiteral("chain"), QStringLiteral("chain.0"), QStringLiteral("chain.12")};
        const QStringList others{QStringLiteral("chain-old"), QStringLiteral("chain.01"), QStringLiteral("chain.3.tmp"),
                                 QStringLiteral("chain.lock"), QStringLiteral("chainsaw")};
        for (const QString &key : links + others) {
            auto id = client.createUpload(key);
            QVERIFY2(id.ok(), qPrintable(why(id)));
        }
        S3ChainStore store(kChain);
        auto listing = store.list();
        QVERIFY2(listing.ok(), qPrintable(why(listing)));
        QCOMPARE(listing->leftovers.size(), links.size());
        for (const QString &key : links)
            QVERIFY2(listing->leftovers.filter(QStringLiteral("s3://bucket/%1 ").arg(key)).size() == 1,
                     qPrintable(listing->leftovers.join(QLatin1Char('\n'))));

        store.removeLeftovers();
        QStringList expected = others;
        expected.sort();
        QCOMPARE(m_s3->uploads(kBucket), expected);
        QCOMPARE(m_s3->count("DELETE", QStringLiteral("uploadId=")), links.size());
        auto after = store.list();
        QVERIFY(after.ok());
        QVERIFY(after->leftovers.isEmpty());
    }

    // A part refused for good while the backup still writes: the device refuses further writes
    // and the writer says why with the store's own error (403: Auth, exit 5), not a local I/O one.
    void aPartRefusedForGoodIsTheWritersError()
    {
        S3ChainStore store(kChain);
        auto writer = store.createLink(-1);
        QVERIFY2(writer.ok(), qPrintable(why(writer)));
        m_s3->failNext("PUT", QStringLiteral("partNumber=1"), -1, 403, "AccessDenied");
        QVERIFY(!writer.value()->writeError());
        const QByteArray block(1024 * 1024, 'x');
        bool refused = false;
        for (int i = 0; i < 64 && !refused; ++i)
            refused = writer.value()->device().write(block) != block.size();
        QVERIFY2(refused, "the device took 64 MiB after its first part was refused");
        const auto error = writer.value()->writeError();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::Auth);
        QVERIFY2(error->message.contains(QLatin1String("part 1")), qPrintable(error->message));
    }

    // --- The lock ------------------------------------------------------------------------

    void aHeldLockKeepsASecondWriterOff()
    {
        S3ChainStore store(kChain);
        auto held = store.lock();
        QVERIFY2(held.ok(), qPrintable(why(held)));
        QCOMPARE(lockObject(*m_s3).value(QLatin1String("pid")).toInteger(), static_cast<qint64>(::getpid()));

        S3ChainStore other(kChain);
        auto second = other.lock();
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Busy);
        QVERIFY2(second.error().message.contains(QString::number(::getpid())), qPrintable(second.error().message));
        QVERIFY2(second.error().message.contains(QHostInfo::localHostName()), qPrintable(second.error().message));
        QVERIFY2(second.error().hint.contains(QLatin1String("s3://bucket/chain.lock")),
                 qPrintable(second.error().hint));

        held = makeError(ErrorCode::Failure, QStringLiteral("released"));
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain.lock")));
        auto again = other.lock();
        QVERIFY2(again.ok(), qPrintable(why(again)));
    }

    // Another writer created the lock between our look and our write: the conditional PUT gets
    // 412 and this one gives way; a store that refuses conditional PUTs (501) gets a plain one.
    void aLockTakenMeanwhileIsAPreconditionFailure()
    {
        m_s3->failNext("PUT", QStringLiteral("chain.lock"), 1, 412, "PreconditionFailed");
        S3ChainStore store(kChain);
        auto lock = store.lock();
        QVERIFY(!lock.ok());
        QCOMPARE(lock.error().code, ErrorCode::Busy);
        QVERIFY2(lock.error().message.contains(QLatin1String("at the same time")), qPrintable(lock.error().message));
        const auto puts = m_s3->log();
        QVERIFY(std::any_of(puts.begin(), puts.end(), [](const auto &r) {
            return r.method == "PUT" && r.headers.value("if-none-match") == "*";
        }));

        m_s3->failNext("PUT", QStringLiteral("chain.lock"), 1, 501, "NotImplemented");
        auto plain = store.lock();
        QVERIFY2(plain.ok(), qPrintable(why(plain)));
    }

    // A store whose If-Match misses its own ETags answers 412 for a stale lock that did not
    // change: the lock is still taken over (plainly, then read back).
    void aSpuriousPreconditionFailureOnAStaleLockStillTakesIt()
    {
        m_s3->putObject(kBucket, QStringLiteral("chain.lock"),
                        lockBody(QStringLiteral("elsewhere.example"), 1, QDateTime::currentDateTimeUtc().addSecs(-60)));
        m_s3->failNext("PUT", QStringLiteral("chain.lock"), 1, 412, "PreconditionFailed");
        S3ChainStore store(kChain);
        auto lock = store.lock();
        QVERIFY2(lock.ok(), qPrintable(why(lock)));
        QCOMPARE(lockObject(*m_s3).value(QLatin1String("pid")).toInteger(), static_cast<qint64>(::getpid()));
        const auto log = m_s3->log();
        QVERIFY(std::any_of(log.begin(), log.end(), [](const auto &r) {
            return r.method == "PUT" && r.headers.contains("if-match") && !r.headers.value("if-match").contains('"');
        }));
    }

    void aLockOfAnotherLiveHostHolds()
    {
        m_s3->putObject(
            kBucket, QStringLiteral("chain.lock"),
            lockBody(QStringLiteral("elsewhere.example"), 1, QDateTime::currentDateTimeUtc().addSecs(3600)));
        S3ChainStore store(kChain);
        auto lock = store.lock();
        QVERIFY(!lock.ok());
        QCOMPARE(lock.error().code, ErrorCode::Busy);
        QVERIFY2(lock.error().message.contains(QLatin1String("elsewhere.example")), qPrintable(lock.error().message));
        QCOMPARE(lockObject(*m_s3).value(QLatin1String("token")).toString(), QStringLiteral("someone-else"));
    }

    void aLockOfADeadProcessOrPastItsExpiryIsTakenOver()
    {
        QProcess gone;
        gone.start(QStringLiteral("true"), {});
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished());

        const QList<QByteArray> stale{
            lockBody(QHostInfo::localHostName(), deadPid, QDateTime::currentDateTimeUtc().addSecs(3600)),
            lockBody(QStringLiteral("elsewhere.example"), 1, QDateTime::currentDateTimeUtc().addSecs(-60)),
        };
        for (const QByteArray &body : stale) {
            m_s3->putObject(kBucket, QStringLiteral("chain.lock"), body);
            S3ChainStore store(kChain);
            auto lock = store.lock();
            QVERIFY2(lock.ok(), qPrintable(why(lock) + QStringLiteral(" for ") + QString::fromUtf8(body)));
            const QJsonObject now = lockObject(*m_s3);
            QCOMPARE(now.value(QLatin1String("pid")).toInteger(), static_cast<qint64>(::getpid()));
            QVERIFY(now.value(QLatin1String("token")).toString() != QLatin1String("someone-else"));
            lock = makeError(ErrorCode::Failure, QStringLiteral("released"));
            QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain.lock")));
        }
    }

    // Two writers that both passed lock() (no conditional PUT closes that race): the one whose
    // lock object another took over gives way at commit, before its link exists.
    void aWriterWhoseLockWasTakenOverWritesNoLink()
    {
        S3ChainStore store(kChain);
        auto lock = store.lock();
        QVERIFY2(lock.ok(), qPrintable(why(lock)));
        auto writer = store.createLink(-1);
        QVERIFY2(writer.ok(), qPrintable(why(writer)));
        QCOMPARE(writer.value()->device().write(QByteArray(1000, 'x')), qint64(1000));
        m_s3->putObject(kBucket, QStringLiteral("chain.lock"),
                        lockBody(QStringLiteral("elsewhere.example"), 1, QDateTime::currentDateTimeUtc().addSecs(600)));
        const Status committed = writer.value()->commit();
        QVERIFY(!committed.ok());
        QCOMPARE(committed.error().code, ErrorCode::Busy);
        QVERIFY2(committed.error().message.contains(QLatin1String("took the lock")),
                 qPrintable(committed.error().message));
        writer = makeError(ErrorCode::Failure, QStringLiteral("dropped"));
        QVERIFY(!m_s3->object(kBucket, QStringLiteral("chain")));
        lock = makeError(ErrorCode::Failure, QStringLiteral("released"));
        // Not ours any more: the release leaves the other writer's lock alone.
        QVERIFY(m_s3->object(kBucket, QStringLiteral("chain.lock")));
    }

    // --- The command line ----------------------------------------------------------------

    void theCommandLineExitsWithTheRefusal()
    {
        m_s3->refuseAll(403, "InvalidAccessKeyId");
        S3Settings::setOverrides({}); // The command line's own options, not this process's.
        QByteArray out;
        QByteArray err;
        const int code = NodeProcess::runCli(
            {QStringLiteral("info"), kChain, QStringLiteral("--s3-endpoint"), m_s3->endpoint()}, &out, &err);
        QVERIFY2(code == static_cast<int>(ErrorCode::Auth), err.constData());
        QVERIFY2(err.contains("access key 'AKIDFAKES3TEST'"), err.constData());
        QVERIFY2(err.contains(m_s3->endpoint().toUtf8()), err.constData());
        QVERIFY2(err.contains("HINT"), err.constData());
        QCOMPARE(m_s3->log().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestS3Faults)
#include "tst_s3faults.moc"
