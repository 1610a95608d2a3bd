#include "node/NodeHttpApi.h"

#include "common/Log.h"
#include "node/DataNode.h"
#include "node/InfluxQl.h"
#include "node/LineProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>

namespace tidemark {

namespace {

constexpr int kMaxReportedLineErrors = 5;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

int statusFor(const Error &e)
{
    switch (e.code) {
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Usage:
        return 400;
    default:
        return 500;
    }
}

qint64 nowNs(Precision precision)
{
    const qint64 ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    // As InfluxDB 1.x: points without a timestamp get the server time truncated to the precision.
    static constexpr qint64 kUnits[] = {1, 1000, 1000000, 1000000000, 60000000000, 3600000000000};
    const qint64 unit = kUnits[static_cast<int>(precision)];
    return ns - ns % unit;
}

} // namespace

QList<QPair<QByteArray, QByteArray>> NodeHttpApi::commonHeaders()
{
    return {{"X-Influxdb-Version", "1.8-tidemark-" TIDEMARK_VERSION}, {"X-Influxdb-Build", "OSS"}};
}

HttpResponse NodeHttpApi::handle(const HttpRequest &request)
{
    const QByteArray &path = request.path;
    if (path == "/ping") {
        if (request.method != "GET" && request.method != "HEAD")
            return HttpResponse::error(405, tr("/ping accepts GET and HEAD"));
        return HttpResponse{204, {}, {}, {}};
    }
    if (path == "/write") {
        if (request.method != "POST")
            return HttpResponse::error(405, tr("/write accepts POST only"));
        return write(request);
    }
    if (path == "/query") {
        if (request.method != "GET" && request.method != "POST")
            return HttpResponse::error(405, tr("/query accepts GET and POST"));
        return query(request);
    }
    return HttpResponse::error(
        404, tr("no such endpoint: %1 (tidemarkd serves /ping, /write and /query)").arg(QString::fromUtf8(path)));
}

HttpResponse NodeHttpApi::write(const HttpRequest &request)
{
    const QString db = request.param(u"db");
    if (db.isEmpty())
        return HttpResponse::error(400, tr("database is required"));
    if (!m_node.hasDatabase(db))
        return HttpResponse::error(404, tr("database not found: \"%1\"").arg(db));
    Precision precision = Precision::Nanoseconds;
    if (!parsePrecision(request.param(u"precision").toUtf8(), &precision))
        return HttpResponse::error(
            400, tr("invalid precision \"%1\" (use n, u, ms, s, m or h)").arg(request.param(u"precision")));
    const QByteArray encoding = request.header("content-encoding").toLower();
    if (!encoding.isEmpty() && encoding != "identity")
        return HttpResponse::error(
            415, tr("Content-Encoding \"%1\" is not supported by tidemarkd; send the body uncompressed")
                     .arg(QString::fromLatin1(encoding)));

    const ParsedBatch batch = parseLineProtocol(request.body, precision, nowNs(precision));
    auto written = m_node.write(db, request.param(u"rp"), batch.points);
    if (!written) {
        qCWarning(lcHttp) << "write to" << db << "failed:" << written.error().message;
        return HttpResponse::error(statusFor(written.error()), written.error().message);
    }
    if (batch.errors.empty())
        return HttpResponse{204, {}, {}, {}};

    // Partial write: the valid lines are stored, the bad ones named by line number (as 1.x).
    QStringList reasons;
    for (const LineError &e : batch.errors) {
        if (reasons.size() == kMaxReportedLineErrors)
            break;
        reasons << tr("unable to parse line %1: %2").arg(e.line).arg(e.message);
    }
    QString message = reasons.join(QStringLiteral("; "));
    if (batch.errors.size() > static_cast<size_t>(kMaxReportedLineErrors))
        message += tr(" (and %1 more)").arg(batch.errors.size() - kMaxReportedLineErrors);
    if (!batch.points.empty())
        message = tr("partial write: %1 dropped=%2").arg(message).arg(batch.errors.size());
    return HttpResponse::error(400, message);
}

HttpResponse NodeHttpApi::query(const HttpRequest &request)
{
    const QString q = request.param(u"q");
    if (q.trimmed().isEmpty())
        return HttpResponse::error(400, tr("missing required parameter \"q\""));
    auto statements = InfluxQl::parse(q);
    if (!statements)
        return HttpResponse::error(400, statements.error().message);

    QJsonArray results;
    int id = 0;
    for (const InfluxQlStatement &s : statements.value()) {
        QJsonObject result{{QStringLiteral("statement_id"), id++}};
        Status status;
        switch (s.kind) {
        case InfluxQlStatement::Kind::CreateDatabase:
            status = m_node.createDatabase(s.database);
            break;
        case InfluxQlStatement::Kind::DropDatabase:
            status = m_node.dropDatabase(s.database);
            break;
        case InfluxQlStatement::Kind::ShowDatabases: {
            QJsonArray values;
            for (const QString &name : m_node.databaseNames())
                values.append(QJsonArray{name});
            QJsonObject series{{QStringLiteral("name"), QStringLiteral("databases")},
                               {QStringLiteral("columns"), QJsonArray{QStringLiteral("name")}}};
            if (!values.isEmpty())
                series.insert(QStringLiteral("values"), values);
            result.insert(QStringLiteral("series"), QJsonArray{series});
            break;
        }
        }
        if (!status) {
            result.insert(QStringLiteral("error"), status.error().message);
            results.append(result);
            break; // 1.x stops at the first failing statement.
        }
        results.append(result);
    }
    return HttpResponse::json(200, compact(QJsonObject{{QStringLiteral("results"), results}}));
}

} // namespace tidemark
