#include "influx1/InfluxPoints.h"

#include "drill/ScratchNode.h"
#include "influx1/ShardTar.h"
#include "kinds/NodeKind.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrl>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace tidemark {

namespace {

constexpr int kChunkSize = 1000;          ///< Rows per chunk of influxd's answer: what memory holds at once.
constexpr qint64 kSocketBuffer = 1 << 20; ///< What is read ahead of the parser; TCP holds influxd back.
constexpr int kIdleTimeoutMs = 300000;

// An InfluxQL identifier, double-quoted.
QString quoted(const QString &name)
{
    QString out = name;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    out.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

// The files of a shard's tar, written into `<data>/<db>/<rp>/<id>/` as they stream.
class FileWriter : public ShardTar::Visitor {
public:
    explicit FileWriter(QString dir) : m_dir(std::move(dir)) {}
    Status begin(const QString &file, qint64) override
    {
        m_file.setFileName(m_dir + QLatin1Char('/') + file);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(ErrorCode::Io,
                             InfluxPoints::tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                             InfluxPoints::tr("Check free space where the chain's scratch directory is."));
        return {};
    }
    Status write(const char *bytes, qsizetype size) override
    {
        if (m_file.write(bytes, size) != size)
            return makeError(ErrorCode::Io,
                             InfluxPoints::tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                             InfluxPoints::tr("Check free space where the chain's scratch directory is."));
        return {};
    }
    Status end() override
    {
        const bool flushed = m_file.flush();
        m_file.close();
        if (!flushed)
            return makeError(ErrorCode::Io, InfluxPoints::tr("Cannot write '%1'").arg(m_file.fileName()),
                             InfluxPoints::tr("Check free space where the chain's scratch directory is."));
        return {};
    }

private:
    QString m_dir;
    QFile m_file;
};

class ShardSink : public ContentsReader::Sink {
public:
    ShardSink(quint64 id, const QString &source, const QString &dir) : m_writer(dir), m_extractor(id, source, m_writer)
    {
    }
    Status write(const char *bytes, qsizetype size) override { return m_extractor.write(bytes, size); }
    Status finish() override
    {
        auto summary = m_extractor.finish();
        return summary ? Status{} : Status(summary.error());
    }

private:
    FileWriter m_writer;
    ShardTar::Extractor m_extractor;
};

// The meta store's bytes as the scratch node's meta.db (not removed: the node reads it).
class MetaSink : public ContentsReader::Sink {
public:
    explicit MetaSink(const QString &path) : m_file(path) {}
    Status open()
    {
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return error();
        return {};
    }
    Status write(const char *bytes, qsizetype size) override
    {
        return m_file.write(bytes, size) == size ? Status{} : Status(error());
    }
    Status finish() override
    {
        const bool flushed = m_file.flush();
        m_file.close();
        return flushed ? Status{} : Status(error());
    }

private:
    Error error() const
    {
        return makeError(ErrorCode::Io,
                         InfluxPoints::tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                         InfluxPoints::tr("Check free space where the chain's scratch directory is."));
    }
    QFile m_file;
};

// One streamed GET /query with chunked=true: each line of the answer is one JSON chunk.
class ChunkedQuery {
public:
    ChunkedQuery(const HostPort &http, const std::atomic_bool *cancelled) : m_http(http), m_cancelled(cancelled) {}

    Status run(const QString &database, const QString &q, const std::function<Status(const QJsonObject &)> &chunk)
    {
        m_socket.setReadBufferSize(kSocketBuffer);
        m_socket.connectToHost(m_http.host, m_http.port);
        if (!m_socket.waitForConnected(30000))
            return makeError(ErrorCode::Connection, InfluxPoints::tr("The scratch influxd at %1 does not answer: %2")
                                                        .arg(m_http.toString(), m_socket.errorString()));
        // HTTP/1.0: influxd streams the chunks as they come, without chunked transfer encoding,
        // and closes the connection after the last.
        const QByteArray request = "GET /query?chunked=true&chunk_size=" + QByteArray::number(kChunkSize) +
                                   "&epoch=ns&db=" + QUrl::toPercentEncoding(database) +
                                   "&q=" + QUrl::toPercentEncoding(q) +
                                   " HTTP/1.0\r\nHost: " + m_http.toString().toUtf8() + "\r\n\r\n";
        m_socket.write(request);
        QByteArray buffer;
        bool headDone = false;
        QDeadlineTimer idle(kIdleTimeoutMs);
        for (;;) {
            if (m_cancelled && m_cancelled->load())
                return {};
            const bool more = m_socket.bytesAvailable() > 0 || m_socket.waitForReadyRead(200);
            if (more) {
                buffer += m_socket.readAll();
                idle.setRemainingTime(kIdleTimeoutMs);
            }
            if (!headDone) {
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end >= 0) {
                    const QByteArray status = buffer.left(buffer.indexOf("\r\n"));
                    const QList<QByteArray> parts = status.split(' ');
                    if (parts.size() < 2 || !parts[0].startsWith("HTTP/1.") || parts[1] != "200")
                        return makeError(ErrorCode::Protocol,
                                         InfluxPoints::tr("The scratch influxd answered \"%1\" with: %2")
                                             .arg(q, QString::fromUtf8(buffer.mid(end + 4, 500).trimmed())));
                    buffer.remove(0, end + 4);
                    headDone = true;
                }
            }
            if (headDone) {
                qsizetype start = 0;
                for (qsizetype nl; (nl = buffer.indexOf('\n', start)) >= 0; start = nl + 1) {
                    if (Status s = line(QByteArrayView(buffer).sliced(start, nl - start), q, chunk); !s)
                        return s;
                }
                buffer.remove(0, start);
            }
            if (!more && m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            if (idle.hasExpired())
                return makeError(ErrorCode::Connection,
                                 InfluxPoints::tr("The scratch influxd sent nothing for %1 s while answering \"%2\"")
                                     .arg(kIdleTimeoutMs / 1000)
                                     .arg(q));
        }
        if (!headDone)
            return makeError(ErrorCode::Protocol,
                             InfluxPoints::tr("The scratch influxd sent no answer to \"%1\"").arg(q));
        if (!buffer.trimmed().isEmpty())
            return line(buffer, q, chunk);
        return {};
    }

private:
    static Status line(QByteArrayView text, const QString &q, const std::function<Status(const QJsonObject &)> &chunk)
    {
        if (text.trimmed().isEmpty())
            return {};
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &parseError);
        if (!doc.isObject())
            return makeError(ErrorCode::Protocol,
                             InfluxPoints::tr("The scratch influxd's answer to \"%1\" is not JSON: %2")
                                 .arg(q, parseError.errorString()));
        const QJsonObject object = doc.object();
        QString error = object.value(QStringLiteral("error")).toString();
        for (const QJsonValue &result : object.value(QStringLiteral("results")).toArray()) {
            if (error.isEmpty())
                error = result.toObject().value(QStringLiteral("error")).toString();
        }
        if (!error.isEmpty())
            return makeError(ErrorCode::Protocol,
                             InfluxPoints::tr("The scratch influxd answered \"%1\" with: %2").arg(q, error));
        return chunk(object);
    }

    HostPort m_http;
    const std::atomic_bool *m_cancelled;
    QTcpSocket m_socket;
};

// The series of a (non-chunked) query's answer.
QJsonArray seriesOf(const QByteArray &body)
{
    QJsonArray out;
    for (const QJsonValue &result : QJsonDocument::fromJson(body).object().value(QStringLiteral("results")).toArray()) {
        for (const QJsonValue &series : result.toObject().value(QStringLiteral("series")).toArray())
            out.append(series);
    }
    return out;
}

class InfluxSession : public PointReader::Session {
public:
    InfluxSession(const PointReader::Filter &filter, PointWriter &out) : m_filter(filter), m_out(out) {}

