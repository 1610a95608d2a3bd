#include "influx1/InfluxSnapshotClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QtEndian>

namespace tidemark {

namespace {

constexpr char kMuxSnapshotter = 3;
constexpr int kPollMs = 200; // How often a blocking wait looks at the cancel flag.

} // namespace

InfluxSnapshotClient::InfluxSnapshotClient(Options options) : m_options(std::move(options))
{
}

InfluxSnapshotClient::~InfluxSnapshotClient() = default;

Error InfluxSnapshotClient::lost(const QString &what) const
{
    if (m_options.cancelled && m_options.cancelled->load())
        return makeError(ErrorCode::Cancelled,
                         tr("Cancelled while asking InfluxDB node %1 for %2").arg(m_options.host.toString(), what));
    return makeError(ErrorCode::Connection,
                     tr("InfluxDB node %1 closed the connection while sending %2").arg(m_options.host.toString(), what),
                     tr("Check the node's log; it answers nothing when a request fails (e.g. a shard or database that "
                        "does not exist)."));
}

Status InfluxSnapshotClient::connectToNode()
{
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(m_options.host.host, m_options.host.port);
    if (!m_socket->waitForConnected(std::min(m_options.timeoutMs, 10000)))
        return makeError(
            ErrorCode::Connection,
            tr("Cannot connect to InfluxDB node %1: %2").arg(m_options.host.toString(), m_socket->errorString()),
            tr("Check that influxd runs and that its snapshot service listens there (bind-address in "
               "influxdb.conf, default 127.0.0.1:8088)."));
    return {};
}

Status InfluxSnapshotClient::writeAll(const char *bytes, qsizetype size, const QString &what)
{
    // Bounded: at most one chunk waits in the socket; the node's reading paces the sender.
    constexpr qsizetype kChunk = 1 << 20;
    while (size > 0) {
        if (m_options.cancelled && m_options.cancelled->load())
            return lost(what);
        const qsizetype n = std::min(size, kChunk);
        if (m_socket->state() != QAbstractSocket::ConnectedState || m_socket->write(bytes, n) != n)
            return lost(what);
        qint64 silentMs = 0;
        while (m_socket->bytesToWrite() > 0) {
            if (m_options.cancelled && m_options.cancelled->load())
                return lost(what);
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                return lost(what);
            if (!m_socket->waitForBytesWritten(kPollMs)) {
                if (m_socket->state() != QAbstractSocket::ConnectedState)
                    return lost(what);
                silentMs += kPollMs;
                if (silentMs >= m_options.timeoutMs)
                    return makeError(ErrorCode::Connection, tr("InfluxDB node %1 took nothing for %2 s of %3")
                                                                .arg(m_options.host.toString())
                                                                .arg(m_options.timeoutMs / 1000)
                                                                .arg(what));
            } else
                silentMs = 0;
        }
        bytes += n;
        size -= n;
    }
    return {};
}

Status InfluxSnapshotClient::send(Type type, const QJsonObject &request, const QString &what)
{
    if (Status s = connectToNode(); !s)
        return s;
    QJsonObject body = request;
    body.insert(QStringLiteral("Type"), static_cast<int>(type));
    const QByteArray bytes = QByteArray(1, kMuxSnapshotter) + QByteArray(1, static_cast<char>(type)) +
                             QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n';
    if (m_socket->write(bytes) != bytes.size() || !m_socket->waitForBytesWritten(m_options.timeoutMs))
        return lost(what);
    return {};
}

qint64 InfluxSnapshotClient::readLimit() const
{
    // Under a rate limit, smaller reads (an eighth of a second's worth) keep the flow and the
    // progress even; the socket's buffers then hold the node back.
    constexpr qint64 kChunk = 1 << 20;
    if (!m_options.limiter || !m_options.limiter->isLimited())
        return kChunk;
    return std::clamp<qint64>(m_options.limiter->rate() / 8, 16 * 1024, kChunk);
}

Result<QByteArray> InfluxSnapshotClient::read(qint64 size, const QString &what)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(std::min<qint64>(size, 1 << 20)));
    qint64 silentMs = 0;
    while (out.size() < size) {
        if (m_options.cancelled && m_options.cancelled->load())
            return lost(what);
        if (m_socket->bytesAvailable() == 0) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                return lost(what);
            if (!m_socket->waitForReadyRead(kPollMs)) {
                if (m_socket->state() != QAbstractSocket::ConnectedState)
                    return lost(what);
                silentMs += kPollMs;
                if (silentMs >= m_options.timeoutMs)
                    return makeError(ErrorCode::Connection,
                                     tr("InfluxDB node %1 sent nothing for %2 s while sending %3")
                                         .arg(m_options.host.toString())
                                         .arg(m_options.timeoutMs / 1000)
                                         .arg(what));
                continue;
            }
        }
        silentMs = 0;
        const QByteArray chunk = m_socket->read(std::min(size - out.size(), readLimit()));
        out += chunk;
        if (m_options.limiter)
            m_options.limiter->consume(chunk.size(), m_options.cancelled);
    }
    return out;
}

