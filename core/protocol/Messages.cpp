#include "protocol/Messages.h"

#include "common/CompressionOptions.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace tidemark::protocol {

namespace {

Result<QJsonObject> parseObject(const QByteArray &json, const char *what)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(
            ErrorCode::Protocol,
            QStringLiteral("%1 is not a JSON object: %2").arg(QString::fromLatin1(what), error.errorString()));
    return doc.object();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

ErrorCode errorCodeFor(int status)
{
    switch (status) {
    case Ok:
        return ErrorCode::Ok;
    case Unauthorized:
        return ErrorCode::Auth;
    case NotFound:
        return ErrorCode::SnapshotsDisabled;
    case Conflict:
        return ErrorCode::Busy;
    case PreconditionFailed:
        return ErrorCode::Conflict;
    case Unprocessable:
        return ErrorCode::Integrity;
    case BadRequest:
        return ErrorCode::Protocol;
    default:
        return ErrorCode::Failure;
    }
}

QByteArray Hello::toJson() const
{
    return compact(
        QJsonObject{{QStringLiteral("protocol"), protocol},
                    {QStringLiteral("node"), node},
                    {QStringLiteral("nonce"), QString::fromLatin1(nonce.toBase64())},
                    {QStringLiteral("auth"), authRequired ? QStringLiteral("hmac-sha256") : QStringLiteral("none")}});
}

Result<Hello> Hello::fromJson(const QByteArray &json)
{
    auto o = parseObject(json, "hello");
    if (!o)
        return o.error();
    Hello hello;
    hello.protocol = o->value(QStringLiteral("protocol")).toInt();
    hello.node = o->value(QStringLiteral("node")).toString();
    hello.nonce = QByteArray::fromBase64(o->value(QStringLiteral("nonce")).toString().toLatin1());
    hello.authRequired = o->value(QStringLiteral("auth")).toString() == QLatin1String("hmac-sha256");
    if (hello.protocol != kVersion)
        return makeError(
            ErrorCode::Protocol,
            QStringLiteral("the node speaks snapshot protocol %1, this client %2").arg(hello.protocol).arg(kVersion),
            QStringLiteral("Use a tidemark version that matches the node's."));
    if (hello.nonce.size() < 16)
        return makeError(ErrorCode::Protocol, QStringLiteral("the node's hello has no valid nonce"));
    return hello;
}

QByteArray Request::toJson() const
{
    QJsonObject o{{QStringLiteral("protocol"), protocol},
                  {QStringLiteral("command"), command == Command::Snapshot ? QStringLiteral("snapshot")
                                              : command == Command::Import ? QStringLiteral("import")
                                                                           : QStringLiteral("node-info")}};
    if (command == Command::Import)
        o.insert(QStringLiteral("import"), importPlan.toJson());
    if (!auth.isEmpty())
        o.insert(QStringLiteral("auth"), auth);
    if (command == Command::Snapshot) {
        o.insert(QStringLiteral("chainId"), chainId);
        o.insert(QStringLiteral("compression"), compress ? QStringLiteral("zstd") : QStringLiteral("none"));
        if (compress && compressionLevel != 0)
            o.insert(QStringLiteral("compressionLevel"), compressionLevel);
        if (compress && compressionThreads != -1)
            o.insert(QStringLiteral("compressionThreads"), compressionThreads);
        if (blockLinks)
            o.insert(QStringLiteral("blockLinks"), true);
        if (!baseManifest.isEmpty()) {
            // The base travels re-serialized inside the request, so it cannot keep its seal.
            QJsonObject base = QJsonDocument::fromJson(baseManifest).object();
            base.remove(QStringLiteral("seal"));
            o.insert(QStringLiteral("base"), base);
        }
    }
    return compact(o);
}

Result<Request> Request::fromJson(const QByteArray &json)
{
    auto o = parseObject(json, "request");
    if (!o)
        return o.error();
    Request r;
    r.protocol = o->value(QStringLiteral("protocol")).toInt();
    if (r.protocol != kVersion)
        return makeError(
            ErrorCode::Protocol,
            QStringLiteral("unsupported protocol version %1 (this node speaks %2)").arg(r.protocol).arg(kVersion));
    const QString command = o->value(QStringLiteral("command")).toString();
    if (command == QLatin1String("node-info"))
        r.command = Command::NodeInfo;
    else if (command == QLatin1String("snapshot"))
        r.command = Command::Snapshot;
    else if (command == QLatin1String("import"))
        r.command = Command::Import;
    else
        return makeError(
            ErrorCode::Protocol,
            QStringLiteral("unknown command \"%1\" (expected node-info, snapshot or import)").arg(command));
    if (r.command == Command::Import) {
        auto plan = ImportPlan::fromJson(o->value(QStringLiteral("import")).toObject());
        if (!plan)
            return plan.error();
        r.importPlan = plan.takeValue();
    }
    r.auth = o->value(QStringLiteral("auth")).toString();
    r.chainId = o->value(QStringLiteral("chainId")).toString();
    const QString compression = o->value(QStringLiteral("compression")).toString(QStringLiteral("none"));
    if (compression != QLatin1String("none") && compression != QLatin1String("zstd"))
        return makeError(ErrorCode::Protocol,
                         QStringLiteral("unknown compression \"%1\" (expected none or zstd)").arg(compression));
    r.compress = compression == QLatin1String("zstd");
    // Absent: what clients before compression levels sent (level 3, the node's threads).
    const QJsonValue level = o->value(QStringLiteral("compressionLevel"));
    if (!level.isUndefined()) {
        r.compressionLevel = level.isDouble() ? level.toInt(-1000) : -1000;
        if (!CompressionOptions::validLevel(r.compressionLevel))
            return makeError(ErrorCode::Protocol,
                             QStringLiteral("compressionLevel must be a whole number from -7 to 19, not 0"));
    }
    const QJsonValue threads = o->value(QStringLiteral("compressionThreads"));
    if (!threads.isUndefined()) {
        r.compressionThreads = threads.isDouble() ? threads.toInt(-1000) : -1000;
        if (r.compressionThreads < 0 || r.compressionThreads > 64)
            return makeError(ErrorCode::Protocol,
                             QStringLiteral("compressionThreads must be a whole number from 0 to 64"));
    }
    r.blockLinks = o->value(QStringLiteral("blockLinks")).toBool(false);
    if (o->value(QStringLiteral("base")).isObject())
        r.baseManifest = compact(o->value(QStringLiteral("base")).toObject());
    if (r.command == Command::Snapshot && (r.chainId.isEmpty() || r.chainId.size() > 64))
        return makeError(ErrorCode::Protocol,
                         QStringLiteral("a snapshot request needs a chainId of 1 to 64 characters"));
    return r;
}

qint64 ImportPlan::totalBytes() const
{
    qint64 total = 0;
    for (const Shard &s : shards)
        total += s.size;
    return total;
}

QJsonObject ImportPlan::toJson() const
{
    QJsonArray rps;
    for (const Policy &p : policies)
        rps.append(QJsonObject{{QStringLiteral("name"), p.name},
                               {QStringLiteral("duration"), p.durationNs},
                               {QStringLiteral("shardGroupDuration"), p.shardGroupDurationNs},
                               {QStringLiteral("replicaN"), p.replicaN}});
    QJsonArray list;
    for (const Shard &s : shards)
        list.append(QJsonObject{{QStringLiteral("sourceId"), static_cast<qint64>(s.sourceId)},
                                {QStringLiteral("retentionPolicy"), s.retentionPolicy},
                                {QStringLiteral("start"), s.startNs},
                                {QStringLiteral("end"), s.endNs},
                                {QStringLiteral("size"), s.size},
                                {QStringLiteral("checksum"), s.checksum}});
    return QJsonObject{{QStringLiteral("database"), database},
                       {QStringLiteral("defaultRetentionPolicy"), defaultRetentionPolicy},
                       {QStringLiteral("retentionPolicies"), rps},
                       {QStringLiteral("onConflict"), onConflict},
                       {QStringLiteral("shards"), list}};
}

Result<ImportPlan> ImportPlan::fromJson(const QJsonObject &o)
{
    const auto bad = [](const QString &what) {
        return makeError(ErrorCode::Protocol, QStringLiteral("import request: %1").arg(what));
    };
    ImportPlan plan;
    plan.database = o.value(QStringLiteral("database")).toString();
    plan.defaultRetentionPolicy = o.value(QStringLiteral("defaultRetentionPolicy")).toString();
    plan.onConflict = o.value(QStringLiteral("onConflict")).toString(QStringLiteral("fail"));
    if (plan.database.isEmpty())
        return bad(QStringLiteral("'database' is required"));
    if (plan.onConflict != QLatin1String("fail") && plan.onConflict != QLatin1String("skip") &&
        plan.onConflict != QLatin1String("replace"))
        return bad(QStringLiteral("'onConflict' must be fail, skip or replace"));
    bool hasDefault = false;
    for (const QJsonValue &v : o.value(QStringLiteral("retentionPolicies")).toArray()) {
        const QJsonObject p = v.toObject();
        Policy policy{p.value(QStringLiteral("name")).toString(), p.value(QStringLiteral("duration")).toInteger(-1),
                      p.value(QStringLiteral("shardGroupDuration")).toInteger(-1),
                      p.value(QStringLiteral("replicaN")).toInt(1)};
        if (policy.name.isEmpty() || policy.durationNs < 0 || policy.shardGroupDurationNs <= 0)
            return bad(QStringLiteral("each retention policy needs a 'name', a 'duration' of at least 0 and a "
                                      "'shardGroupDuration' above 0"));
        hasDefault = hasDefault || policy.name == plan.defaultRetentionPolicy;
        plan.policies.push_back(policy);
    }
    if (!hasDefault)
        return bad(QStringLiteral("'defaultRetentionPolicy' must name one of 'retentionPolicies'"));
    for (const QJsonValue &v : o.value(QStringLiteral("shards")).toArray()) {
        const QJsonObject f = v.toObject();
        Shard shard{static_cast<quint64>(f.value(QStringLiteral("sourceId")).toInteger()),
                    f.value(QStringLiteral("retentionPolicy")).toString(),
                    f.value(QStringLiteral("start")).toInteger(),
                    f.value(QStringLiteral("end")).toInteger(),
                    f.value(QStringLiteral("size")).toInteger(-1),
                    f.value(QStringLiteral("checksum")).toString()};
        const bool knownPolicy = std::any_of(plan.policies.begin(), plan.policies.end(),
                                             [&](const Policy &p) { return p.name == shard.retentionPolicy; });
        if (!knownPolicy || shard.endNs <= shard.startNs || shard.size <= 0 || shard.checksum.size() != 32)
            return bad(QStringLiteral("each shard needs a 'retentionPolicy' of the import, 'start' < 'end', a "
                                      "'size' above 0 and a 32-digit 'checksum'"));
        plan.shards.push_back(shard);
    }
    return plan;
}

QByteArray response(int status, const QString &message, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("message"), message);
    return compact(o);
}