    Result<std::unique_ptr<ContentsReader::Sink>> openMeta(const ContentsReader::Context &context) override
    {
        auto node = ScratchNode::create(NodeKind::of(Manifest::Kind::InfluxDb1), context.scratchDir);
        if (!node)
            return node.error();
        m_node = node.takeValue();
        const QString metaDir = m_node->dir() + QStringLiteral("/meta");
        if (!QDir().mkpath(metaDir))
            return makeError(ErrorCode::Io, InfluxPoints::tr("Cannot create '%1'").arg(metaDir),
                             InfluxPoints::tr("Check free space where the chain's scratch directory is."));
        auto sink = std::make_unique<MetaSink>(metaDir + QStringLiteral("/meta.db"));
        if (Status s = sink->open(); !s)
            return s.error();
        return std::unique_ptr<ContentsReader::Sink>(std::move(sink));
    }

    Result<std::unique_ptr<ContentsReader::Sink>> openShard(const ContentsReader::Context &context,
                                                            const PointReader::Shard &shard) override
    {
        if (!m_node)
            return makeError(ErrorCode::State, InfluxPoints::tr("A shard came before the meta store"));
        const QString dir = QStringLiteral("%1/data/%2/%3/%4")
                                .arg(m_node->dir(), m_filter.database, shard.retentionPolicy)
                                .arg(shard.id);
        if (!QDir().mkpath(dir))
            return makeError(ErrorCode::Io, InfluxPoints::tr("Cannot create '%1'").arg(dir),
                             InfluxPoints::tr("Check free space where the chain's scratch directory is."));
        m_policies.insert(shard.retentionPolicy);
        return std::unique_ptr<ContentsReader::Sink>(std::make_unique<ShardSink>(shard.id, context.source, dir));
    }

