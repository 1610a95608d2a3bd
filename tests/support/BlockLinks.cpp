#include "BlockLinks.h"

#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"

#include <QFile>
#include <QSaveFile>
#include <QTemporaryDir>

using namespace tidemark;

QByteArray BlockLinks::diff(const QByteArray &before, const QByteArray &after, qint32 blockSize)
{
    QByteArray patch;
    BlockPatchEncoder encoder(blockSize, after.size(), [&](const char *d, qsizetype n) {
        patch.append(d, n);
        return true;
    });
    for (qint64 offset = 0; offset < after.size(); offset += blockSize) {
        const qsizetype n = std::min<qsizetype>(blockSize, after.size() - offset);
        const bool same = offset + n <= before.size() && blockpatch::blockHash(before.constData() + offset, n) ==
                                                             blockpatch::blockHash(after.constData() + offset, n);
        if (!same && !encoder.addBlock(static_cast<quint64>(offset / blockSize), after.constData() + offset, n))
            return {};
    }
    return encoder.finish() ? patch : QByteArray();
}

Status BlockLinks::append(const QString &chainPath, const std::vector<File> &files, qint32 blockSize)
{
    auto chain = BackupChain::open(chainPath);
    if (!chain)
        return chain.error();
    if (chain->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no chain at %1").arg(chainPath));
    auto steps = chain->steps(chain->nextNumber() - 1);
    if (!steps)
        return steps.error();
    QTemporaryDir scratch;
    Manifest head;
    head.format = Manifest::kFormatBlockLinks;
    head.nodeId = chain->links().back().manifest.nodeId;
    head.clusterUrl = chain->links().back().manifest.clusterUrl;
    head.created = QDateTime::currentDateTimeUtc();
    head.chainId = chain->links().front().manifest.chainId;
    head.incremental = true;
    std::vector<QByteArray> contents; // The entries' bytes (test files are small).
    Manifest final = head;
    for (const File &f : files) {
        QFile in(f.path);
        if (!in.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(f.path));
        const QByteArray after = in.readAll();
        head.index = std::max(head.index, f.index);
        if (f.whole) {
            head.files.push_back({f.name, after.size(), f.index, {}});
            final.files.push_back({f.name, after.size(), f.index, Checksum::of(after)});
            contents.push_back(after);
            continue;
        }
        const auto it = steps->find(f.name);
        if (it == steps->end())
            return makeError(ErrorCode::NotFound, QStringLiteral("the chain has no %1").arg(f.name));
        const QString basePath = scratch.filePath(QStringLiteral("base"));
        if (Status s = FileRebuild::write(chain.value(), it->second, basePath); !s)
            return s;
        QFile baseFile(basePath);
        if (!baseFile.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the base"));
        const QByteArray before = baseFile.readAll();
        const QByteArray patch = diff(before, after, blockSize);
        if (patch.isEmpty())
            return makeError(ErrorCode::Failure, QStringLiteral("the encoder refused the blocks"));
        ManifestFile listed{f.name, ManifestFile::kUnknownSize, f.index, {}};
        // The base's checksum as rebuilt: a step from a format-2 head carries none.
        listed.blocks = BlockLink{blockSize, Checksum::of(before), -1, {}};
        head.files.push_back(listed);
        ManifestFile done{f.name, patch.size(), f.index, Checksum::of(patch)};
        done.blocks = BlockLink{blockSize, listed.blocks.base, after.size(), Checksum::of(after)};
        final.files.push_back(done);
        contents.push_back(patch);
    }
    head.sortFiles();
    final.sortFiles();
    final.index = head.index;
    QSaveFile out(chain->nextPath());
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1").arg(chain->nextPath()));
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), head.toJson());
    for (const ManifestFile &f : final.files) {
        // Archive order; the contents were collected in the order given.
        for (size_t i = 0; ok && i < files.size(); ++i) {
            if (files[i].name == f.name)
                ok = writer.addData(f.name, contents[i]);
        }
    }
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) && writer.finish();
    if (!ok)
        return writer.error();
    if (!out.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot commit %1").arg(chain->nextPath()));
    return {};
}
