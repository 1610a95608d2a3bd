#include "backup/ChainVerifier.h"

#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveReader.h"
#include "store/KeyEncoding.h"
#include "store/Lmdb.h"
#include "store/MetaStore.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace tidemark {

namespace {

// Walks every entry of the given tables; `decode` checks one entry.
Status walkTables(const QString &path, std::initializer_list<const char *> tables,
                  const std::function<bool(QByteArrayView, QByteArrayView)> &decode)
{
    auto env = LmdbEnv::open(path, {true, 8, true});
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    for (const char *table : tables) {
        auto dbi = txn->dbi(table, false);
        if (!dbi)
            return dbi.error();
        bool bad = false;
        Status walked = txn->forEach(dbi.value(), [&](QByteArrayView key, QByteArrayView value) {
            bad = !decode(key, value);
            return !bad;
        });
        if (!walked)
            return walked;
        if (bad)
            return makeError(ErrorCode::Integrity,
                             QCoreApplication::translate("ChainVerifier", "an entry of table '%1' does not decode")
                                 .arg(QString::fromLatin1(table)));
    }
    return {};
}

} // namespace

Status ChainVerifier::walkLmdbFile(const QString &name, const QString &path)
{
    const auto damaged = [&](const QString &why) {
        return makeError(ErrorCode::Integrity, tr("'%1' in the snapshot is not a valid LMDB file: %2").arg(name, why),
                         tr("This link of the chain is damaged; take a new full backup."));
    };
    if (name == QLatin1String("meta")) {
        if (Status s = walkTables(path, {"meta", "databases", "shardgroups"},
                                  [](QByteArrayView, QByteArrayView) { return true; });
            !s)
            return damaged(s.error().message);
        auto meta = MetaStore::open(path, true); // Decodes every database and shard group record.
        return meta ? Status{} : damaged(meta.error().message);
    }
    QByteArray series;
    std::vector<Field> fields;
    Status s = walkTables(path, {"meta", "points"}, [&](QByteArrayView key, QByteArrayView value) {
        if (key == "index")
            return value.size() == 8;
        std::int64_t time = 0;
        return keys::splitPointKey(key, &series, &time) && keys::decodeFields(value, &fields);
    });
    return s ? Status{} : damaged(s.error().message);
}

Status ChainVerifier::walkInfluxFile(const QString &name, const QString &path, const QString &source)
{
    if (name == QLatin1String("meta")) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, file.errorString()));
        auto meta = MetaBlob::parse(file.readAll(), source);
        return meta ? Status{} : Status(meta.error());
    }
    auto shard = ShardTar::inspect(path, Manifest::shardId(name), source);
    return shard ? Status{} : Status(shard.error());
}

Result<std::vector<ChainVerifier::LinkReport>> ChainVerifier::verify(const QString &path, const Progress &progress,
                                                                     const std::atomic_bool *cancelled)
{
    auto chain = BackupChain::open(path);
    if (!chain)
        return chain.error();
    if (chain->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(path));
    qint64 total = 0;
    for (const BackupChain::Link &link : chain->links())
        total += link.manifest.totalBytes();
    qint64 done = 0;

    std::vector<LinkReport> reports;
    for (const BackupChain::Link &link : chain->links()) {
        QFile archive(link.path);
        if (!archive.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(link.path, archive.errorString()));
        ArchiveReader reader(
            [&](char *buffer, qsizetype capacity) { return static_cast<qsizetype>(archive.read(buffer, capacity)); },
            link.path);
        auto manifest = reader.readManifest();
        if (!manifest)
            return manifest.error();
        QTemporaryDir scratch(QFileInfo(link.path).path() + QStringLiteral("/.tidemark-verify-XXXXXX"));
        if (!scratch.isValid())
            return makeError(
                ErrorCode::Io, tr("Cannot create a scratch directory beside '%1'").arg(link.path),
                tr("Verification extracts one file at a time next to the chain; check space and permissions."));
        LinkReport report{link.path, 0, 0, manifest->index};
        for (;;) {
            if (cancelled && cancelled->load())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            const QString extracted = scratch.filePath(QStringLiteral("file"));
            QFile out(extracted);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(extracted, out.errorString()));
            auto file = reader.nextFile([&](const char *data, qsizetype size) {
                done += size;
                if (progress)
                    progress(done, total);
                return out.write(data, size) == size;
            });
            out.close();
            if (!file)
                return file.error();
            if (!file.value())
                break;
            const Status walked = manifest->kind == Manifest::Kind::InfluxDb1
                                      ? walkInfluxFile(file.value()->name, extracted, link.path)
                                      : walkLmdbFile(file.value()->name, extracted);
            if (!walked)
                return makeError(walked.error().code, tr("%1: %2").arg(link.path, walked.error().message),
                                 walked.error().hint);
            QFile::remove(extracted);
            ++report.files;
            report.bytes += file.value()->size;
        }
        if (Status s = reader.finish(); !s)
            return s.error();
        reports.push_back(report);
    }
    return reports;
}

} // namespace tidemark
