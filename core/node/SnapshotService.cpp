#include "node/SnapshotService.h"

#include "common/Log.h"
#include "common/Staging.h"
#include "node/DataNode.h"
#include "protocol/FrameChannel.h"
#include "protocol/Messages.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"
#include "store/LmdbReadView.h"

#include <QSysInfo>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslKey>
#include <QSysInfo>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUuid>

#include <algorithm>
#include <limits>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace tidemark {

namespace {

constexpr int kWriteTimeoutMs = 120000;
constexpr int kSessionNice = 10;
constexpr int kCloseTimeoutMs = 5000;
// A TLS client sends its ClientHello right after connecting; a plaintext client sends nothing
// and waits for our hello. This long without a first byte means "plaintext client".
constexpr int kTlsFirstByteMs = 3000;
constexpr char kTlsHandshakeRecord = 0x16;

// Closes a descriptor no socket object took over.
void closeDescriptor(qintptr socketDescriptor)
{
    ::close(static_cast<int>(socketDescriptor));
}

// Waits for the first byte the client sends, without consuming it: -1 when none came in time.
int peekFirstByte(qintptr socketDescriptor, int timeoutMs)
{
    pollfd p{static_cast<int>(socketDescriptor), POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0)
        return -1;
    unsigned char byte = 0;
    if (::recv(static_cast<int>(socketDescriptor), &byte, 1, MSG_PEEK) != 1)
        return -1;
    return byte;
}

QString peerOf(const QTcpSocket &socket)
{
    return socket.peerAddress().toString() + QLatin1Char(':') + QString::number(socket.peerPort());
}

int remainingMs(const QDeadlineTimer &deadline)
{
    return static_cast<int>(std::clamp<qint64>(deadline.remainingTime(), 1, std::numeric_limits<int>::max()));
}

// The private key in any algorithm Qt reads; an encrypted key is not supported (no passphrase prompt
// on a daemon).
QSslKey readPrivateKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// Counts a running snapshot for as long as it lives.
class SnapshotSlot {
public:
    SnapshotSlot(std::atomic_int &counter, int max) : m_counter(counter) { m_acquired = m_counter.fetch_add(1) < max; }
    ~SnapshotSlot() { m_counter.fetch_sub(1); }
    SnapshotSlot(const SnapshotSlot &) = delete;
    SnapshotSlot &operator=(const SnapshotSlot &) = delete;
    bool acquired() const { return m_acquired; }

private:
    std::atomic_int &m_counter;
    bool m_acquired = false;
};

} // namespace

SnapshotService::SnapshotService(DataNode &node, const NodeConfig &config, QObject *parent)
    : QTcpServer(parent), m_node(node), m_config(config),
      m_maps(
          std::make_unique<BlockMapCache>(config.dataDir + QLatin1Char('/') + QLatin1String(BlockMapCache::kDirName)))
{
}

SnapshotService::~SnapshotService()
{
    close();
    m_stopping = true;
    std::lock_guard lock(m_threadsMutex);
    for (Session &session : m_sessions)
        session.thread->wait();
}

Status SnapshotService::loadTls()
{
    const QString &certFile = m_config.snapshotTlsCertFile;
    const QString &keyFile = m_config.snapshotTlsKeyFile;
    if (!QSslSocket::supportsSsl())
        return makeError(ErrorCode::Config, tr("[snapshot] tls-cert is set but Qt has no TLS backend here"),
                         tr("Install Qt's OpenSSL TLS plugin (Debian: libqt6network6 and libssl3), or remove tls-cert "
                            "and tls-key."));
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty())
        return makeError(
            ErrorCode::Config, tr("[snapshot] tls-cert: '%1' holds no PEM certificate").arg(certFile),
            tr("Give a PEM file starting with -----BEGIN CERTIFICATE-----, the node's certificate first."));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Config,
                         tr("[snapshot] tls-key: cannot read '%1': %2").arg(keyFile, file.errorString()));
    const QSslKey key = readPrivateKey(file.readAll());
    if (key.isNull())
        return makeError(
            ErrorCode::Config,
            tr("[snapshot] tls-key: '%1' holds no unencrypted PEM private key (RSA, EC or DSA)").arg(keyFile),
            tr("Give the certificate's private key without a passphrase, e.g. from: "
               "openssl pkey -in encrypted.key -out %1")
                .arg(keyFile));
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        qCWarning(lcNode).noquote() << "[snapshot] tls-key" << keyFile
                                    << "is readable by other users; make it private: chmod 600" << keyFile;
    if (chain.first().expiryDate() < QDateTime::currentDateTimeUtc())
        qCWarning(lcNode).noquote() << "[snapshot] tls-cert" << certFile << "expired on"
                                    << chain.first().expiryDate().toString(Qt::ISODate) << "; clients will refuse it";
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // Clients prove themselves with the token.
    m_tls = tls;
    return {};
}

