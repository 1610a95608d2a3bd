#pragma once

#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QString>
#include <QUuid>

#include <vector>

/// Backups from the past for the catalog and retention tests and screenshots: a real node stamps
/// each link with the time it is taken, so chains of last month or last year are written here as
/// a node wrote its links before streaming (format 1: the manifest with every checksum first, then
/// `meta` and `shards/1`), with the times and the node (`nodeId`, `clusterUrl`) given. Catalog,
/// BackupChain, verify and prune read them as any chain.
struct PastChain {
    quint64 nodeId = 1;
    QString clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    std::vector<QDateTime> times; ///< The full's, then each incremental's (UTC).
    qsizetype shardBytes = 64 * 1024;
    bool zstd = false;
    /// Writes `shards/1`'s checksum wrong in the full, so that verify fails on it (the catalog
    /// still reads its times).
    bool wrongChecksum = false;

    /// Writes the chain at `path` (`path`, `path.0`, …); false with `error` set on failure.
    [[nodiscard]] bool write(const QString &path, QString *error) const
    {
        const QString chainId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        for (size_t i = 0; i < times.size(); ++i) {
            const quint64 index = 10 * (i + 1);
            const QByteArray meta = "meta at " + QByteArray::number(index);
            // Bytes that do not compress, as a shard's mostly do not (a linear congruential sequence).
            QByteArray shard(shardBytes, Qt::Uninitialized);
            quint64 state = index * 0x9E3779B97F4A7C15ULL + nodeId;
            for (qsizetype b = 0; b < shard.size(); ++b) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                shard[b] = static_cast<char>(state >> 56);
            }
            tidemark::Manifest m;
            m.format = tidemark::Manifest::kFormatChecksumsFirst;
            m.nodeId = nodeId;
            m.clusterUrl = clusterUrl;
            m.created = times[i].toUTC();
            m.chainId = chainId;
            m.incremental = i > 0;
            m.index = index;
            const QString shardChecksum = wrongChecksum && i == 0 ? tidemark::Checksum::of(QByteArray("not the shard"))
                                                                  : tidemark::Checksum::of(shard);
            m.files = {tidemark::ManifestFile{QStringLiteral("meta"), meta.size(), index, tidemark::Checksum::of(meta)},
                       tidemark::ManifestFile{QStringLiteral("shards/1"), shard.size(), index, shardChecksum}};
            const QString file = i == 0 ? path : path + QLatin1Char('.') + QString::number(i - 1);
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly)) {
                *error = out.errorString();
                return false;
            }
            tidemark::ArchiveWriter writer(
                [&](const char *data, qsizetype size) { return out.write(data, size) == size; },
                zstd ? tidemark::ArchiveWriter::Compression::Zstd : tidemark::ArchiveWriter::Compression::None);
            writer.setModificationTime(m.created.toSecsSinceEpoch());
            if (!writer.open() || !writer.addData(QStringLiteral("manifest"), m.toJson()) ||
                !writer.addData(QStringLiteral("meta"), meta) || !writer.addData(QStringLiteral("shards/1"), shard) ||
                !writer.finish()) {
                *error = writer.error().toString();
                return false;
            }
        }
        return true;
    }
};
