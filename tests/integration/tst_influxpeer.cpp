// The InfluxDB 1.x snapshot protocol against a scripted peer: an in-process loopback server that
// answers each request as a broken or hostile influxd would (the real influxd cannot be made to
// misbehave on cue). What a real influxd does is in tst_influx1.
#include "backup/BackupJob.h"
#include "influx1/InfluxSnapshotClient.h"
#include "support/TarBuilder.h"

#include <QDir>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <atomic>
#include <functional>

using namespace tidemark;
using namespace tidemark::test;

namespace {

QByteArray u64(quint64 v)
{
    QByteArray out(8, Qt::Uninitialized);
    qToBigEndian(v, out.data());
    return out;
}

// A meta store blob: Index 7, database "db" with retention policy "rp" and shard 5.
QByteArray metaBlob()
{
    const QByteArray shard = QByteArray::fromHex("0805"); // ID = 5
    const QByteArray group =
        QByteArray::fromHex("08012000") + "\x2a" + char(shard.size()) + shard; // ID 1, DeletedAt 0, Shards
    const QByteArray policy = QByteArray("\x0a\x02rp", 4) + "\x2a" + char(group.size()) + group;
    const QByteArray database = QByteArray("\x0a\x02"
                                           "db",
                                           4) +
                                "\x1a" + char(policy.size()) + policy;
    return QByteArray::fromHex("1007") + "\x2a" + char(database.size()) + database;
}

QByteArray metaAnswer(quint64 magic = 0x59590101, const QByteArray &blob = metaBlob())
{
    return u64(magic) + u64(static_cast<quint64>(blob.size())) + blob + u64(5) + "null\n";
}

const QByteArray kTsm = QByteArray::fromHex("16D116D101") + QByteArray(3000, 'd');

// Serves one scripted answer per request, on its own thread (the client blocks).
class ScriptedPeer : public QThread {
public:
    /// `answer(type, count of earlier requests of that type)`; nullopt: stay silent.
    using Script = std::function<std::optional<QByteArray>(int type, int seen)>;
    explicit ScriptedPeer(Script script) : m_script(std::move(script)) {}
    ~ScriptedPeer() override
    {
        quit();
        wait();
    }
    quint16 port() const { return m_port.load(); }
    int requests(int type) const { return type >= 0 && type < 8 ? m_seen[type].load() : 0; }

protected:
    void run() override
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost, 0))
            return;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                QByteArray &request = m_buffers[socket];
                request += socket->readAll();
                if (!request.endsWith('\n') || request.size() < 3)
                    return;
                const int type = static_cast<quint8>(request[1]);
                const int seen = type < 8 ? m_seen[type]++ : 0;
                const auto answer = m_script(type, seen);
                if (!answer)
                    return; // Silent: keep the connection open and say nothing.
                socket->write(*answer);
                socket->disconnectFromHost();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        });
        m_port = server.serverPort();
        exec();
    }

private:
    Script m_script;
    std::atomic<quint16> m_port{0};
    std::atomic<int> m_seen[8] = {};
    std::map<QTcpSocket *, QByteArray> m_buffers;
};

// A peer that behaves, except for `shard`, which answers the shard request.
ScriptedPeer::Script node(std::function<std::optional<QByteArray>(int seen)> shard)
{
    return [shard](int type, int seen) -> std::optional<QByteArray> {
        if (type == 1)
            return metaAnswer();
        if (type == 3)
            return QByteArray("{\"Paths\":[\"db/rp/5\"]}\n");
        if (type == 0)
            return shard(seen);
        return QByteArray();
    };
}

InfluxSnapshotClient client(const ScriptedPeer &peer, int timeoutMs = 5000)
{
    return InfluxSnapshotClient({HostPort{QStringLiteral("127.0.0.1"), peer.port()}, timeoutMs, nullptr});
}

BackupResult backup(const ScriptedPeer &peer, const QString &path, QStringList *stages = nullptr)
{
    BackupJob::Options options;
    options.host = HostPort{QStringLiteral("127.0.0.1"), peer.port()};
    options.path = path;
    options.timeoutMs = 5000;
    options.kind = Manifest::Kind::InfluxDb1;
    BackupJob job(options);
    QObject::connect(&job, &BackupJob::stageChanged, &job, [stages](const QString &s) {
        if (stages)
            *stages << s;
    });
    const BackupResult result = job.run();
    QCoreApplication::processEvents();
    return result;
}

void startPeer(ScriptedPeer &peer)
{
    peer.start();
    QTRY_VERIFY(peer.port() != 0);
}

} // namespace