Result<quint64> InfluxSnapshotClient::readU64(const QString &what)
{
    auto bytes = read(8, what);
    if (!bytes)
        return bytes.error();
    return qFromBigEndian<quint64>(bytes->constData());
}

Result<QByteArray> InfluxSnapshotClient::metaStore()
{
    const QString what = tr("its meta store");
    if (Status s = send(Type::MetaStore, {}, what); !s)
        return s.error();
    auto magic = readU64(what);
    if (!magic)
        return magic.error();
    if (magic.value() != kMetaMagic)
        return makeError(
            ErrorCode::Protocol,
            tr("InfluxDB node %1 answered the meta store request with magic 0x%2, not 0x59590101")
                .arg(m_options.host.toString())
                .arg(magic.value(), 0, 16),
            tr("Is %1 the snapshot service (bind-address) of an InfluxDB 1.x node? Its HTTP port is another one.")
                .arg(m_options.host.toString()));
    auto length = readU64(what);
    if (!length)
        return length.error();
    if (length.value() > static_cast<quint64>(kMaxMetaBytes))
        return makeError(ErrorCode::Protocol,
                         tr("InfluxDB node %1 announced a meta store of %2 bytes, more than the limit of %3")
                             .arg(m_options.host.toString())
                             .arg(length.value())
                             .arg(kMaxMetaBytes));
    auto blob = read(static_cast<qint64>(length.value()), what);
    if (!blob)
        return blob.error();
    // The node's JSON follows; it is not needed for a restore, but must be whole.
    auto nodeLength = readU64(what);
    if (!nodeLength)
        return nodeLength.error();
    if (nodeLength.value() > static_cast<quint64>(kMaxInfoBytes))
        return makeError(ErrorCode::Protocol, tr("InfluxDB node %1 announced node information of %2 bytes")
                                                  .arg(m_options.host.toString())
                                                  .arg(nodeLength.value()));
    if (auto node = read(static_cast<qint64>(nodeLength.value()), what); !node)
        return node.error();
    return blob;
}

Result<QStringList> InfluxSnapshotClient::shardPaths(const QString &database)
{
    const QString what =
        database.isEmpty() ? tr("its list of shards") : tr("the shards of database '%1'").arg(database);
    if (Status s = send(Type::DatabaseInfo, {{QStringLiteral("BackupDatabase"), database}}, what); !s)
        return s.error();
    QByteArray answer;
    for (;;) {
        if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(m_options.timeoutMs))
            break;
        answer += m_socket->readAll();
        if (answer.size() > kMaxInfoBytes)
            return makeError(ErrorCode::Protocol, tr("InfluxDB node %1 sent more than %2 bytes for %3")
                                                      .arg(m_options.host.toString())
                                                      .arg(kMaxInfoBytes)
                                                      .arg(what));
    }
    if (answer.isEmpty()) {
        if (!database.isEmpty())
            return makeError(ErrorCode::NotFound,
                             tr("InfluxDB node %1 has no database '%2'").arg(m_options.host.toString(), database),
                             tr("SHOW DATABASES on the node lists the names."));
        return lost(what);
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(answer, &parseError);
    const QJsonValue paths = document.object().value(QStringLiteral("Paths"));
    if (parseError.error != QJsonParseError::NoError || !(paths.isArray() || paths.isNull()))
        return makeError(
            ErrorCode::Protocol,
            tr("InfluxDB node %1 sent %2 that is not {\"Paths\":[...]}").arg(m_options.host.toString(), what));
    QStringList out;
    for (const QJsonValue &path : paths.toArray()) {
        const QStringList parts = path.toString().split(QLatin1Char('/'));
        bool numeric = false;
        if (parts.size() == 3)
            parts[2].toULongLong(&numeric);
        const auto badName = [](const QString &name) {
            return name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") ||
                   name.contains(QLatin1Char('\\'));
        };
        if (!numeric || badName(parts[0]) || badName(parts[1]))
            return makeError(ErrorCode::Protocol, tr("InfluxDB node %1 sent a shard path '%2' that is not db/rp/id")
                                                      .arg(m_options.host.toString(), path.toString()));
        out << path.toString();
    }
    return out;
}