QString SnapshotService::nodeUrl() const
{
    HostPort address = m_config.httpBind;
    if (address.host.isEmpty() || address.host == QLatin1String("0.0.0.0") || address.host == QLatin1String("::"))
        address.host = QSysInfo::machineHostName();
    return QStringLiteral("http://") + address.toString();
}

Status SnapshotService::listen()
{
    if (m_config.snapshotTls()) {
        if (Status s = loadTls(); !s)
            return s;
    }
    const HostPort &bind = m_config.snapshotBind;
    const QHostAddress host = bind.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
                                  ? QHostAddress(QHostAddress::LocalHost)
                                  : QHostAddress(bind.host);
    // A host name other than localhost parses as a null address: refuse it rather than guess.
    if (host.isNull())
        return makeError(ErrorCode::Config,
                         tr("[snapshot] bind-address '%1' is not an IP address").arg(bind.toString()),
                         tr("Write an address such as 127.0.0.1:8808 or 192.0.2.10:8808 (host names other than "
                            "localhost are not resolved)."));
    if (!QTcpServer::listen(host, bind.port))
        return makeError(ErrorCode::Connection,
                         tr("Cannot listen for snapshots on %1: %2").arg(bind.toString(), errorString()),
                         tr("Another program may use the port; change [snapshot] bind-address."));
    return {};
}

void SnapshotService::incomingConnection(qintptr socketDescriptor)
{
    std::lock_guard lock(m_threadsMutex);
    // Reap finished sessions so the list stays short on a long-running node.
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->done->load()) {
            it->thread->wait();
            it = m_sessions.erase(it);
            continue;
        }
        ++it;
    }
    if (m_connections.load() >= kMaxConnections) {
        QTcpSocket refused;
        refused.setSocketDescriptor(socketDescriptor);
        // A TLS client could not read a plaintext answer, and a handshake here would stall the
        // thread that accepts: with TLS the extra connection is just closed.
        if (m_tls)
            return;
        refused.write(
            encodeFrame(FrameType::Response, protocol::response(protocol::Conflict, tr("too many connections"))));
        refused.waitForBytesWritten(1000);
        return;
    }
    ++m_connections;
    auto done = std::make_shared<std::atomic_bool>(false);
    std::unique_ptr<QThread> thread(QThread::create([this, socketDescriptor, done] {
        runSession(socketDescriptor);
        --m_connections;
        *done = true;
    }));
    thread->start();
    m_sessions.push_back({std::move(thread), done});
}