    Status finish(const ContentsReader::Context &context) override
    {
        if (!m_node || m_policies.empty())
            return {}; // No shard to read.
        if (Status s = m_node->start(context.cancelled); !s)
            return makeError(
                s.error().code,
                InfluxPoints::tr("The scratch influxd did not start on the restored shards: %1").arg(s.error().message),
                s.error().hint);
        Status read = readAll(context);
        m_node->stop();
        m_node.reset(); // Its directory goes with it.
        return read;
    }

    bool measurementSeen() const override { return m_seen; }

private:
    Status readAll(const ContentsReader::Context &context)
    {
        auto shown = m_node->query(QStringLiteral("SHOW MEASUREMENTS"), m_filter.database);
        if (!shown)
            return shown.error();
        std::vector<QString> measurements;
        for (const QJsonValue &series : seriesOf(shown.value())) {
            for (const QJsonValue &row : series.toObject().value(QStringLiteral("values")).toArray())
                measurements.push_back(row.toArray().at(0).toString());
        }
        if (!m_filter.measurement.isEmpty()) {
            m_seen = std::find(measurements.begin(), measurements.end(), m_filter.measurement) != measurements.end();
            measurements = m_seen ? std::vector<QString>{m_filter.measurement} : std::vector<QString>{};
        }
        std::sort(measurements.begin(), measurements.end());
        for (const QString &rp : m_policies) {
            for (const QString &measurement : measurements) {
                if (context.isCancelled())
                    return {};
                if (Status s = readMeasurement(rp, measurement, context); !s)
                    return s;
            }
        }
        return {};
    }