Result<qint64> InfluxSnapshotClient::shardBackup(quint64 id, const QDateTime &since, const Sink &sink)
{
    QByteArray chunk(kShardChunkBytes, Qt::Uninitialized);
    return receiveShard(
        id, since, [&] { return std::pair<char *, qint64>(chunk.data(), chunk.size()); },
        [&](qint64 got) { return sink(chunk.constData(), static_cast<qsizetype>(got)); });
}

Result<qint64> InfluxSnapshotClient::shardBackupParts(quint64 id, const QDateTime &since, qsizetype partBytes,
                                                      const PartBuffer &buffer, const PartSink &sink)
{
    std::optional<QByteArray> part;
    qsizetype fill = 0;
    auto received = receiveShard(
        id, since,
        [&]() -> std::pair<char *, qint64> {
            if (!part) {
                part = buffer();
                if (!part)
                    return {nullptr, 0};
                part->resize(partBytes);
                fill = 0;
            }
            return {part->data() + fill, partBytes - fill};
        },
        [&](qint64 got) {
            fill += static_cast<qsizetype>(got);
            if (fill < partBytes)
                return true;
            return sink(*std::exchange(part, std::nullopt));
        });
    if (received && part && fill > 0) {
        part->resize(fill);
        if (!sink(*std::exchange(part, std::nullopt)))
            return makeError(ErrorCode::Io,
                             tr("Stopped receiving %1 from %2").arg(tr("shard %1").arg(id), m_options.host.toString()));
    }
    return received;
}

Result<qint64> InfluxSnapshotClient::receiveShard(quint64 id, const QDateTime &since,
                                                  const std::function<std::pair<char *, qint64>()> &room,
                                                  const std::function<bool(qint64)> &filled)
{
    const QString what = tr("shard %1").arg(id);
    QJsonObject request{{QStringLiteral("ShardID"), static_cast<qint64>(id)}};
    if (since.isValid())
        request.insert(QStringLiteral("Since"), since.toUTC().toString(Qt::ISODateWithMs));
    if (Status s = send(Type::ShardBackup, request, what); !s)
        return s.error();
    // Bounded: the socket holds at most one chunk beyond the one being handed on, however fast
    // the node sends and however many shards are fetched at once.
    m_socket->setReadBufferSize(kShardChunkBytes);
    qint64 total = 0;
    qint64 silentMs = 0;
    const auto stopped = [&] {
        return makeError(ErrorCode::Io, tr("Stopped receiving %1 from %2").arg(what, m_options.host.toString()));
    };
    for (;;) {
        if (m_options.cancelled && m_options.cancelled->load())
            return lost(what);
        if (m_socket->bytesAvailable() == 0) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                break;
            if (!m_socket->waitForReadyRead(kPollMs)) {
                if (m_socket->state() != QAbstractSocket::ConnectedState)
                    break;
                silentMs += kPollMs;
                if (silentMs >= m_options.timeoutMs)
                    return makeError(ErrorCode::Connection,
                                     tr("InfluxDB node %1 sent nothing for %2 s while sending %3")
                                         .arg(m_options.host.toString())
                                         .arg(m_options.timeoutMs / 1000)
                                         .arg(what));
                continue;
            }
        }
        silentMs = 0;
        const auto [space, spaceBytes] = room();
        if (!space)
            return stopped();
        const qint64 got = m_socket->read(space, std::min<qint64>(spaceBytes, readLimit()));
        if (got <= 0)
            continue;
        total += got;
        if (m_options.limiter)
            m_options.limiter->consume(got, m_options.cancelled);
        if (!filled(got))
            return stopped();
    }
    if (total == 0)
        return makeError(
            ErrorCode::NotFound,
            tr("InfluxDB node %1 sent nothing for shard %2").arg(m_options.host.toString()).arg(id),
            tr("The node answers nothing while it writes a snapshot of the shard, or when the shard was dropped "
               "(retention) since the list was read: run the backup again; its log says which."));
    return total;
}