std::unique_ptr<QTcpSocket> SnapshotService::accept(qintptr socketDescriptor, const QDeadlineTimer &deadline)
{
    if (!m_tls) {
        auto socket = std::make_unique<QTcpSocket>();
        if (!socket->setSocketDescriptor(socketDescriptor)) {
            closeDescriptor(socketDescriptor);
            return nullptr;
        }
        socket->setReadBufferSize(kReadBufferBytes);
        return socket;
    }
    const int first = peekFirstByte(socketDescriptor, std::min(kTlsFirstByteMs, remainingMs(deadline)));
    if (first != kTlsHandshakeRecord) {
        // A plaintext client (or anything but TLS): tell it in its own language, then close.
        QTcpSocket plain;
        if (!plain.setSocketDescriptor(socketDescriptor)) {
            closeDescriptor(socketDescriptor);
            return nullptr;
        }
        qCInfo(lcNode) << "snapshot client" << peerOf(plain) << "did not start TLS; answered 400";
        plain.write(
            encodeFrame(FrameType::Response,
                        protocol::response(protocol::BadRequest,
                                           tr("this node's snapshot service requires TLS; connect with --tls"))));
        plain.waitForBytesWritten(1000);
        return nullptr;
    }
    auto socket = std::make_unique<QSslSocket>();
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        closeDescriptor(socketDescriptor);
        return nullptr;
    }
    socket->setReadBufferSize(kReadBufferBytes);
    socket->setSslConfiguration(*m_tls);
    socket->startServerEncryption();
    if (!socket->waitForEncrypted(remainingMs(deadline))) {
        qCInfo(lcNode) << "TLS handshake with snapshot client" << peerOf(*socket) << "failed:" << socket->errorString();
        return nullptr;
    }
    return socket;
}

