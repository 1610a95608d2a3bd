#include "influx1/ShardTar.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <unistd.h>

namespace tidemark {

namespace {

constexpr quint32 kTsmMagic = 0x16D116D1;
constexpr qsizetype kBlock = 1 << 20;

struct ArchiveDeleter {
    void operator()(struct archive *a) const { archive_read_free(a); }
};

bool validComponent(const QString &part)
{
    return !part.isEmpty() && part != QLatin1String(".") && part != QLatin1String("..") &&
           !part.contains(QLatin1Char('\\'));
}

Result<ShardTar::Summary> walk(const QString &path, quint64 id, const QString &source, const QString &dataDir)
{
    const auto bad = [&](const QString &entry, const QString &why) {
        return makeError(ErrorCode::Integrity,
                         ShardTar::tr("%1: shard %2, entry '%3': %4").arg(source).arg(id).arg(entry, why),
                         ShardTar::tr("This link of the chain is damaged or was not made from an InfluxDB 1.x node; "
                                      "take a new full backup."));
    };
    std::unique_ptr<struct archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), kBlock) != ARCHIVE_OK)
        return makeError(ErrorCode::Integrity, ShardTar::tr("%1: shard %2 is not a tar archive: %3")
                                                   .arg(source)
                                                   .arg(id)
                                                   .arg(QString::fromUtf8(archive_error_string(a.get()))));
    ShardTar::Summary summary;
    QByteArray buffer(kBlock, Qt::Uninitialized);
    for (;;) {
        struct archive_entry *entry = nullptr;
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN)
            return makeError(ErrorCode::Integrity, ShardTar::tr("%1: shard %2: %3")
                                                       .arg(source)
                                                       .arg(id)
                                                       .arg(QString::fromUtf8(archive_error_string(a.get()))));
        const QString name = QString::fromUtf8(archive_entry_pathname(entry));
        if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) || archive_entry_symlink(entry))
            return bad(name, ShardTar::tr("is not a regular file"));
        const QStringList parts = name.split(QLatin1Char('/'));
        if (name.startsWith(QLatin1Char('/')) || parts.size() != 4 ||
            !std::all_of(parts.begin(), parts.end(), validComponent))
            return bad(name, ShardTar::tr("is not named db/rp/%1/file").arg(id));
        if (parts[2] != QString::number(id))
            return bad(name, ShardTar::tr("belongs to shard %1").arg(parts[2]));
        if (summary.database.isEmpty()) {
            summary.database = parts[0];
            summary.retentionPolicy = parts[1];
        } else if (parts[0] != summary.database || parts[1] != summary.retentionPolicy) {
            return bad(name, ShardTar::tr("is not in %1/%2 like the entries before it")
                                 .arg(summary.database, summary.retentionPolicy));
        }
        const QString file = parts[3];
        const bool tsm = file.endsWith(QLatin1String(".tsm"));
        if (!tsm && !file.endsWith(QLatin1String(".tombstone")))
            return bad(name, ShardTar::tr("is neither TSM data (.tsm) nor a tombstone (.tombstone)"));
        if (summary.files.contains(file))
            return bad(name, ShardTar::tr("is a duplicate entry"));

        std::unique_ptr<QFile> out;
        if (!dataDir.isEmpty()) {
            const QString dir = QStringLiteral("%1/%2/%3/%4").arg(dataDir, parts[0], parts[1], parts[2]);
            if (!QDir().mkpath(dir))
                return makeError(ErrorCode::Io, ShardTar::tr("Cannot create '%1'").arg(dir));
            out = std::make_unique<QFile>(dir + QLatin1Char('/') + file);
            if (!out->open(QIODevice::WriteOnly | QIODevice::Truncate))
                return makeError(ErrorCode::Io,
                                 ShardTar::tr("Cannot write '%1': %2").arg(out->fileName(), out->errorString()),
                                 ShardTar::tr("Check free space and permissions."));
        }
        qint64 size = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), static_cast<size_t>(buffer.size()));
            if (n < 0)
                return bad(
                    name,
                    ShardTar::tr("reading its content: %1").arg(QString::fromUtf8(archive_error_string(a.get()))));
            if (n == 0)
                break;
            if (size == 0 && tsm &&
                (n < 5 || qFromBigEndian<quint32>(buffer.constData()) != kTsmMagic || buffer[4] != 1))
                return bad(name, ShardTar::tr("does not start with the TSM magic and version 1"));
            size += n;
            if (out && out->write(buffer.constData(), n) != n)
                return makeError(ErrorCode::Io,
                                 ShardTar::tr("Cannot write '%1': %2").arg(out->fileName(), out->errorString()),
                                 ShardTar::tr("Check free space and permissions."));
        }
        if (size == 0 && tsm)
            return bad(name, ShardTar::tr("is empty"));
        if (out && (!out->flush() || ::fsync(out->handle()) != 0))
            return makeError(ErrorCode::Io,
                             ShardTar::tr("Cannot sync '%1': %2").arg(out->fileName(), out->errorString()));
        summary.files << file;
        summary.modified << static_cast<qint64>(archive_entry_mtime(entry));
        summary.sizes << size;
        summary.bytes += size;
    }
    return summary;
}

} // namespace

Result<ShardTar::Summary> ShardTar::inspect(const QString &path, quint64 id, const QString &source)
{
    return walk(path, id, source, {});
}

Result<ShardTar::Summary> ShardTar::extract(const QString &path, quint64 id, const QString &source,
                                            const QString &dataDir)
{
    return walk(path, id, source, dataDir);
}

} // namespace tidemark
