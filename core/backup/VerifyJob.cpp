#include "backup/VerifyJob.h"

#include "storage/ChainStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace tidemark {

QByteArray VerifyRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("ok"), ok},
                  {QStringLiteral("links"), links}};
    if (!message.isEmpty())
        o.insert(QStringLiteral("message"), message);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<VerifyRecord> VerifyRecord::fromJson(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject o = doc.object();
    VerifyRecord record;
    record.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    record.ok = o.value(QStringLiteral("ok")).toBool();
    record.links = o.value(QStringLiteral("links")).toInt();
    record.message = o.value(QStringLiteral("message")).toString();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() || !record.time.isValid() ||
        !o.value(QStringLiteral("ok")).isBool())
        return makeError(ErrorCode::Integrity, tr("'%1' is not a verification record").arg(source),
                         tr("Run `tidemark-cli verify` on the chain again: it writes a new one."));
    record.time = record.time.toUTC();
    return record;
}

VerifyJob::VerifyJob(QString path, QObject *parent) : Job(parent), m_path(std::move(path))
{
    qRegisterMetaType<VerifyResult>();
}

VerifyJob::~VerifyJob()
{
    cancel();
    waitForFinished();
}

QString VerifyJob::title() const
{
    return ChainVerifier::tr("Verification of %1").arg(m_path);
}

Error VerifyJob::execute()
{
    VerifyResult result;
    result.path = m_path;
    reportStage(ChainVerifier::tr("verifying %1").arg(m_path));
    auto reports = ChainVerifier::verify(
        m_path, [this](qint64 done, qint64 total) { reportProgress(done, total); }, cancelFlag());
    if (isCancelled())
        result.error = makeError(ErrorCode::Cancelled, ChainVerifier::tr("Verification of '%1' cancelled").arg(m_path));
    else if (!reports)
        result.error = reports.error();
    else
        result.links = reports.takeValue();
    // The outcome stays beside the chain for the catalog (`list`): a pass, or the damage found.
    // Only a verdict on the chain is kept: no key, a lost connection or a cancel says nothing.
    if (result.ok() || result.error.code == ErrorCode::Integrity) {
        VerifyRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.ok = result.ok();
        record.links = static_cast<int>(result.links.size());
        if (!result.ok())
            record.message = result.error.message;
        const std::unique_ptr<ChainStore> store(ChainStore::open(m_path));
        if (Status s = store->writeSidecar(VerifyRecord::kSidecar, record.toJson()); !s)
            result.recordError = s.error().message;
    }
    m_result = result;
    return result.error;
}

} // namespace tidemark