void SnapshotService::runSession(qintptr socketDescriptor)
{
    // A backup is background work: on a busy node the writers come first. Linux applies nice
    // values per thread, so this lowers only this session's thread.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), kSessionNice);
    const int idle = m_config.snapshotIdleTimeoutMs;
    // The whole request phase gets one idle timeout, however the bytes trickle in: a client that
    // sends one byte just before each timeout (slowloris) cannot keep a connection slot.
    const QDeadlineTimer requestDeadline(idle);
    const std::unique_ptr<QTcpSocket> socketHolder = accept(socketDescriptor, requestDeadline);
    if (!socketHolder)
        return;
    QTcpSocket &socket = *socketHolder;
    // Deleting a connected socket aborts it, dropping what is still queued; with TLS, flush()
    // only empties the plaintext side. A graceful disconnect sends the rest (and TLS close_notify).
    const auto closeGracefully = qScopeGuard([&socket] {
        socket.disconnectFromHost();
        if (socket.state() != QAbstractSocket::UnconnectedState)
            (void)socket.waitForDisconnected(kCloseTimeoutMs);
    });
    const QString peer = peerOf(socket);
    FrameChannel channel(socket, QStringLiteral("client ") + peer, &m_stopping);
    const auto answer = [&](int status, const QString &message, const QJsonObject &extra = {}) {
        if (status != protocol::Ok)
            qCInfo(lcNode) << "snapshot client" << peer << "answered" << status << message;
        (void)channel.write(FrameType::Response, protocol::response(status, message, extra), idle);
        (void)channel.flush(idle);
    };

    protocol::Hello hello;
    hello.node = QStringLiteral("tidemarkd ") + QStringLiteral(TIDEMARK_VERSION);
    hello.nonce.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(hello.nonce.data()), 8);
    hello.authRequired = !m_config.snapshotAuthToken.isEmpty();
    if (!channel.write(FrameType::Hello, hello.toJson(), remainingMs(requestDeadline)))
        return;

    auto frame = channel.read(remainingMs(requestDeadline));
    if (!frame) {
        if (frame.error().code == ErrorCode::Protocol)
            return answer(protocol::BadRequest, frame.error().message);
        if (frame.error().code == ErrorCode::Connection && requestDeadline.hasExpired())
            qCInfo(lcNode) << "snapshot client" << peer << "dropped: no complete request within" << idle << "ms";
        return;
    }
    if (frame->type != FrameType::Request)
        return answer(protocol::BadRequest, tr("expected a request frame"));
    auto request = protocol::Request::fromJson(frame->payload);
    if (!request)
        return answer(protocol::BadRequest, request.error().message);
    if (hello.authRequired &&
        !protocol::proofsEqual(request->auth, protocol::authProof(m_config.snapshotAuthToken, hello.nonce)))
        return answer(protocol::Unauthorized,
                      request->auth.isEmpty() ? tr("this node requires an auth token") : tr("wrong auth token"));

    if (request->command == protocol::Request::Command::NodeInfo) {
        const DataNode::Summary summary = m_node.summary();
        protocol::NodeInfo info;
        info.nodeId = summary.nodeId;
        info.version = hello.node;
        info.clusterUrl = nodeUrl();
        info.index = summary.index;
        info.snapshotsEnabled = m_config.snapshotEnabled;
        info.databases = summary.databases;
        info.bytes = summary.bytes;
        for (const auto &s : summary.shards)
            info.shards.push_back({s.id, s.database, s.retentionPolicy, s.index, s.bytes, s.startNs, s.endNs});
        return answer(protocol::Ok, QStringLiteral("OK"), QJsonObject{{QStringLiteral("info"), info.toJson()}});
    }

    if (!m_config.snapshotEnabled)
        return answer(protocol::NotFound, tr("snapshots are disabled on this node ([snapshot] enabled = false)"));
    const SnapshotSlot slot(m_snapshots, kMaxSnapshots);
    if (!slot.acquired())
        return answer(protocol::Conflict, tr("%1 snapshots are running already; try again later").arg(kMaxSnapshots));

    if (request->command == protocol::Request::Command::Import)
        return serveImport(channel, request->importPlan, peer);

    Manifest base;
    if (!request->baseManifest.isEmpty()) {
        auto parsed = Manifest::fromJson(request->baseManifest, QStringLiteral("the client's manifest"));
        if (!parsed)
            return answer(protocol::BadRequest, parsed.error().message);
        base = parsed.takeValue();
    }

    // Read views of every file whose index grew since the client's chain (all without a base),
    // opened at one batch boundary: the meta store and the shards are copies of one moment.
    // Nothing is copied on the node; each view streams straight into the archive.
    auto snapshot = m_node.openSnapshot([&](const QString &name, quint64 index) {
        const ManifestFile *known = base.file(name);
        return !known || index > known->index;
    });
    if (!snapshot) {
        qCWarning(lcNode) << "snapshot failed:" << snapshot.error().message;
        return answer(protocol::ServerError, snapshot.error().message);
    }
    // The meta store first (the seed's order), then the shards most recently written first: a
    // view lets its file grow while writers go on (core/store/README.md), and only files being
    // written grow, so the hot ones are sent, and their views closed, first.
    const bool withMeta = !snapshot->files.empty() && snapshot->files.front().name == QLatin1String("meta");
    std::stable_sort(
        snapshot->files.begin() + (withMeta ? 1 : 0), snapshot->files.end(),
        [](const DataNode::SnapshotView &a, const DataNode::SnapshotView &b) { return a.index > b.index; });
    const QDeadlineTimer maxDuration(m_config.snapshotMaxDurationMs);
    QElapsedTimer started;
    started.start();
    // The files the node has: after the stream, their newest block maps are kept and the maps
    // of files it no longer has (a dropped database) go.
    QSet<QString> nodeFiles{QStringLiteral("meta")};
    for (const DataNode::ShardSummary &shard : m_node.summary().shards)
        nodeFiles.insert(QStringLiteral("shards/") + QString::number(shard.id));
    const auto tidyMaps = qScopeGuard([&] { m_maps->tidy(nodeFiles); }); // After the end frame.
    // Format 2: the head lists each file's exact size (known from its view) and index; the
    // checksums follow the files in the final manifest. A file the client's chain holds in a
    // version the node has a block map of goes as a block link (format 3): only its changed
    // blocks, in parts of unknown total size (see sendBlockLink()).
    Manifest manifest;
    manifest.format = Manifest::kFormatChecksumsLast;
    manifest.nodeId = m_node.summary().nodeId;
    manifest.clusterUrl = nodeUrl();
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.chainId = request->chainId;
    manifest.incremental = !request->baseManifest.isEmpty();
    manifest.index = snapshot->index;
    for (const DataNode::SnapshotView &file : snapshot->files) {
        ManifestFile f{file.name, file.view->size(), file.index, {}};
        const ManifestFile *known = request->blockLinks ? base.file(file.name) : nullptr;
        QString why;
        if (known && !known->checksum.isEmpty() && !known->isBlockLink() &&
            m_maps->isUsable(file.name, known->checksum, known->size, blockpatch::kDefaultBlockSize, &why)) {
            f.size = ManifestFile::kUnknownSize;
            f.blocks.blockSize = blockpatch::kDefaultBlockSize;
            f.blocks.base = known->checksum;
            manifest.format = Manifest::kFormatBlockLinks;
        } else if (known && !known->checksum.isEmpty()) {
            qCInfo(lcNode).noquote() << "snapshot to" << peer << "sends" << file.name << "whole:" << why;
        }
        manifest.files.push_back(f);
    }

    // zstd at the level asked for, with up to one worker thread per core of this node (they
    // inherit this session's nice value, so writers still come first).
    CompressionOptions compression;
    compression.zstd = request->compress;
    compression.level = request->compressionLevel;
    compression.threads = request->compressionThreads < 0
                              ? CompressionOptions::automaticThreads()
                              : std::min(request->compressionThreads, CompressionOptions::automaticThreads());
    protocol::SnapshotAnswer announce;
    if (compression.zstd) {
        announce.compressionLevel = compression.effectiveLevel();
        announce.compressionThreads = compression.effectiveThreads();
    }
    // A block link's size is unknown until it is sent: announced without one, and not counted.
    for (const ManifestFile &f : manifest.files) {
        announce.files.push_back({f.name, f.size, f.index});
        if (f.size != ManifestFile::kUnknownSize)
            announce.totalBytes += f.size;
    }
    announce.index = manifest.index;
    const QByteArray manifestJson = manifest.toJson();
    if (!channel.write(FrameType::Response, protocol::response(protocol::Ok, QStringLiteral("OK"), announce.toJson()),
                       idle))
        return;
    if (manifest.files.empty()) {
        (void)channel.write(FrameType::End, protocol::response(protocol::Ok, tr("nothing changed")), idle);
        (void)channel.flush(idle);
        return;
    }

    Error streamError;
    ArchiveWriter writer(
        [&](const char *data, qsizetype size) {
            for (qsizetype done = 0; done < size;) {
                const qsizetype n = std::min<qsizetype>(size - done, FrameLimits::kMaxData);
                if (Status s = channel.write(FrameType::Data, QByteArray(data + done, n), kWriteTimeoutMs); !s) {
                    streamError = s.error();
                    return false;
                }
                done += n;
            }
            return true;
        },
        compression);
    // Each read of a file (up to 1 MiB) goes out as one frame, not in libarchive's 10 KiB blocks:
    // a frame is a write and a poll here and a write in the client, ~50,000 of each per 500 MiB.
    writer.setUnblocked();
    writer.setModificationTime(manifest.created.toSecsSinceEpoch());
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), manifestJson);
    Manifest final = manifest;
    // Checked between reads: the node stopping, and [snapshot] max-duration.
    const auto interrupted = [&]() -> std::optional<Error> {
        if (m_stopping)
            return makeError(ErrorCode::Cancelled, tr("the node is shutting down"));
        if (maxDuration.hasExpired())
            return makeError(ErrorCode::State,
                             tr("the snapshot ran longer than [snapshot] max-duration (%1 s) and was abandoned "
                                "(while it runs, writers cannot reuse the pages they free); raise max-duration "
                                "in the node's config, or back up faster")
                                 .arg(m_config.snapshotMaxDurationMs / 1000));
        return std::nullopt;
    };
    qint64 sentBytes = 0;
    int blockLinks = 0;
    Error fileError; // Why a block link could not be sent (the writer's errors are its own).
    for (size_t i = 0; ok && i < final.files.size(); ++i) {
        ManifestFile &f = final.files[i];
        LmdbReadView &view = *snapshot->files[i].view;
        // Every block's hash goes to a new map of this version, the next incremental's base.
        BlockMapCache::Writer map(*m_maps, f.name, blockpatch::kDefaultBlockSize, view.size());
        if (f.isBlockLink()) {
            if (Status sent = sendBlockLink(writer, f, view, map, interrupted); !sent) {
                fileError = sent.error();
                ok = false;
            } else {
                ++blockLinks;
            }
        } else {
            Checksum checksum;
            ok = writer.addStream(f.name, f.size, [&](char *buffer, qsizetype capacity) -> Result<qsizetype> {
                if (auto stop = interrupted())
                    return *stop;
                const qsizetype n = view.read(buffer, capacity);
                if (n < 0)
                    return view.error();
                checksum.add(QByteArrayView(buffer, n));
                (void)map.add(buffer, n);
                return n;
            });
            f.checksum = checksum.hex();
            ok = ok && map.finishBlocks();
        }
        // Sent: its pages may be reused by writers from now on.
        view.close();
        sentBytes += f.size;
        if (ok)
            map.commit(f.fileChecksum());
    }
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) && writer.finish();
    if (!ok) {
        // The client may be gone; if it is still there, tell it why the stream ends early.
        const QString message = !streamError.message.isEmpty() ? streamError.message
                                : !fileError.message.isEmpty() ? fileError.message
                                                               : writer.error().message;
        qCWarning(lcNode) << "snapshot to" << peer << "failed:" << message;
        if (streamError.message.isEmpty())
            (void)channel.write(FrameType::End, protocol::response(protocol::ServerError, message), idle);
        return;
    }
    (void)channel.write(FrameType::End, protocol::response(protocol::Ok, QStringLiteral("OK")), idle);
    (void)channel.flush(kWriteTimeoutMs);
    qCInfo(lcNode) << "snapshot to" << peer << "done:" << manifest.files.size() << "files (" << blockLinks
                   << "as block links)," << sentBytes << "bytes, index" << manifest.index << "in" << started.elapsed()
                   << "ms";
}