Result<Response> Response::fromJson(const QByteArray &json)
{
    auto o = parseObject(json, "response");
    if (!o)
        return o.error();
    Response r;
    r.status = o->value(QStringLiteral("status")).toInt();
    r.message = o->value(QStringLiteral("message")).toString();
    r.body = o.value();
    if (r.status < 100 || r.status > 599)
        return makeError(ErrorCode::Protocol, QStringLiteral("response without a valid status"));
    return r;
}

QJsonObject SnapshotAnswer::toJson() const
{
    QJsonArray list;
    for (const File &f : files) {
        QJsonObject file{{QStringLiteral("name"), f.name}, {QStringLiteral("index"), static_cast<qint64>(f.index)}};
        if (f.size >= 0)
            file.insert(QStringLiteral("size"), f.size);
        list.append(file);
    }
    QJsonObject o{{QStringLiteral("files"), list},
                  {QStringLiteral("totalBytes"), totalBytes},
                  {QStringLiteral("index"), static_cast<qint64>(index)}};
    if (compressionLevel != 0)
        o.insert(QStringLiteral("compressionLevel"), compressionLevel);
    if (compressionThreads != -1)
        o.insert(QStringLiteral("compressionThreads"), compressionThreads);
    return o;
}

Result<SnapshotAnswer> SnapshotAnswer::fromJson(const QJsonObject &body)
{
    const auto bad = [](const QString &what) {
        return makeError(ErrorCode::Protocol, QStringLiteral("snapshot answer: %1").arg(what));
    };
    const QJsonValue files = body.value(QStringLiteral("files"));
    const QJsonValue total = body.value(QStringLiteral("totalBytes"));
    const QJsonValue index = body.value(QStringLiteral("index"));
    if (!files.isArray() || !total.isDouble() || !index.isDouble())
        return bad(QStringLiteral("'files', 'totalBytes' and 'index' are required"));
    SnapshotAnswer answer;
    answer.totalBytes = total.toInteger(-1);
    const qint64 highest = index.toInteger(-1);
    if (answer.totalBytes < 0 || highest < 0)
        return bad(QStringLiteral("'totalBytes' and 'index' must be whole numbers of at least 0"));
    answer.index = static_cast<quint64>(highest);
    answer.compressionLevel = body.value(QStringLiteral("compressionLevel")).toInt(0);
    answer.compressionThreads = body.value(QStringLiteral("compressionThreads")).toInt(-1);
    for (const QJsonValue &v : files.toArray()) {
        const QJsonObject f = v.toObject();
        const QJsonValue name = f.value(QStringLiteral("name"));
        // No size: a block link, whose size is known only once it is sent.
        const QJsonValue sizeValue = f.value(QStringLiteral("size"));
        const qint64 size = sizeValue.isUndefined() ? -1 : sizeValue.toInteger(-2);
        const qint64 fileIndex = f.value(QStringLiteral("index")).toInteger(-1);
        if (!v.isObject() || !name.isString() || size < -1 || fileIndex < 0)
            return bad(QStringLiteral("each file needs a 'name', an 'index' and a 'size' (absent for a block link)"));
        answer.files.push_back({name.toString(), size, static_cast<quint64>(fileIndex)});
    }
    return answer;
}