Result<std::map<quint64, quint64>> InfluxSnapshotClient::updateMeta(const QByteArray &blob,
                                                                    const QString &backupDatabase,
                                                                    const QString &restoreDatabase,
                                                                    const QString &retentionPolicy)
{
    const QString target = restoreDatabase.isEmpty() ? backupDatabase : restoreDatabase;
    const QString what = tr("the meta store update creating database '%1'").arg(target);
    if (Status s = connectToNode(); !s)
        return s.error();
    QJsonObject body{{QStringLiteral("Type"), static_cast<int>(Type::MetaStoreUpdate)},
                     {QStringLiteral("BackupDatabase"), backupDatabase},
                     {QStringLiteral("RestoreDatabase"), restoreDatabase},
                     {QStringLiteral("BackupRetentionPolicy"), retentionPolicy},
                     {QStringLiteral("RestoreRetentionPolicy"), retentionPolicy},
                     {QStringLiteral("UploadSize"), static_cast<qint64>(blob.size())}};
    // One write: influxd takes the blob from what its JSON decoder buffered plus a single further
    // read of the socket, so the request and blob go out together.
    const QByteArray bytes = QByteArray(1, kMuxSnapshotter) + QByteArray(1, static_cast<char>(Type::MetaStoreUpdate)) +
                             QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n' + blob;
    // influxd 1.6 takes the blob with one socket read after what its JSON decoder buffered: a
    // large blob may arrive cut, and the node then closes (probed: over ~128 KiB on loopback).
    const auto cut = [&](Error error) {
        if (blob.size() > 64 * 1024)
            error.hint = tr("The meta store sent was %1 KiB; influxd 1.6 reads it with a single socket read and "
                            "may take it cut. Restore fewer policies or shards at once (--rp, --shard).")
                             .arg(blob.size() / 1024);
        return error;
    };
    if (Status s = writeAll(bytes.constData(), bytes.size(), what); !s)
        return cut(s.error());
    auto magic = readU64(what);
    if (!magic)
        return cut(magic.error());
    if (magic.value() != kMetaMagic)
        return makeError(ErrorCode::Protocol, tr("InfluxDB node %1 answered %2 with magic 0x%3, not 0x59590101")
                                                  .arg(m_options.host.toString(), what)
                                                  .arg(magic.value(), 0, 16));
    auto count = readU64(what);
    if (!count)
        return count.error();
    if (count.value() == 0)
        return makeError(ErrorCode::Conflict, tr("InfluxDB node %1 refused %2").arg(m_options.host.toString(), what),
                         tr("It refuses when the database exists already, or when the meta store sent lacks "
                            "database '%1'; its log says which.")
                             .arg(backupDatabase));
    if (count.value() > 1000000)
        return makeError(ErrorCode::Protocol, tr("InfluxDB node %1 answered %2 with %3 shard ids")
                                                  .arg(m_options.host.toString(), what)
                                                  .arg(count.value()));
    std::map<quint64, quint64> ids;
    for (quint64 k = 0; k < count.value(); ++k) {
        auto from = readU64(what);
        if (!from)
            return from.error();
        auto to = readU64(what);
        if (!to)
            return to.error();
        ids[from.value()] = to.value();
    }
    return ids;
}

Status InfluxSnapshotClient::uploadShard(quint64 id, const Producer &produce)
{
    const QString what = tr("shard %1 (shard update)").arg(id);
    if (Status s = connectToNode(); !s)
        return s;
    QByteArray head(1, kMuxSnapshotter);
    head += static_cast<char>(Type::ShardUpdate);
    char idBytes[8];
    qToBigEndian<quint64>(id, idBytes);
    head.append(idBytes, 8);
    if (Status s = writeAll(head.constData(), head.size(), what); !s)
        return s;
    if (Status s = produce([&](const char *bytes, qsizetype size) { return writeAll(bytes, size, what); }); !s)
        return s;
    // The node reads to the tar's end blocks, adds the files, reopens the shard, then closes.
    qint64 silentMs = 0;
    while (m_socket->state() == QAbstractSocket::ConnectedState) {
        if (m_options.cancelled && m_options.cancelled->load())
            return lost(what);
        if (m_socket->waitForReadyRead(kPollMs)) {
            if (!m_socket->readAll().isEmpty())
                return makeError(
                    ErrorCode::Protocol,
                    tr("InfluxDB node %1 answered %2, which it never does").arg(m_options.host.toString(), what));
            continue;
        }
        silentMs += kPollMs;
        if (silentMs >= m_options.timeoutMs)
            return makeError(ErrorCode::Connection, tr("InfluxDB node %1 did not finish %2 within %3 s")
                                                        .arg(m_options.host.toString(), what)
                                                        .arg(m_options.timeoutMs / 1000));
    }
    return {};
}

} // namespace tidemark