Status SnapshotService::sendBlockLink(ArchiveWriter &writer, ManifestFile &f, LmdbReadView &view,
                                      BlockMapCache::Writer &map,
                                      const std::function<std::optional<Error>()> &interrupted)
{
    constexpr qsizetype kPartBytes = 1 << 20;
    constexpr qsizetype kReadBytes = 1 << 20;
    const qint32 blockSize = f.blocks.blockSize;
    const QString oldPath = m_maps->mapPath(f.name, f.blocks.base);
    const auto damagedMap = [&] {
        return makeError(ErrorCode::Integrity,
                         tr("the block map '%1' changed while '%2' was sent as changed blocks; the snapshot was "
                            "abandoned")
                             .arg(oldPath, f.name),
                         tr("Back up again: the node sends the file whole when its map does not check out."));
    };
    QString why;
    auto old = BlockMapCache::Reader::open(oldPath, blockSize, &why);
    if (!old)
        return damagedMap();
    const qint64 fileSize = view.size();
    Checksum stored;
    Checksum whole;
    qint64 storedBytes = 0;
    QByteArray part;
    part.reserve(kPartBytes + blockpatch::kMaxRunBytes + blockpatch::kHeaderBytes + blockpatch::kRunHeaderBytes);
    bool writerFailed = false;
    bool mapFailed = false;
    // The entry's bytes go out as parts of about kPartBytes: tar entries of the file's name.
    const auto flushPart = [&] {
        if (part.isEmpty())
            return true;
        stored.add(part);
        storedBytes += part.size();
        writerFailed = !writer.addData(f.name, part);
        part.clear();
        return !writerFailed;
    };
    BlockPatchEncoder encoder(blockSize, fileSize, [&](const char *data, qsizetype size) {
        part.append(data, size);
        return part.size() < kPartBytes || flushPart();
    });
    map.setOnBlock([&](quint64 number, quint64 hash, const char *data, qsizetype size) {
        if (number < old->count()) {
            quint64 previous = 0;
            if (!old->next(&previous)) {
                mapFailed = true;
                return false;
            }
            if (previous == hash)
                return true;
        }
        return encoder.addBlock(number, data, size);
    });
    const auto failed = [&]() -> Error {
        if (mapFailed)
            return damagedMap();
        if (writerFailed)
            return writer.error();
        return makeError(ErrorCode::Failure, tr("cannot encode the changed blocks of '%1'").arg(f.name));
    };
    std::vector<char> buffer(static_cast<size_t>(kReadBytes));
    for (;;) {
        if (auto stop = interrupted())
            return *stop;
        const qsizetype n = view.read(buffer.data(), kReadBytes);
        if (n < 0)
            return view.error();
        if (n == 0)
            break;
        whole.add(QByteArrayView(buffer.data(), n));
        if (!map.add(buffer.data(), n))
            return failed();
    }
    if (!map.finishBlocks())
        return failed();
    // The rest of the old map (the file shrank), so that its trailer is checked: a map that does
    // not check out must not have been used.
    for (quint64 rest = 0; old->next(&rest);) {
    }
    if (!old->finish())
        return damagedMap();
    if (!encoder.finish() || !flushPart())
        return failed();
    f.size = storedBytes;
    f.checksum = stored.hex();
    f.blocks.fileSize = fileSize;
    f.blocks.fileChecksum = whole.hex();
    return {};
}