QString authProof(const QByteArray &token, const QByteArray &nonce)
{
    return QString::fromLatin1(QMessageAuthenticationCode::hash(nonce, token, QCryptographicHash::Sha256).toHex());
}

bool proofsEqual(const QString &a, const QString &b)
{
    // Constant time over the longer input: no early exit that a timing attacker could measure.
    // The empty asm statement tells the compiler `diff` may change under it, so the optimiser can
    // neither stop the loop at the first difference nor turn it into memcmp (libsodium's trick).
    const QByteArray x = a.toLatin1();
    const QByteArray y = b.toLatin1();
    unsigned int diff = x.size() == y.size() ? 0 : 1;
    const qsizetype n = std::max(x.size(), y.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char cx = i < x.size() ? static_cast<unsigned char>(x[i]) : 0;
        const unsigned char cy = i < y.size() ? static_cast<unsigned char>(y[i]) : 0;
        diff |= static_cast<unsigned int>(cx ^ cy);
        __asm__ __volatile__("" : "+r"(diff));
    }
    return diff == 0 && !x.isEmpty();
}

QJsonObject NodeInfo::toJson() const
{
    QJsonArray shardArray;
    for (const Shard &s : shards) {
        shardArray.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(s.id)},
                                      {QStringLiteral("database"), s.database},
                                      {QStringLiteral("retentionPolicy"), s.retentionPolicy},
                                      {QStringLiteral("index"), static_cast<qint64>(s.index)},
                                      {QStringLiteral("bytes"), s.bytes},
                                      {QStringLiteral("start"), s.startNs},
                                      {QStringLiteral("end"), s.endNs}});
    }
    return QJsonObject{{QStringLiteral("nodeId"), static_cast<qint64>(nodeId)},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("clusterUrl"), clusterUrl},
                       {QStringLiteral("index"), static_cast<qint64>(index)},
                       {QStringLiteral("snapshotsEnabled"), snapshotsEnabled},
                       {QStringLiteral("databases"), QJsonArray::fromStringList(databases)},
                       {QStringLiteral("shards"), shardArray},
                       {QStringLiteral("bytes"), bytes}};
}