    Status readMeasurement(const QString &rp, const QString &measurement, const ContentsReader::Context &context)
    {
        const QString from =
            quoted(m_filter.database) + QLatin1Char('.') + quoted(rp) + QLatin1Char('.') + quoted(measurement);
        // The field keys and their types, so that integers get their `i`.
        auto keys = m_node->query(QStringLiteral("SHOW FIELD KEYS FROM ") + from, m_filter.database);
        if (!keys)
            return keys.error();
        std::map<QString, ExportValue::Type> types;
        for (const QJsonValue &series : seriesOf(keys.value())) {
            for (const QJsonValue &row : series.toObject().value(QStringLiteral("values")).toArray()) {
                const QString key = row.toArray().at(0).toString();
                const QString type = row.toArray().at(1).toString();
                ExportValue::Type t = ExportValue::Type::Float;
                if (type == QLatin1String("integer"))
                    t = ExportValue::Type::Integer;
                else if (type == QLatin1String("unsigned"))
                    t = ExportValue::Type::Unsigned;
                else if (type == QLatin1String("boolean"))
                    t = ExportValue::Type::Boolean;
                else if (type == QLatin1String("string"))
                    t = ExportValue::Type::String;
                types.emplace(key, t); // A key with two types in two shards: the first.
            }
        }
        if (types.empty())
            return {};
        QString q = QStringLiteral("SELECT * FROM ") + from;
        QStringList where;
        if (m_filter.start != std::numeric_limits<std::int64_t>::min())
            where << QStringLiteral("time >= %1").arg(m_filter.start);
        if (m_filter.end != std::numeric_limits<std::int64_t>::max())
            where << QStringLiteral("time < %1").arg(m_filter.end);
        if (!where.isEmpty())
            q += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
        q += QStringLiteral(" GROUP BY *"); // Tags as the series' tags; each series in time order.

        ExportPoint point;
        point.measurement = measurement.toUtf8();
        ChunkedQuery query(m_node->httpAddress(), context.cancelled);
        return query.run(m_filter.database, q, [&](const QJsonObject &chunk) -> Status {
            for (const QJsonValue &result : chunk.value(QStringLiteral("results")).toArray()) {
                for (const QJsonValue &seriesValue : result.toObject().value(QStringLiteral("series")).toArray()) {
                    const QJsonObject series = seriesValue.toObject();
                    point.tags.clear();
                    const QJsonObject tags = series.value(QStringLiteral("tags")).toObject();
                    for (auto it = tags.begin(); it != tags.end(); ++it) {
                        if (!it.value().toString().isEmpty()) // A tag the series lacks comes as "".
                            point.tags.emplace_back(it.key().toUtf8(), it.value().toString().toUtf8());
                    }
                    std::sort(point.tags.begin(), point.tags.end());
                    const QJsonArray columns = series.value(QStringLiteral("columns")).toArray();
                    std::vector<std::pair<QByteArray, ExportValue::Type>> fields;
                    for (const QJsonValue &column : columns) {
                        const auto type = types.find(column.toString());
                        fields.emplace_back(column.toString().toUtf8(),
                                            type == types.end() ? ExportValue::Type::Float : type->second);
                    }
                    for (const QJsonValue &rowValue : series.value(QStringLiteral("values")).toArray()) {
                        const QJsonArray row = rowValue.toArray();
                        point.fields.clear();
                        point.time = 0;
                        for (qsizetype i = 0; i < row.size() && i < columns.size(); ++i) {
                            const QJsonValue v = row.at(i);
                            if (fields[i].first == "time") {
                                point.time = v.toInteger();
                                continue;
                            }
                            if (v.isNull())
                                continue;
                            ExportValue value;
                            value.type = fields[i].second;
                            switch (value.type) {
                            case ExportValue::Type::Float:
                                value.f = v.toDouble();
                                break;
                            case ExportValue::Type::Integer:
                                value.i = v.toInteger();
                                break;
                            case ExportValue::Type::Unsigned:
                                value.u = static_cast<std::uint64_t>(v.toInteger());
                                break;
                            case ExportValue::Type::Boolean:
                                value.b = v.toBool();
                                break;
                            case ExportValue::Type::String:
                                value.s = v.toString().toUtf8();
                                break;
                            }
                            point.fields.emplace_back(fields[i].first, std::move(value));
                        }
                        if (point.fields.empty())
                            continue;
                        std::sort(point.fields.begin(), point.fields.end(),
                                  [](const auto &a, const auto &b) { return a.first < b.first; });
                        if (Status s = m_out.write(point); !s)
                            return s;
                    }
                }
            }
            return {};
        });
    }

    PointReader::Filter m_filter;
    PointWriter &m_out;
    std::unique_ptr<ScratchNode> m_node;
    std::set<QString> m_policies; ///< Those of the shards restored, in name order.
    bool m_seen = false;
};

} // namespace

Result<std::unique_ptr<PointReader::Session>> InfluxPoints::begin(const Filter &filter, PointWriter &out) const
{
    return std::unique_ptr<Session>(std::make_unique<InfluxSession>(filter, out));
}

} // namespace tidemark
