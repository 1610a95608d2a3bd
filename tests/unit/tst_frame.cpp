#include "protocol/Frame.h"
#include "protocol/Messages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace tidemark;

class TestFrame : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripInAnySplit()
    {
        const QByteArray payload(3000, 'p');
        const QByteArray bytes = encodeFrame(FrameType::Data, payload) + encodeFrame(FrameType::End, "{}");
        for (int step : {1, 2, 5, 7, 4096}) {
            FrameReader reader;
            QByteArray buffer;
            std::vector<Frame> frames;
            for (qsizetype i = 0; i < bytes.size(); i += step) {
                buffer.append(bytes.mid(i, step));
                for (;;) {
                    reader.process(buffer);
                    if (reader.state() != FrameReader::State::FrameReady)
                        break;
                    frames.push_back(reader.takeFrame());
                }
            }
            QCOMPARE(frames.size(), size_t(2));
            QCOMPARE(frames[0].type, FrameType::Data);
            QCOMPARE(frames[0].payload, payload);
            QCOMPARE(frames[1].type, FrameType::End);
            QCOMPARE(frames[1].payload, QByteArray("{}"));
        }
    }

    void emptyPayload()
    {
        FrameReader reader;
        QByteArray buffer = encodeFrame(FrameType::Hello, {});
        reader.process(buffer);
        QCOMPARE(reader.state(), FrameReader::State::FrameReady);
        QVERIFY(reader.takeFrame().payload.isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown type") << QByteArray("\x09\x00\x00\x00\x01x", 6)
                                      << QStringLiteral("unknown frame type 0x09");
        QTest::newRow("zero type") << QByteArray("\x00\x00\x00\x00\x00", 5)
                                   << QStringLiteral("unknown frame type 0x00");
        QTest::newRow("http") << QByteArray("GET / HTTP/1.1\r\n") << QStringLiteral("unknown frame type 0x47");
        QTest::newRow("4 GiB request") << QByteArray("\x02\xff\xff\xff\xff", 5)
                                       << QStringLiteral("declares 4294967295 bytes, over the limit of 17825792");
        QTest::newRow("data over 1 MiB") << QByteArray("\x04\x00\x10\x00\x01", 5)
                                         << QStringLiteral("declares 1048577 bytes, over the limit of 1048576");
    }

    void refusals()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        FrameReader reader;
        QByteArray buffer = bytes;
        reader.process(buffer);
        QCOMPARE(reader.state(), FrameReader::State::Failed);
        QVERIFY2(reader.errorMessage().contains(message), qPrintable(reader.errorMessage()));
    }

    void dataAtTheLimitIsAccepted()
    {
        FrameReader reader;
        QByteArray buffer = encodeFrame(FrameType::Data, QByteArray(FrameLimits::kMaxData, 'd'));
        reader.process(buffer);
        QCOMPARE(reader.state(), FrameReader::State::FrameReady);
    }

    void authProofs()
    {
        const QByteArray nonce(32, 'n');
        const QString proof = protocol::authProof("token-0123456789", nonce);
        QCOMPARE(proof.size(), 64);
        QVERIFY(protocol::proofsEqual(proof, protocol::authProof("token-0123456789", nonce)));
        QVERIFY(!protocol::proofsEqual(proof, protocol::authProof("token-0123456780", nonce)));
        QVERIFY(!protocol::proofsEqual(proof, protocol::authProof("token-0123456789", QByteArray(32, 'm'))));
        QVERIFY(!protocol::proofsEqual(proof, proof.left(63)));
        QVERIFY(!protocol::proofsEqual(QString(), QString()));
    }

    void requestValidation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{{") << QStringLiteral("request is not a JSON object");
        QTest::newRow("old protocol") << QByteArray("{\"protocol\":0,\"command\":\"node-info\"}")
                                      << QStringLiteral("unsupported protocol version 0");
        QTest::newRow("unknown command") << QByteArray("{\"protocol\":1,\"command\":\"rm -rf\"}")
                                         << QStringLiteral("unknown command \"rm -rf\"");
        QTest::newRow("no chain id") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\"}")
                                     << QStringLiteral("needs a chainId");
        QTest::newRow("bad compression")
            << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\",\"compression\":\"xz\"}")
            << QStringLiteral("unknown compression \"xz\"");
        QTest::newRow("level 0") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\","
                                               "\"compression\":\"zstd\",\"compressionLevel\":0}")
                                 << QStringLiteral("compressionLevel must be a whole number from -7 to 19, not 0");
        QTest::newRow("level -8") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\","
                                                "\"compression\":\"zstd\",\"compressionLevel\":-8}")
                                  << QStringLiteral("compressionLevel must be a whole number from -7 to 19, not 0");
        QTest::newRow("level 22") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\","
                                                "\"compression\":\"zstd\",\"compressionLevel\":22}")
                                  << QStringLiteral("compressionLevel must be a whole number from -7 to 19, not 0");
        QTest::newRow("level text") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\","
                                                  "\"compression\":\"zstd\",\"compressionLevel\":\"9\"}")
                                    << QStringLiteral("compressionLevel must be a whole number from -7 to 19, not 0");
        QTest::newRow("import without plan") << QByteArray("{\"protocol\":1,\"command\":\"import\"}")
                                             << QStringLiteral("import request: 'database' is required");
        QTest::newRow("import bad conflict")
            << QByteArray("{\"protocol\":1,\"command\":\"import\",\"import\":{\"database\":\"d\",\"onConflict\":"
                          "\"merge\"}}")
            << QStringLiteral("'onConflict' must be fail, skip or replace");
        QTest::newRow("import no default policy")
            << QByteArray("{\"protocol\":1,\"command\":\"import\",\"import\":{\"database\":\"d\","
                          "\"defaultRetentionPolicy\":\"x\",\"retentionPolicies\":[{\"name\":\"autogen\","
                          "\"duration\":0,\"shardGroupDuration\":1}]}}")
            << QStringLiteral("'defaultRetentionPolicy' must name one of 'retentionPolicies'");
        QTest::newRow("import shard of no policy")
            << QByteArray("{\"protocol\":1,\"command\":\"import\",\"import\":{\"database\":\"d\","
                          "\"defaultRetentionPolicy\":\"autogen\",\"retentionPolicies\":[{\"name\":\"autogen\","
                          "\"duration\":0,\"shardGroupDuration\":1}],\"shards\":[{\"retentionPolicy\":\"other\","
                          "\"start\":0,\"end\":1,\"size\":1,\"checksum\":\"00000000000000000000000000000000\"}]}}")
            << QStringLiteral("each shard needs a 'retentionPolicy' of the import");
        QTest::newRow("threads -1") << QByteArray("{\"protocol\":1,\"command\":\"snapshot\",\"chainId\":\"c\","
                                                  "\"compression\":\"zstd\",\"compressionThreads\":-1}")
                                    << QStringLiteral("compressionThreads must be a whole number from 0 to 64");
    }

    // The level and threads are optional fields: a request without them is what clients before
    // them sent, byte for byte, and an old request still parses (level 3, the node's threads).
    void compressionFieldsAreCompatible()
    {
        protocol::Request request;
        request.command = protocol::Request::Command::Snapshot;
        request.chainId = QStringLiteral("c");
        request.compress = true;
        QCOMPARE(request.toJson(), QByteArray("{\"chainId\":\"c\",\"command\":\"snapshot\",\"compression\":"
                                              "\"zstd\",\"protocol\":1}"));
        auto old = protocol::Request::fromJson(request.toJson());
        QVERIFY(old.ok());
        QCOMPARE(old->compressionLevel, 0);
        QCOMPARE(old->compressionThreads, -1);
        request.compressionLevel = 19;
        request.compressionThreads = 0;
        auto now = protocol::Request::fromJson(request.toJson());
        QVERIFY(now.ok());
        QCOMPARE(now->compressionLevel, 19);
        QCOMPARE(now->compressionThreads, 0);
        request.compressionLevel = -7; // zstd's fastest level accepted
        auto fast = protocol::Request::fromJson(request.toJson());
        QVERIFY(fast.ok());
        QCOMPARE(fast->compressionLevel, -7);
        // Without compression the fields stay off the wire.
        request.compress = false;
        QVERIFY(!request.toJson().contains("compressionLevel"));
        // The answer echoes what the node uses; an older node's answer has neither field.
        protocol::SnapshotAnswer answer;
        answer.compressionLevel = 19;
        answer.compressionThreads = 2;
        auto echoed = protocol::SnapshotAnswer::fromJson(answer.toJson());
        QVERIFY(echoed.ok());
        QCOMPARE(echoed->compressionLevel, 19);
        QCOMPARE(echoed->compressionThreads, 2);
        auto older = protocol::SnapshotAnswer::fromJson(protocol::SnapshotAnswer{}.toJson());
        QVERIFY(older.ok());
        QCOMPARE(older->compressionLevel, 0);
        QVERIFY(!protocol::SnapshotAnswer{}.toJson().contains(QStringLiteral("compressionLevel")));
    }

    // Block links (issue 19): "blockLinks" only when asked; a file announced without a size is a
    // block link (size -1), a negative size stays a protocol error.
    void blockLinkFields()
    {
        protocol::Request request;
        request.command = protocol::Request::Command::Snapshot;
        request.chainId = QStringLiteral("c");
        QVERIFY(!request.toJson().contains("blockLinks"));
        auto older = protocol::Request::fromJson(request.toJson());
        QVERIFY(older.ok());
        QVERIFY(!older->blockLinks);
        request.blockLinks = true;
        QVERIFY(request.toJson().contains("\"blockLinks\":true"));
        auto newer = protocol::Request::fromJson(request.toJson());
        QVERIFY(newer.ok());
        QVERIFY(newer->blockLinks);

        protocol::SnapshotAnswer answer;
        answer.files.push_back({QStringLiteral("meta"), 8192, 3});
        answer.files.push_back({QStringLiteral("shards/1"), -1, 3});
        answer.totalBytes = 8192;
        const QJsonObject json = answer.toJson();
        QVERIFY(!json.value(QStringLiteral("files")).toArray().at(1).toObject().contains(QStringLiteral("size")));
        auto parsed = protocol::SnapshotAnswer::fromJson(json);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->files.at(0).size, qint64(8192));
        QCOMPARE(parsed->files.at(1).size, qint64(-1));
        QJsonObject bad = json;
        QJsonArray files = bad.value(QStringLiteral("files")).toArray();
        QJsonObject file = files.at(1).toObject();
        file.insert(QStringLiteral("size"), -5);
        files.replace(1, file);
        bad.insert(QStringLiteral("files"), files);
        QVERIFY(!protocol::SnapshotAnswer::fromJson(bad).ok());
    }

    void importPlanRoundTrip()
    {
        protocol::Request request;
        request.command = protocol::Request::Command::Import;
        request.importPlan.database = QStringLiteral("copy");
        request.importPlan.defaultRetentionPolicy = QStringLiteral("autogen");
        request.importPlan.policies.push_back({QStringLiteral("autogen"), 0, 86400000000000, 1});
        request.importPlan.onConflict = QStringLiteral("replace");
        request.importPlan.shards.push_back({7, QStringLiteral("autogen"), 0, 86400000000000, 4096,
                                             QStringLiteral("0123456789abcdef0123456789abcdef")});
        auto parsed = protocol::Request::fromJson(request.toJson());
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
        QCOMPARE(parsed->command, protocol::Request::Command::Import);
        QCOMPARE(parsed->importPlan.database, QStringLiteral("copy"));
        QCOMPARE(parsed->importPlan.onConflict, QStringLiteral("replace"));
        QCOMPARE(parsed->importPlan.shards.size(), size_t(1));
        QCOMPARE(parsed->importPlan.shards[0].sourceId, quint64(7));
        QCOMPARE(parsed->importPlan.totalBytes(), qint64(4096));
        QCOMPARE(protocol::errorCodeFor(protocol::PreconditionFailed), ErrorCode::Conflict);
        QCOMPARE(protocol::errorCodeFor(protocol::Unprocessable), ErrorCode::Integrity);
    }

    void requestValidation()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        auto request = protocol::Request::fromJson(json);
        QVERIFY(!request.ok());
        QVERIFY2(request.error().message.contains(message), qPrintable(request.error().message));
    }
};

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