NodeInfo NodeInfo::fromJson(const QJsonObject &o)
{
    NodeInfo info;
    info.nodeId = static_cast<quint64>(o.value(QStringLiteral("nodeId")).toInteger());
    info.version = o.value(QStringLiteral("version")).toString();
    info.clusterUrl = o.value(QStringLiteral("clusterUrl")).toString();
    info.index = static_cast<quint64>(o.value(QStringLiteral("index")).toInteger());
    info.snapshotsEnabled = o.value(QStringLiteral("snapshotsEnabled")).toBool();
    for (const QJsonValue &v : o.value(QStringLiteral("databases")).toArray())
        info.databases << v.toString();
    for (const QJsonValue &v : o.value(QStringLiteral("shards")).toArray()) {
        const QJsonObject s = v.toObject();
        info.shards.push_back(
            {static_cast<quint64>(s.value(QStringLiteral("id")).toInteger()),
             s.value(QStringLiteral("database")).toString(), s.value(QStringLiteral("retentionPolicy")).toString(),
             static_cast<quint64>(s.value(QStringLiteral("index")).toInteger()),
             s.value(QStringLiteral("bytes")).toInteger(), s.value(QStringLiteral("start")).toInteger(),
             s.value(QStringLiteral("end")).toInteger()});
    }
    info.bytes = o.value(QStringLiteral("bytes")).toInteger();
    return info;
}

} // namespace tidemark::protocol