void SnapshotService::serveImport(FrameChannel &channel, const protocol::ImportPlan &plan, const QString &peer)
{
    const int idle = m_config.snapshotIdleTimeoutMs;
    const auto answer = [&](FrameType type, int status, const QString &message, const QJsonObject &extra = {}) {
        if (status != protocol::Ok)
            qCInfo(lcNode) << "import from" << peer << "answered" << status << message;
        (void)channel.write(type, protocol::response(status, message, extra), idle);
        (void)channel.flush(idle);
    };
    DataNode::Import import;
    import.database.name = plan.database;
    import.database.defaultRetentionPolicy = plan.defaultRetentionPolicy;
    for (const protocol::ImportPlan::Policy &p : plan.policies)
        import.database.retentionPolicies.push_back({p.name, p.durationNs, p.shardGroupDurationNs, p.replicaN});
    import.onConflict = plan.onConflict == QLatin1String("skip")      ? DataNode::Import::OnConflict::Skip
                        : plan.onConflict == QLatin1String("replace") ? DataNode::Import::OnConflict::Replace
                                                                      : DataNode::Import::OnConflict::Fail;
    for (const protocol::ImportPlan::Shard &shard : plan.shards)
        import.shards.push_back({shard.retentionPolicy, shard.startNs, shard.endNs, {}});

    // Refused before a byte is sent when the target exists and the client said fail; the commit
    // checks again under the node's lock.
    const DataNode::ImportConflicts conflicts = m_node.importConflicts(plan.database, import.shards);
    if (conflicts.databaseExists && import.onConflict == DataNode::Import::OnConflict::Fail)
        return answer(FrameType::Response, protocol::PreconditionFailed,
                      tr("database \"%1\" exists on this node (%2 shards of the same time ranges)")
                          .arg(plan.database)
                          .arg(conflicts.overlapping.size()));

    // The files go to a private directory under the data directory (one filesystem, so the commit
    // moves them by rename), removed on every way out; a killed node removes it at its next start.
    auto staging = StagingDir::create(m_node.importStagingDir() + QLatin1Char('/') +
                                      QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!staging)
        return answer(FrameType::Response, protocol::ServerError, staging.error().message);
    for (size_t i = 0; i < import.shards.size(); ++i)
        import.shards[i].stagedPath = staging->filePath(QStringLiteral("shard-%1").arg(i));
    qCInfo(lcNode) << "import from" << peer << "into database" << plan.database << ":" << plan.shards.size()
                   << "shards," << plan.totalBytes() << "bytes, on conflict" << plan.onConflict;
    if (!channel.write(FrameType::Response, protocol::response(protocol::Ok, tr("send the files")), idle))
        return;

    // Data frames carry the files one after the other, as the plan lists them; End closes.
    size_t current = 0;
    qint64 received = 0; // Of the current file.
    std::unique_ptr<QFile> file;
    std::unique_ptr<Checksum> checksum;
    const auto failed = [&](int status, const QString &message) { answer(FrameType::End, status, message); };
    for (;;) {
        auto frame = channel.read(kWriteTimeoutMs);
        if (!frame) {
            qCInfo(lcNode) << "import from" << peer
                           << "abandoned, nothing of it became visible:" << frame.error().message;
            return;
        }
        if (frame->type == FrameType::End) {
            auto end = protocol::Response::fromJson(frame->payload);
            if (!end || end->status != protocol::Ok) {
                qCInfo(lcNode) << "import from" << peer << "aborted by the client, nothing of it became visible:"
                               << (end ? end->message : end.error().message);
                return;
            }
            break;
        }
        if (frame->type != FrameType::Data)
            return failed(protocol::BadRequest, tr("expected Data or End frames during an import"));
        QByteArrayView bytes(frame->payload);
        while (!bytes.isEmpty()) {
            if (current >= plan.shards.size())
                return failed(protocol::BadRequest,
                              tr("more bytes than the import's %1 files").arg(plan.shards.size()));
            const protocol::ImportPlan::Shard &expected = plan.shards[current];
            if (!file) {
                file = std::make_unique<QFile>(import.shards[current].stagedPath);
                if (!file->open(QIODevice::WriteOnly))
                    return failed(protocol::ServerError,
                                  tr("cannot write '%1': %2").arg(file->fileName(), file->errorString()));
                checksum = std::make_unique<Checksum>();
                received = 0;
            }
            const qint64 n = std::min<qint64>(bytes.size(), expected.size - received);
            const QByteArrayView part = bytes.first(n);
            if (file->write(part.data(), n) != n)
                return failed(protocol::ServerError,
                              tr("cannot write '%1': %2").arg(file->fileName(), file->errorString()));
            checksum->add(part);
            received += n;
            bytes = bytes.sliced(n);
            if (received == expected.size) {
                const bool flushed = file->flush() && ::fsync(file->handle()) == 0;
                file.reset();
                if (!flushed)
                    return failed(protocol::ServerError,
                                  tr("cannot write shard %1 to the staging").arg(expected.sourceId));
                if (checksum->hex() != expected.checksum)
                    return failed(protocol::Unprocessable, tr("shard %1 (%2 bytes) has checksum %3, the import said %4")
                                                               .arg(expected.sourceId)
                                                               .arg(expected.size)
                                                               .arg(checksum->hex(), expected.checksum));
                ++current;
            }
        }
    }
    if (current != plan.shards.size())
        return failed(protocol::BadRequest,
                      tr("the import ended after %1 of its %2 files").arg(current).arg(plan.shards.size()));

    auto outcome = m_node.importDatabase(import);
    if (!outcome) {
        const ErrorCode code = outcome.error().code;
        const int status = code == ErrorCode::Conflict    ? protocol::PreconditionFailed
                           : code == ErrorCode::Integrity ? protocol::Unprocessable
                           : code == ErrorCode::Protocol  ? protocol::BadRequest
                                                          : protocol::ServerError;
        return failed(status, outcome.error().message);
    }
    QJsonArray ids;
    for (quint64 id : outcome->shardIds)
        ids.append(static_cast<qint64>(id));
    QJsonArray replaced;
    for (quint64 id : outcome->replaced)
        replaced.append(static_cast<qint64>(id));
    answer(FrameType::End, protocol::Ok, tr("imported"),
           QJsonObject{{QStringLiteral("index"), static_cast<qint64>(outcome->index)},
                       {QStringLiteral("shards"), ids},
                       {QStringLiteral("replaced"), replaced}});
}

} // namespace tidemark