class TestInfluxPeer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metaStoreAnswers_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("HTTP instead") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n") << int(ErrorCode::Protocol)
                                      << QStringLiteral("not 0x59590101");
        QTest::newRow("gigantic length") << u64(0x59590101) + u64(Q_UINT64_C(1) << 40) << int(ErrorCode::Protocol)
                                         << QStringLiteral("more than the limit of 536870912");
        QTest::newRow("cut short") << metaAnswer().first(30) << int(ErrorCode::Connection)
                                   << QStringLiteral("closed the connection while sending its meta store");
        QTest::newRow("nothing") << QByteArray() << int(ErrorCode::Connection)
                                 << QStringLiteral("closed the connection");
    }

    void metaStoreAnswers()
    {
        QFETCH(QByteArray, answer);
        QFETCH(int, code);
        QFETCH(QString, message);
        ScriptedPeer peer([answer](int, int) { return std::optional<QByteArray>(answer); });
        startPeer(peer);
        auto blob = client(peer).metaStore();
        QVERIFY(!blob.ok());
        QCOMPARE(int(blob.error().code), code);
        QVERIFY2(blob.error().message.contains(message), qPrintable(blob.error().message));
    }

    void silentPeerTimesOut()
    {
        ScriptedPeer peer([](int, int) { return std::optional<QByteArray>(); });
        startPeer(peer);
        QElapsedTimer timer;
        timer.start();
        auto blob = client(peer, 1000).metaStore();
        QVERIFY(!blob.ok());
        QCOMPARE(blob.error().code, ErrorCode::Connection);
        QVERIFY2(blob.error().message.contains(QStringLiteral("sent nothing for 1 s")),
                 qPrintable(blob.error().message));
        QVERIFY(timer.elapsed() < 5000);
    }

    void badShardListIsAProtocolError()
    {
        ScriptedPeer peer([](int type, int) {
            return std::optional<QByteArray>(type == 3 ? QByteArray("{\"Paths\":[\"db/../5\"]}\n") : QByteArray());
        });
        startPeer(peer);
        auto paths = client(peer).shardPaths();
        QVERIFY(!paths.ok());
        QCOMPARE(paths.error().code, ErrorCode::Protocol);
        QVERIFY2(paths.error().message.contains(QStringLiteral("that is not db/rp/id")),
                 qPrintable(paths.error().message));
    }

    // A shard the node answers with nothing (it is busy writing a snapshot of it) is asked again.
    void emptyShardAnswerIsAskedAgain()
    {
        ScriptedPeer peer(node([](int seen) {
            return std::optional<QByteArray>(seen < 2 ? QByteArray()
                                                      : buildTar({entry("db/rp/5/000000001-000000001.tsm", kTsm)}));
        }));
        startPeer(peer);
        QTemporaryDir dir;
        QStringList stages;
        const BackupResult result = backup(peer, dir.filePath(QStringLiteral("chain")), &stages);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(peer.requests(0), 3);
        QVERIFY2(stages.join(u'\n').contains(QStringLiteral("shard 5 sent nothing; asking again (2 of 10)")),
                 qPrintable(stages.join(u'\n')));
        QCOMPARE(result.manifest.kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(result.manifest.files.size(), size_t(2));
    }

    // A node that sends a hostile shard tar: nothing joins the chain, nothing is left behind.
    void hostileShardTarLeavesNothing_data()
    {
        QTest::addColumn<QByteArray>("tar");
        QTest::addColumn<QString>("message");
        QTest::newRow("symlink") << buildTar({symlinkEntry("db/rp/5/a.tsm", "/etc/shadow")})
                                 << QStringLiteral("is not a regular file");
        QTest::newRow("escaping name") << buildTar({entry("db/rp/5/../../../x.tsm", kTsm)})
                                       << QStringLiteral("is not named db/rp/5/file");
        QTest::newRow("another shard") << buildTar({entry("db/rp/6/a.tsm", kTsm)})
                                       << QStringLiteral("belongs to shard 6");
        QTest::newRow("not a tar") << QByteArray(2000, 'x') << QStringLiteral("shard 5");
    }

    void hostileShardTarLeavesNothing()
    {
        QFETCH(QByteArray, tar);
        QFETCH(QString, message);
        ScriptedPeer peer(node([tar](int) { return std::optional<QByteArray>(tar); }));
        startPeer(peer);
        QTemporaryDir dir;
        const BackupResult result = backup(peer, dir.filePath(QStringLiteral("chain")));
        QVERIFY(!result.ok());
        QCOMPARE(result.error.code, ErrorCode::Integrity);
        QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestInfluxPeer)

#include "tst_influxpeer.moc"
